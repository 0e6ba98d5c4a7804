import nodemailer from 'nodemailer';
import type { Role } from '@parcours/shared';
import type { SmtpConfig } from '../channels/email.ts';

/** A message to a person of the team (a password reset, an invitation), not to a contact: no unsubscribe link, no tracking. */
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

/** The roles as the web app names them in each language. */
const ROLE_NAMES: Record<'en' | 'fr', Record<Role, string>> = {
  en: { viewer: 'viewer', editor: 'editor', publisher: 'publisher', admin: 'admin' },
  fr: { viewer: 'lecteur', editor: 'éditeur', publisher: 'publieur', admin: 'admin' },
};

/**
 * The invitation, in English and French (the workspace has no language of its own): who invites, with which role,
 * and the link that lets the person choose their name and password, once, within `days` days.
 */
export const invitationMessage = (invitation: { email: string; role: Role; invitedBy: string | null }, link: string, days: number): AccountMessage => {
  const by = invitation.invitedBy ?? 'Parcours';
  return {
    to: invitation.email,
    subject: 'Parcours: you are invited / vous êtes invité·e',
    text: [
      `${by} invites you to Parcours as ${ROLE_NAMES.en[invitation.role]}. This link lets you choose your name and password, once, within ${days} days:`,
      link,
      'If you did not expect this invitation, ignore this message: no account is made without you.',
      '',
      `${by} vous invite à rejoindre Parcours comme ${ROLE_NAMES.fr[invitation.role]}. Ce lien vous permet de choisir votre nom et votre mot de passe, une seule fois, dans les ${days} jours :`,
      link,
      'Si vous n’attendiez pas cette invitation, ignorez ce message : aucun compte n’est créé sans vous.',
    ].join('\n'),
  };
};
