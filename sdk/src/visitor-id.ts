/**
 * The anonymous id of the visitor, in a first-party cookie of the site: written only once the visitor consented,
 * removed when they withdraw. 13 months, the longest the CNIL accepts for an audience cookie.
 */
const COOKIE = 'parcours_id';
const MAX_AGE_SECONDS = 395 * 24 * 3600;

export function readVisitorId(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === COOKIE && value) return decodeURIComponent(value);
  }
  return undefined;
}

/** A new random id (128 bits, hex): `crypto.randomUUID` needs a secure context, `getRandomValues` does not. */
export function newVisitorId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const attributes = (maxAge: number) => `; Path=/; Max-Age=${maxAge}; SameSite=Lax${location.protocol === 'https:' ? '; Secure' : ''}`;

export function writeVisitorId(id: string): void {
  document.cookie = `${COOKIE}=${encodeURIComponent(id)}${attributes(MAX_AGE_SECONDS)}`;
}

export function removeVisitorId(): void {
  document.cookie = `${COOKIE}=${attributes(0)}`;
}
