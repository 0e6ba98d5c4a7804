import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Scripted answers: the nth request gets the nth reply ('hang' never answers); the last one repeats. */
export type Reply = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

export interface TestHttpServer {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** TCP connections accepted: proof that a refused destination was never contacted. */
  connections: number;
  close(): Promise<void>;
}

/** A real HTTP server on a loopback address, port chosen by the system. */
export async function startHttpServer(replies: Reply[], host = '127.0.0.1'): Promise<TestHttpServer> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const reply = replies[Math.min(requests.length, replies.length) - 1];
      if (reply === 'hang') return;
      res.writeHead(reply.status, reply.headers).end(reply.body ?? '');
    });
  });
  const state = { connections: 0 };
  server.on('connection', () => (state.connections += 1));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    requests,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** False when the sink answered the try with an error code. */
  accepted: boolean;
}

export interface SmtpSink {
  port: number;
  /** Every message received (DATA), accepted or not, in order. */
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1. `reject(n)` may refuse the nth try with an SMTP code (451 temporary, 550
 * permanent). STARTTLS is off: the sink has no trusted certificate.
 */
export async function startSmtpSink(reject: (tryNumber: number) => number | undefined = () => undefined): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    // The server under test keeps its pooled connections open; closing the sink ends them after a moment.
    closeTimeout: 100,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const code = reject(mails.length + 1);
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          accepted: !code,
        });
        if (!code) return callback();
        callback(Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: code }));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface GatedHttpServer {
  url: string;
  requests: ReceivedRequest[];
  /** Requests received and not answered yet. */
  readonly open: number;
  /** The most requests it ever held open at once. */
  readonly maxOpen: number;
  /** Answers the requests held now with 200; later ones are held too. */
  releaseHeld(): void;
  /** Answers the requests held now with 200, and every later one at once. */
  openUp(): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that holds every request open until the test releases it: a slow or hung
 * destination whose effect on the others a test can observe without timing anything.
 */
export async function startGatedHttpServer(): Promise<GatedHttpServer> {
  const requests: ReceivedRequest[] = [];
  const held = new Set<http.ServerResponse>();
  const state = { holding: true, maxOpen: 0 };
  const answer = (res: http.ServerResponse) => {
    held.delete(res);
    res.writeHead(200).end('{}');
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (!state.holding) return void res.writeHead(200).end('{}');
      held.add(res);
      state.maxOpen = Math.max(state.maxOpen, held.size);
      // A client that gave up (or died) no longer counts as open.
      res.on('close', () => held.delete(res));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get open() {
      return held.size;
    },
    get maxOpen() {
      return state.maxOpen;
    },
    releaseHeld: () => [...held].forEach(answer),
    openUp: () => {
      state.holding = false;
      [...held].forEach(answer);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Waits for something a server or the dispatcher does (polling; the test's own timeout bounds it). */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
