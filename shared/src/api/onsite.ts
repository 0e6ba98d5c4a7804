import { z } from 'zod';
import { ONSITE_FORMATS } from '../nodes/onsite.ts';
import { ExternalName, Identifier, type Json } from '../schema/primitives.ts';

/**
 * The on-site API (issue 18): site keys, what the browser snippet sends (`/api/collect`) and what it asks
 * (`/api/decide`). Shared by the server (validation, OpenAPI document), its tests and the web app.
 */

const Timestamp = z.iso.datetime({ offset: true });
/** Bodies arrive as parsed JSON, so any value is JSON already (and a recursive schema would not go into OpenAPI). */
const AnyJson = z.any().meta({ description: 'any JSON value' }) as z.ZodType<Json>;
const Properties = z.record(z.string(), AnyJson);

/** An origin as a browser sends it in `Origin`: scheme, host and port, nothing else. */
export const SiteOrigin = z
  .string()
  .max(200)
  .refine((text) => {
    try {
      const url = new URL(text);
      return /^https?:$/.test(url.protocol) && url.origin === text;
    } catch {
      return false;
    }
  }, 'must be an origin such as https://shop.example.com (scheme and host, an optional port, no path nor trailing slash)');

export const SITE_KEY_DEFAULTS = { visitorPerMinute: 120, keyPerSecond: 2000 } as const;

export const NewSiteKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    origins: z.array(SiteOrigin).min(1).max(50),
    visitorPerMinute: z.number().int().min(1).max(100_000).default(SITE_KEY_DEFAULTS.visitorPerMinute),
    keyPerSecond: z.number().int().min(1).max(1_000_000).default(SITE_KEY_DEFAULTS.keyPerSecond),
  })
  .strict()
  .meta({ id: 'NewSiteKey' });
export type NewSiteKey = z.infer<typeof NewSiteKeySchema>;

export const SiteKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    key: z.string().meta({ description: 'public by design: it goes in the pages of the site' }),
    origins: z.array(z.string()),
    visitorPerMinute: z.number().int(),
    keyPerSecond: z.number().int(),
    createdAt: Timestamp,
  })
  .meta({ id: 'SiteKey' });
export type SiteKeyInfo = z.infer<typeof SiteKeySchema>;
export const SiteKeyListSchema = z.object({ items: z.array(SiteKeySchema) });

/** A placement name, as marked in the page: `data-parcours-placement="home-hero"`. */
export const PlacementName = Identifier;

const Utm = z.object({ source: z.string().max(200), medium: z.string().max(200), campaign: z.string().max(200), term: z.string().max(200), content: z.string().max(200) }).partial().strict();

/** One thing the snippet reports about the visitor; `at` is when it happened in the browser. */
export const SiteItemSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('page'),
      url: z.string().max(2000),
      title: z.string().max(500).optional(),
      referrer: z.string().max(2000).optional(),
      utm: Utm.optional(),
      /** What the site knows of the page: `{"category": "product", "product": "sku-1", "price": 120}`. */
      properties: Properties.default({}),
      at: Timestamp.optional(),
    })
    .strict(),
  z.object({ type: z.literal('track'), event: ExternalName, properties: Properties.default({}), at: Timestamp.optional() }).strict(),
  z.object({ type: z.literal('identify'), userId: ExternalName, traits: Properties.default({}), at: Timestamp.optional() }).strict(),
  z.object({ type: z.literal('consent'), personalisation: z.boolean(), at: Timestamp.optional() }).strict(),
  /** The snippet showed `item` (an id `/api/decide` answered) in `placement`, or the visitor clicked it. */
  z.object({ type: z.literal('impression'), placement: PlacementName, item: z.number().int().positive(), at: Timestamp.optional() }).strict(),
  z.object({ type: z.literal('click'), placement: PlacementName, item: z.number().int().positive(), at: Timestamp.optional() }).strict(),
]);
export type SiteItem = z.infer<typeof SiteItemSchema>;

export const CollectSchema = z
  .object({ anonymousId: ExternalName, batch: z.array(SiteItemSchema).min(1).max(100) })
  .strict()
  .meta({ id: 'Collect' });
export type CollectBody = z.infer<typeof CollectSchema>;

export const DecideSchema = z
  .object({ anonymousId: ExternalName, placements: z.array(PlacementName).min(1).max(20) })
  .strict()
  .meta({ id: 'Decide' });


/** The item a placement shows: HTML already escaped by the server, text for `textContent`, or JSON for the site's own code. */
export const DecidedItemSchema = z
  .object({ id: z.number().int(), placement: z.string(), format: z.enum(ONSITE_FORMATS), content: AnyJson })
  .meta({ id: 'DecidedItem' });
export type DecidedItem = z.infer<typeof DecidedItemSchema>;
export const DecisionSchema = z.object({ placements: z.record(z.string(), DecidedItemSchema.nullable()) }).meta({ id: 'Decision' });
export type Decision = z.infer<typeof DecisionSchema>;
