import { createHash, randomBytes } from 'node:crypto';

/** A fresh random secret for a cookie or a one-time link (256 bits). */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** What is stored of a secret: its SHA-256, enough for long random strings, so a leaked database holds no usable one. */
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');
