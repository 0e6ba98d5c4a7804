import { z } from 'zod';
import type { OnsiteRequest } from '../engine/types.ts';
import { Duration, Identifier } from '../schema/primitives.ts';
import { parseDuration } from '../time/duration.ts';
import { define, Once, OnCap } from './define.ts';

/** How a placement's content is written and shown: escaped HTML, plain text, or JSON for the site's own code. */
export const ONSITE_FORMATS = ['html', 'text', 'json'] as const;
export type OnsiteFormat = (typeof ONSITE_FORMATS)[number];

/** The key `once`, caps and the outbox remember an on-site item by: its node (":" never occurs in a template id). */
export const onsiteKey = (node: string) => `onsite:${node}`;

export const OnsiteConfig = z
  .object({
    placement: Identifier.meta({ title: 'Placement', description: 'Where on the site: the page marks it data-parcours-placement="home-hero"' }),
    format: z.enum(ONSITE_FORMATS).default('html').meta({ title: 'Format', description: 'HTML (variables escaped, as in emails), plain text, or JSON for the site\'s own code' }),
    content: z.string().min(1).max(20_000).meta({ title: 'Content', description: 'Liquid over contact and event, e.g. <a href="/offer">{{ contact.firstName | default: "You" }}, 10% off</a>' }),
    priority: z.number().int().min(-1000).max(1000).default(0).meta({ title: 'Priority', description: 'The placement shows the eligible item of highest priority (then the newest)' }),
    expires: Duration.default('7d').meta({ title: 'Shown for', description: 'How long the item stays in the placement, e.g. 3d' }),
    maxImpressionsPerDay: z.number().int().min(1).max(1000).optional().meta({ title: 'Impressions per day at most', description: 'Past this, the item rests until the next day (UTC)' }),
    onCap: OnCap,
    once: Once,
  })
  .strict();
export type OnsiteConfig = z.infer<typeof OnsiteConfig>;

/** What an on-site node puts in its placement when a contact reaches it at `at`. */
export function onsiteRequestOf(config: OnsiteConfig, at: number): OnsiteRequest {
  const { placement, format, content, priority, expires, maxImpressionsPerDay } = config;
  return { placement, format, content, priority, expiresAt: at + parseDuration(expires), ...(maxImpressionsPerDay ? { maxImpressionsPerDay } : {}) };
}

export const ONSITE_NODES = [
  define('action.onsite', OnsiteConfig, {
    family: 'action',
    title: 'On-site content',
    description: "Puts an item in a placement of the website for this contact, shown by the snippet while it lasts.",
    machine: 'send',
    channel: 'onsite',
    outputs: ['next'],
    starter: () => ({ placement: 'home-hero', format: 'html', content: '<p>{{ contact.firstName | default: "Welcome" }}</p>', priority: 0, expires: '7d', onCap: 'skip', once: false }),
    // Consent (`onsite`: personalisation), caps on the channel and `once` hold it back like any send; quiet hours do
    // not: a visitor on the site is there by choice (decideSend).
    behaviour: (run, node, seq) => {
      const { placement, once, onCap } = node.config;
      const onsite = onsiteRequestOf(node.config, run.now);
      run.sendUnderPressure(node, seq, { channel: 'onsite', template: onsiteKey(node.id), once, onCap, onsite, reason: `placement ${placement}` });
    },
  }),
] as const;
