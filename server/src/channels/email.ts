import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import type { DeliveryResult, EmailMessage, Transport } from './types.ts';

/** Either a connection URL ("smtps://user:pass@smtp.example.com", nodemailer's form) or its parts. */
export interface SmtpConfig {
  url?: string;
  host?: string;
  port?: number;
  secure?: boolean;
  user?: string;
  pass?: string;
}

export interface EmailTransportOptions {
  smtp: SmtpConfig;
  /** The From header, e.g. "Parcours <news@example.com>". */
  from: string;
  /** SMTP connections kept open and reused: as many as the dispatcher sends emails at once. */
  connections: number;
}

/** The domain of the From address, which Message-IDs are made under. */
export function senderDomain(from: string): string {
  const [first] = addressparser(from, { flatten: true });
  const domain = first?.address?.split('@')[1];
  if (!domain) throw new Error(`"${from}" is not a sender address such as "Parcours <news@example.com>"`);
  return domain;
}

/** The same message gets the same Message-ID on every retry, so the receiving side can tell it is a repeat. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;
}

/**
 * An SMTP reply says itself whether to try again: 4xx yes, 5xx no. Without a reply, a refused login or a message
 * nodemailer could not build will not change, while connection trouble may. A 5xx reply to anything but our login
 * is a hard bounce: the server refused this recipient or this message for good.
 */
function judgeSmtpError(error: unknown): DeliveryResult {
  const { responseCode, code, response, message } = error as { responseCode?: number; code?: string; response?: string; message?: string };
  const detail = response ?? message ?? String(error);
  const permanent = responseCode !== undefined ? responseCode >= 500 : code === 'EAUTH' || code === 'EENVELOPE' || code === 'EMESSAGE';
  const bounce = responseCode !== undefined && responseCode >= 500 && code !== 'EAUTH';
  return { status: permanent ? 'failed' : 'retry', detail: code ? `${code}: ${detail}` : detail, ...(bounce ? { bounce: 'hard' as const } : {}) };
}

/**
 * Email over SMTP with nodemailer. Every message carries the one-click unsubscribe headers of RFC 8058
 * (List-Unsubscribe with the signed HTTPS link, List-Unsubscribe-Post) and a Message-ID derived from its
 * idempotency key.
 */
export function createEmailTransport(options: EmailTransportOptions): Transport<EmailMessage> {
  const { url, host, port, secure, user, pass } = options.smtp;
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
  // Pooled: a connection (TCP, TLS, greeting, login) serves message after message instead of one each.
  const pool = { pool: true, maxConnections: options.connections, ...timeouts } as const;
  const transporter = nodemailer.createTransport(url ? { url, ...pool } : { host, port, secure, auth: user ? { user, pass } : undefined, ...pool });
  const domain = senderDomain(options.from);
  return {
    mode: 'smtp',
    send: async (message) => {
      try {
        const info = await transporter.sendMail({
          from: options.from,
          to: message.recipient.email,
          subject: message.content.subject,
          html: message.content.html,
          text: message.content.text,
          messageId: messageIdFor(message.idempotencyKey, domain),
          list: { unsubscribe: message.unsubscribeUrl },
          headers: {
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            'X-Parcours-Idempotency-Key': message.idempotencyKey,
          },
        });
        return { status: 'sent', detail: info.response, providerId: info.messageId };
      } catch (error) {
        return judgeSmtpError(error);
      }
    },
    close: () => transporter.close(),
  };
}
