import type { Json } from '@parcours/shared';

/** What double opt-in says to contacts, in English (the reference) and French. */
const en = {
  emailSubject: 'Please confirm your subscription',
  emailIntro: 'You asked to receive our emails. To confirm, follow this link:',
  emailIgnore: 'If you did not ask, ignore this message: you will receive nothing more from us.',
  emailButton: 'Confirm my subscription',
  /** `{keyword}`: the first confirmation keyword. */
  sms: 'Reply {keyword} to confirm that you want our text messages. Reply STOP to refuse.',
  pageTitle: 'Confirm your subscription',
  pageIntro: 'Press the button to confirm that you want our messages.',
  pageConfirm: 'Confirm',
  confirmedTitle: 'Subscription confirmed',
  confirmed: 'Thank you: your subscription is confirmed.',
  alreadyConfirmed: 'Your subscription was already confirmed.',
  withdrawnTitle: 'Nothing to confirm',
  withdrawn: 'This request was withdrawn: nothing was confirmed. Sign up again to receive our messages.',
  invalidTitle: 'Link not valid',
  malformed: 'This link is incomplete. Copy the whole link from the message.',
  bad_signature: 'This link is not valid: nothing was confirmed.',
  expired: 'This link has expired: nothing was confirmed. Sign up again to receive a new link.',
  goneTitle: 'Nothing to confirm',
  gone: 'We no longer hold any data about you.',
};

export type OptInWords = typeof en;

const fr: OptInWords = {
  emailSubject: 'Merci de confirmer votre inscription',
  emailIntro: 'Vous avez demandé à recevoir nos e-mails. Pour confirmer, suivez ce lien\u00a0:',
  emailIgnore: 'Si vous n’avez rien demandé, ignorez ce message\u00a0: vous ne recevrez plus rien de notre part.',
  emailButton: 'Confirmer mon inscription',
  sms: 'Répondez {keyword} pour confirmer que vous souhaitez recevoir nos SMS. Répondez STOP pour refuser.',
  pageTitle: 'Confirmez votre inscription',
  pageIntro: 'Appuyez sur le bouton pour confirmer que vous souhaitez recevoir nos messages.',
  pageConfirm: 'Confirmer',
  confirmedTitle: 'Inscription confirmée',
  confirmed: 'Merci\u00a0: votre inscription est confirmée.',
  alreadyConfirmed: 'Votre inscription était déjà confirmée.',
  withdrawnTitle: 'Rien à confirmer',
  withdrawn: 'Cette demande a été retirée\u00a0: rien n’a été confirmé. Inscrivez-vous de nouveau pour recevoir nos messages.',
  invalidTitle: 'Lien non valide',
  malformed: 'Ce lien est incomplet. Copiez le lien entier depuis le message.',
  bad_signature: 'Ce lien n’est pas valide\u00a0: rien n’a été confirmé.',
  expired: 'Ce lien a expiré\u00a0: rien n’a été confirmé. Inscrivez-vous de nouveau pour recevoir un nouveau lien.',
  goneTitle: 'Rien à confirmer',
  gone: 'Nous ne détenons plus aucune donnée vous concernant.',
};

export const OPT_IN_WORDS = { en, fr } as const;

/** The contact's language for its confirmation message: its `locale` (or `language`) attribute when French, else English. */
export function contactLanguage(attributes: Record<string, Json>): 'en' | 'fr' {
  const value = attributes.locale ?? attributes.language;
  return typeof value === 'string' && /^fr\b/i.test(value.trim()) ? 'fr' : 'en';
}
