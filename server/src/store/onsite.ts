import type { SqlStatement } from '../db/connection.ts';
import type { OnsiteRequest, PlacedItem, TriggerEvent } from '@parcours/shared';
import { utcDay } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { perDatabase } from '../db/per-database.ts';
import type { onsiteItems } from '../db/schema.ts';

export type OnsiteItemRow = PlacedItem & Pick<typeof onsiteItems.$inferSelect, 'placement' | 'content' | 'scenarioId' | 'node'> & { event: TriggerEvent | null };

/** The on-site statements, prepared once per database: `/api/decide` is a hot read. */
function prepare(db: Db) {
  const sqlite = db.$client;
  return {
    // The item takes its outbox message's id; a replayed step (same idempotency key) places nothing twice.
    place: sqlite.prepare(
      `INSERT INTO onsite_items (id, contact_id, placement, format, content, priority, expires_at, max_impressions_per_day, scenario_id, node, event, created_at)
       SELECT id, contact_id, @placement, @format, @content, @priority, @expiresAt, @maxImpressionsPerDay, scenario_id, node, event, @now
       FROM messages WHERE idempotency_key = @idempotencyKey AND status = 'pending'`,
    ),
    // Placed is delivered: the page shows it when it asks; the dispatcher never picks it.
    markSent: sqlite.prepare(`UPDATE messages SET status = 'sent', sent_at = @now WHERE idempotency_key = @idempotencyKey AND status = 'pending'`),
    candidates: sqlite.prepare(
      `SELECT id, placement, format, content, priority, expires_at AS expiresAt, max_impressions_per_day AS maxImpressionsPerDay,
              impressions_day AS impressionsDay, impressions_today AS impressionsToday, scenario_id AS scenarioId, node, event
       FROM onsite_items WHERE contact_id = @contactId AND placement = @placement AND expires_at > @now`,
    ),
    owned: sqlite.prepare(`SELECT scenario_id AS scenarioId, node FROM onsite_items WHERE id = @id AND contact_id = @contactId AND placement = @placement`),
    impression: sqlite.prepare(
      `UPDATE onsite_items SET impressions = impressions + 1,
         impressions_today = CASE WHEN impressions_day = @day THEN impressions_today + 1 ELSE 1 END, impressions_day = @day
       WHERE id = @id`,
    ),
    click: sqlite.prepare(`UPDATE onsite_items SET clicks = clicks + 1 WHERE id = @id`),
  } satisfies Record<string, SqlStatement>;
}

const statements = perDatabase(prepare);

/** Puts the item a step asked for in its placement, from the outbox row the same step wrote just before. */
export function placeOnsiteItem(db: Db, idempotencyKey: string, request: OnsiteRequest, now: number): void {
  const q = statements(db);
  const { placement, format, content, priority, expiresAt, maxImpressionsPerDay } = request;
  q.place.run({ idempotencyKey, placement, format, content, priority, expiresAt, maxImpressionsPerDay: maxImpressionsPerDay ?? null, now });
  q.markSent.run({ idempotencyKey, now });
}

/** A contact's items of one placement that have not expired (by the index on contact, placement, expiry). */
export function placedItems(db: Db, contactId: string, placement: string, now: number): OnsiteItemRow[] {
  const rows = statements(db).candidates.all({ contactId, placement, now }) as Array<Omit<OnsiteItemRow, 'event'> & { event: string | null }>;
  return rows.map((row) => ({ ...row, event: row.event === null ? null : (JSON.parse(row.event) as TriggerEvent) }));
}

/**
 * Counts an impression or a click of a contact's item in a placement; answers where the item came from, or
 * undefined when the contact has no such item (a stale or forged id: nothing is counted).
 */
export function countItemHit(db: Db, hit: { id: number; contactId: string; placement: string; kind: 'impression' | 'click' }, now: number): { scenarioId: string; node: string } | undefined {
  const q = statements(db);
  const item = q.owned.get(hit) as { scenarioId: string; node: string } | undefined;
  if (!item) return undefined;
  if (hit.kind === 'impression') q.impression.run({ id: hit.id, day: utcDay(now) });
  else q.click.run({ id: hit.id });
  return item;
}
