/** Just enough MIME reading to check what a real SMTP server received (headers and decoded text parts). */

function decode(body: string, encoding: string | undefined): string {
  switch (encoding?.toLowerCase()) {
    case 'quoted-printable':
      return Buffer.from(
        body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      ).toString('utf8');
    case 'base64':
      return Buffer.from(body, 'base64').toString('utf8');
    default:
      return body;
  }
}

function split(entity: string): { headers: Map<string, string>; body: string } {
  const end = entity.indexOf('\r\n\r\n');
  const head = entity.slice(0, end).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: entity.slice(end + 4) };
}

export interface ParsedMail {
  headers: Map<string, string>;
  /** Decoded bodies by content type ("text/plain", "text/html"), with \n line ends. */
  parts: Map<string, string>;
}

export function parseMail(raw: string): ParsedMail {
  const { headers, body } = split(raw);
  const parts = new Map<string, string>();
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  const entities = boundary ? body.split(`--${boundary}`).slice(1, -1).map((p) => p.replace(/^\r\n/, '')) : [raw];
  for (const entity of entities) {
    const part = split(entity);
    const type = (part.headers.get('content-type') ?? 'text/plain').split(';')[0].trim();
    const decoded = decode(part.body.replace(/\r\n$/, ''), part.headers.get('content-transfer-encoding'));
    parts.set(type, decoded.replace(/\r\n/g, '\n'));
  }
  return { headers, parts };
}
