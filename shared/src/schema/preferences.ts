import { z } from 'zod';
import { Identifier, MESSAGE_CHANNELS, type MessageChannel } from './primitives.ts';

const MessageChannelName = z.enum(MESSAGE_CHANNELS);

/** A subject a contact may opt in to or out of (newsletter, offers, product news), offered on chosen channels. */
export const Topic = z
  .object({
    id: Identifier,
    name: z.string().trim().min(1).max(100).meta({ title: 'Name', description: 'What the preference page shows, e.g. Newsletter' }),
    description: z.string().max(300).optional(),
    channels: z.array(MessageChannelName).min(1).max(MESSAGE_CHANNELS.length),
  })
  .strict();
export type Topic = z.infer<typeof Topic>;

/** The operator's topics, as the settings API takes and stores them: ids unique, channels listed once. */
export const TopicSettings = z
  .object({ topics: z.array(Topic).max(50) })
  .strict()
  .superRefine(({ topics }, ctx) => {
    const seen = new Set<string>();
    topics.forEach((topic, i) => {
      if (seen.has(topic.id)) ctx.addIssue({ code: 'custom', path: ['topics', i, 'id'], message: `topic ${topic.id} is defined twice` });
      seen.add(topic.id);
      if (new Set(topic.channels).size !== topic.channels.length) ctx.addIssue({ code: 'custom', path: ['topics', i, 'channels'], message: 'a channel is listed twice' });
    });
  });
export type TopicSettings = z.infer<typeof TopicSettings>;

/** How often a contact accepts marketing messages, whatever the channel: `any` sets no limit. */
export const FREQUENCY_CHOICES = ['any', 'daily', 'weekly', 'monthly'] as const;
export const FrequencyChoice = z.enum(FREQUENCY_CHOICES);
export type FrequencyChoice = z.infer<typeof FrequencyChoice>;

/** The window of each limiting choice: at most one marketing message within it. */
export const FREQUENCY_WINDOWS: Record<Exclude<FrequencyChoice, 'any'>, string> = { daily: '1d', weekly: '7d', monthly: '30d' };

/**
 * What the contact said about each topic on each channel (`false`: opted out; a channel not mentioned is
 * governed by the channel's consent alone) and how often they accept marketing messages.
 */
export const ContactPreferences = z
  .object({
    topics: z.record(Identifier, z.object({ email: z.boolean().optional(), sms: z.boolean().optional(), push: z.boolean().optional() }).strict()).default({}),
    frequency: FrequencyChoice.default('any'),
  })
  .strict();
export type ContactPreferences = z.infer<typeof ContactPreferences>;

export const NO_PREFERENCES: ContactPreferences = { topics: {}, frequency: 'any' };

/** Whether the contact opted out of `topic` on `channel`. */
export const optedOutOf = (preferences: ContactPreferences | undefined, topic: string, channel: MessageChannel): boolean =>
  preferences?.topics[topic]?.[channel] === false;

/** Preferences naming a topic the settings do not define, or a channel the topic is not offered on, located by path. */
export function preferenceProblems(preferences: ContactPreferences, settings: TopicSettings): Array<{ path: string[]; message: string }> {
  const offered = new Map(settings.topics.map((topic) => [topic.id, topic.channels as readonly string[]]));
  return Object.entries(preferences.topics).flatMap(([topic, channels]) => {
    const on = offered.get(topic);
    if (!on) return [{ path: ['topics', topic], message: `no topic ${topic} in the settings` }];
    return Object.keys(channels)
      .filter((channel) => !on.includes(channel))
      .map((channel) => ({ path: ['topics', topic, channel], message: `topic ${topic} is not offered on ${channel}` }));
  });
}
