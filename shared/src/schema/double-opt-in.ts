import { z } from 'zod';

/** The channels whose new consents may need confirming: an address the contact could have been signed up with by someone else. */
export const DOUBLE_OPT_IN_CHANNELS = ['email', 'sms'] as const;
export const DoubleOptInChannel = z.enum(DOUBLE_OPT_IN_CHANNELS);
export type DoubleOptInChannel = z.infer<typeof DoubleOptInChannel>;
export const isDoubleOptInChannel = (channel: string): channel is DoubleOptInChannel => (DOUBLE_OPT_IN_CHANNELS as readonly string[]).includes(channel);

/** A word a contact replies by text message: letters only (accents allowed), compared without case or accents. */
const Keyword = z
  .string()
  .trim()
  .regex(/^\p{L}{1,20}$/u, 'a keyword is one word of letters');

/**
 * Double opt-in, per channel: with it on, a consent given by a form, the API or an import stays pending until the
 * contact confirms it (a link in an email, a keyword replied by text message). `linkTtlDays`: how long the email's
 * link confirms.
 */
export const DoubleOptInSettings = z
  .object({
    email: z.boolean(),
    sms: z.boolean(),
    smsKeywords: z
      .object({
        confirm: z.array(Keyword).min(1).max(10),
        stop: z.array(Keyword).min(1).max(10),
      })
      .strict(),
    linkTtlDays: z.number().int().min(1).max(30),
  })
  .strict();
export type DoubleOptInSettings = z.infer<typeof DoubleOptInSettings>;

/** Off on every channel until an operator turns it on; OUI/YES confirm, STOP/ARRET withdraw. */
export const DEFAULT_DOUBLE_OPT_IN: DoubleOptInSettings = {
  email: false,
  sms: false,
  smsKeywords: { confirm: ['OUI', 'YES'], stop: ['STOP', 'ARRET'] },
  linkTtlDays: 7,
};

/** Upper case, accents removed: "oui", "Oui " and "OUÍ" read alike. */
const folded = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').trim().toUpperCase();

/**
 * What a text message reply says: `confirm` or `stop` when its first word is one of the keywords (a trailing
 * "!" or "." aside), otherwise nothing (the reply is not an answer to the confirmation).
 */
export function replyIntent(text: string, keywords: DoubleOptInSettings['smsKeywords']): 'confirm' | 'stop' | undefined {
  const first = folded(text).split(/\s+/)[0]?.replace(/[.!?,;:]+$/, '') ?? '';
  if (first === '') return undefined;
  if (keywords.stop.some((k) => folded(k) === first)) return 'stop';
  if (keywords.confirm.some((k) => folded(k) === first)) return 'confirm';
  return undefined;
}

/**
 * The consents of a change that must wait for the contact's confirmation: those it gives on a channel with double
 * opt-in on, where the contact has not consented yet (a consent already given needs no confirming again).
 */
export function heldForConfirmation(
  settings: Pick<DoubleOptInSettings, DoubleOptInChannel>,
  current: Partial<Record<string, boolean>>,
  given: Partial<Record<string, boolean | undefined>>,
): DoubleOptInChannel[] {
  return DOUBLE_OPT_IN_CHANNELS.filter((channel) => settings[channel] && given[channel] === true && current[channel] !== true);
}
