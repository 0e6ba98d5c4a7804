import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../channels/email.ts';

/** A message to a person of the team (a password reset), not to a contact: no unsubscribe link, no tracking. */
export interface AccountMessage {
  to: string;
  subject: string;
  text: string;
}

export type AccountMailer = (message: AccountMessage) => Promise<void>;

/** Sandbox mode: the message goes to the server log, where whoever runs the server reads the link. */
export const logMailer =
  (log: (line: string) => void = console.log): AccountMailer =>
  async ({ to, subject, text }) =>
    log(`account mail to ${to}: ${subject}\n${text}`);

/** Through the SMTP server the email channel is configured with. */
export function smtpMailer(smtp: SmtpConfig, from: string): AccountMailer {
  const { url, host, port, secure, user, pass } = smtp;
  const transporter = nodemailer.createTransport(url ? { url } : { host, port, secure, auth: user ? { user, pass } : undefined });
  return async ({ to, subject, text }) => {
    await transporter.sendMail({ from, to, subject, text });
  };
}

/** The reset message, in English and French: the server does not know which one the person reads. */
export const resetMessage = (to: string, link: string): AccountMessage => ({
  to,
  subject: 'Parcours: choose a new password / choisir un nouveau mot de passe',
  text: [
    `Someone asked to reset the Parcours password of ${to}. This link lets you choose a new one, once, within an hour:`,
    link,
    'If you did not ask, ignore this message: your password stays as it is.',
    '',
    `Quelqu’un a demandé à réinitialiser le mot de passe Parcours de ${to}. Ce lien vous permet d’en choisir un nouveau, une seule fois, dans l’heure :`,
    link,
    'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.',
  ].join('\n'),
});
