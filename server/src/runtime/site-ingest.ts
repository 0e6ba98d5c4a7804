import type { Json, SiteItem } from '@parcours/shared';
import { identify, resolveContact, track, updateContact } from './ingest.ts';
import { countItemHit } from '../store/onsite.ts';
import type { Session } from './session.ts';

/** One item the browser snippet sent for a visitor (`/api/collect`), with the visitor's anonymous id. */
export interface SiteInput {
  anonymousId: string;
  item: SiteItem;
}

/** The event a page view is: the page's own properties, then where it is and where the visitor came from. */
export const PAGE_EVENT = 'page_viewed';
/** The events an on-site item's impressions and clicks are, with its placement, id, scenario and node. */
export const ONSITE_EVENTS = { impression: 'onsite_impression', click: 'onsite_clicked' } as const;

function pageProperties(item: Extract<SiteItem, { type: 'page' }>): Record<string, Json> {
  const properties: Record<string, Json> = { ...item.properties, url: item.url };
  try {
    properties.path = new URL(item.url).pathname;
  } catch {
    // a relative or odd URL: kept as sent, without a path
  }
  if (item.title !== undefined) properties.title = item.title;
  if (item.referrer) properties.referrer = item.referrer;
  for (const [name, value] of Object.entries(item.utm ?? {})) properties[`utm_${name}`] = value;
  return properties;
}

/**
 * Applies what the snippet reports, as the visitor (never as another contact: a site key names no user but by
 * identify). Consent for personalisation is the contact's `onsite` consent, recorded with its source like any.
 */
export function applySiteItem(session: Session, { anonymousId, item }: SiteInput): void {
  const timestamp = item.at;
  switch (item.type) {
    case 'page':
      return track(session, { anonymousId, event: PAGE_EVENT, properties: pageProperties(item), timestamp });
    case 'track':
      return track(session, { anonymousId, event: item.event, properties: item.properties, timestamp });
    case 'identify':
      return identify(session, { userId: item.userId, anonymousId, traits: item.traits });
    case 'consent':
      return updateContact(session, resolveContact(session, undefined, anonymousId), { consents: { onsite: item.personalisation } }, 'site');
    case 'impression':
    case 'click': {
      const contactId = resolveContact(session, undefined, anonymousId).row.id;
      const { placement, item: id } = item;
      const origin = countItemHit(session.db, { id, contactId, placement, kind: item.type }, session.now);
      if (!origin) return; // not an item of this visitor's (stale, or made up): nothing to count
      return track(session, { anonymousId, event: ONSITE_EVENTS[item.type], properties: { placement, item: id, ...origin }, timestamp });
    }
  }
}
