import { rankPlaced, renderOnsite, templateVars, TemplateError, type DecidedItem } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { contactOfAlias, findContact } from '../store/contacts.ts';
import { placedItems } from '../store/onsite.ts';

/**
 * The best item of each placement for a visitor now (`/api/decide`): their items of that placement (an index
 * range), highest priority first then newest, skipping those expired or shown their impressions of the day, and
 * those whose content does not render for the contact as they are now (a variable they lack). A visitor
 * unknown yet, or who withdrew consent for personalisation since the items were placed, gets nothing.
 */
export function decidePlacements(db: Db, now: number, anonymousId: string, placements: readonly string[]): Record<string, DecidedItem | null> {
  const decided: Record<string, DecidedItem | null> = Object.fromEntries(placements.map((placement) => [placement, null]));
  const contactId = contactOfAlias(db, anonymousId);
  const contact = contactId === undefined ? undefined : findContact(db, contactId);
  if (!contact || contact.consents.onsite === false) return decided;
  for (const placement of placements) {
    for (const item of rankPlaced(placedItems(db, contact.id, placement, now), now)) {
      try {
        const content = renderOnsite(item, templateVars(contact, item.event ?? undefined));
        decided[placement] = { id: item.id, placement, format: item.format, content };
        break;
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
      }
    }
  }
  return decided;
}
