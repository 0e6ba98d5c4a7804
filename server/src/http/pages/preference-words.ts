import type { FrequencyChoice, MessageChannel } from '@parcours/shared';

/** The preference centre's words, in English (the reference) and French; the contact picks by Accept-Language or the switch. */
const en = {
  title: 'Your preferences',
  intro: 'Choose what we send you, on which channel, and how often.',
  languageSwitch: 'Language',
  topicsLegend: 'Topics',
  topicsHint: 'Untick what you no longer want to receive.',
  channelsLegend: 'Channels',
  channelsHint: 'Untick a channel to receive nothing from us on it.',
  frequencyLegend: 'How often',
  save: 'Save my preferences',
  saved: 'Your preferences are saved.',
  unchanged: 'Nothing changed: your preferences are as they were.',
  noTopics: 'There are no topics to choose from yet.',
  channel: { email: 'By email', sms: 'By text message', push: 'By push notification' } satisfies Record<MessageChannel, string>,
  channelName: { email: 'Emails', sms: 'Text messages', push: 'Push notifications' } satisfies Record<MessageChannel, string>,
  frequency: {
    any: 'As often as there is news',
    daily: 'At most one message a day',
    weekly: 'At most one message a week',
    monthly: 'At most one message a month',
  } satisfies Record<FrequencyChoice, string>,
  invalidTitle: 'Link not valid',
  malformed: 'This link is incomplete. Copy the whole link from the message, or use the link of a more recent message.',
  bad_signature: 'This link is not valid. Use the link of a more recent message.',
  expired: 'This link has expired. Use the link of a more recent message.',
  goneTitle: 'Nothing to manage',
  gone: 'We no longer hold any data about you.',
  badFormTitle: 'Choices not understood',
  badForm: 'Some choices were not understood: nothing was changed. Open the page again and choose again.',
};

export type PreferenceWords = typeof en;

const fr: PreferenceWords = {
  title: 'Vos préférences',
  intro: 'Choisissez ce que nous vous envoyons, sur quel canal et à quelle fréquence.',
  languageSwitch: 'Langue',
  topicsLegend: 'Thèmes',
  topicsHint: 'Décochez ce que vous ne souhaitez plus recevoir.',
  channelsLegend: 'Canaux',
  channelsHint: 'Décochez un canal pour ne plus rien recevoir de notre part par ce canal.',
  frequencyLegend: 'À quelle fréquence',
  save: 'Enregistrer mes préférences',
  saved: 'Vos préférences sont enregistrées.',
  unchanged: 'Rien n’a changé\u00a0: vos préférences sont restées les mêmes.',
  noTopics: 'Il n’y a pas encore de thème à choisir.',
  channel: { email: 'Par e-mail', sms: 'Par SMS', push: 'Par notification' },
  channelName: { email: 'E-mails', sms: 'SMS', push: 'Notifications' },
  frequency: {
    any: 'Dès qu’il y a du nouveau',
    daily: 'Au plus un message par jour',
    weekly: 'Au plus un message par semaine',
    monthly: 'Au plus un message par mois',
  },
  invalidTitle: 'Lien non valide',
  malformed: 'Ce lien est incomplet. Copiez le lien entier depuis le message, ou utilisez le lien d’un message plus récent.',
  bad_signature: 'Ce lien n’est pas valide. Utilisez le lien d’un message plus récent.',
  expired: 'Ce lien a expiré. Utilisez le lien d’un message plus récent.',
  goneTitle: 'Plus rien à gérer',
  gone: 'Nous ne détenons plus aucune donnée vous concernant.',
  badFormTitle: 'Choix non compris',
  badForm: 'Certains choix n’ont pas été compris\u00a0: rien n’a été modifié. Rouvrez la page et choisissez de nouveau.',
};

export const PAGE_LANGUAGES = ['en', 'fr'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

export const PREFERENCE_WORDS: Record<PageLanguage, PreferenceWords> = { en, fr };

/** Each language's name in itself, for the switch. */
export const LANGUAGE_NAMES: Record<PageLanguage, string> = { en: 'English', fr: 'Français' };
