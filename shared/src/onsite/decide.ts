import type { OnsiteFormat } from '../nodes/onsite.ts';
import type { Instant } from '../engine/types.ts';

const DAY = 86_400_000;

/** The UTC day an instant falls on (days since the epoch): what "impressions per day" counts by. */
export const utcDay = (at: Instant) => Math.floor(at / DAY);

/** An item placed for a contact, as the decision reads it. */
export interface PlacedItem {
  id: number;
  format: OnsiteFormat;
  priority: number;
  expiresAt: Instant;
  maxImpressionsPerDay: number | null;
  impressionsDay: number;
  impressionsToday: number;
}

/** Why an item may not show now, or undefined when it may. */
export function restingReason(item: PlacedItem, now: Instant): 'expired' | 'daily_impressions' | undefined {
  if (item.expiresAt <= now) return 'expired';
  const shownToday = item.impressionsDay === utcDay(now) ? item.impressionsToday : 0;
  if (item.maxImpressionsPerDay !== null && shownToday >= item.maxImpressionsPerDay) return 'daily_impressions';
  return undefined;
}

/**
 * A placement's items in the order they are offered: highest priority first, then the newest (the latest a journey
 * placed), only those that may show now. The caller shows the first one that renders.
 */
export function rankPlaced<T extends PlacedItem>(items: readonly T[], now: Instant): T[] {
  return items.filter((item) => restingReason(item, now) === undefined).sort((a, b) => b.priority - a.priority || b.id - a.id);
}
