import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import busboy from 'busboy';
import { ApiError } from './errors.ts';

/** A multipart upload as far as its file: the text fields sent before it, and the file as a stream. */
export interface Upload {
  fields: Record<string, string>;
  file: Readable;
  fileName: string | null;
}

/**
 * Reads a multipart/form-data body (busboy, streaming) up to its `file` part, so that a large file is
 * never held whole: the fields that come before the file (the mapping, the options) are read first,
 * and the file is handed over as a stream for the caller to consume.
 */
export function readUpload(request: Request): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const type = request.headers.get('content-type') ?? '';
    if (!/^multipart\/form-data/i.test(type)) {
      reject(new ApiError(415, 'unsupported_media_type', `send the file as multipart/form-data (fields first, then "file"), not ${type || 'no content type'}`));
      return;
    }
    if (!request.body) {
      reject(new ApiError(400, 'invalid_request', 'the request has no body', [{ path: ['file'], message: 'is required' }]));
      return;
    }
    let parts: busboy.Busboy;
    try {
      parts = busboy({ headers: { 'content-type': type }, limits: { files: 1, fields: 20, fieldSize: 1024 * 1024 } });
    } catch (error) {
      reject(new ApiError(400, 'invalid_request', `the multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    parts.on('field', (name, value) => (fields[name] = value));
    parts.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return;
      }
      resolve({ fields, file: stream, fileName: info.filename ?? null });
    });
    // Settles nothing once the file was handed over.
    parts.on('close', () => reject(new ApiError(400, 'invalid_request', 'the body has no "file" part', [{ path: ['file'], message: 'is required' }])));
    parts.on('error', (error) => reject(new ApiError(400, 'invalid_request', `the multipart body cannot be read: ${(error as Error).message}`)));
    const body = Readable.fromWeb(request.body as NodeWebStream<Uint8Array>);
    // A body that breaks off (or grows past the size limit) fails the file stream too.
    body.on('error', (error) => parts.destroy(error));
    body.pipe(parts);
  });
}
