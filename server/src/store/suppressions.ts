import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Json, MessageChannel } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { suppressions, type SuppressionReason } from '../db/schema.ts';
import { ADDRESS_ATTRIBUTES } from '../channels/compose.ts';
import { statements } from '../db/statements.ts';

export type Suppression = typeof suppressions.$inferSelect;

/** Emails compare without case; phone numbers (E.164) and push tokens as they are. */
export function normalAddress(channel: MessageChannel, address: string): string {
  const trimmed = address.trim();
  return channel === 'email' ? trimmed.toLowerCase() : trimmed;
}

/** Puts an address on the list; one already there keeps its first reason, date and source. Returns whether it was added. */
export function suppress(db: Db, entry: { channel: MessageChannel; address: string; reason: SuppressionReason; source: string }, now: number): boolean {
  const address = normalAddress(entry.channel, entry.address);
  const result = db
    .insert(suppressions)
    .values({ ...entry, address, createdAt: now })
    .onConflictDoNothing()
    .run();
  return result.changes > 0;
}

/** Takes an address off the list; returns whether it was there. */
export function unsuppress(db: Db, channel: MessageChannel, address: string): boolean {
  const result = db
    .delete(suppressions)
    .where(and(eq(suppressions.channel, channel), eq(suppressions.address, normalAddress(channel, address))))
    .run();
  return result.changes > 0;
}

export function isSuppressed(db: Db, channel: MessageChannel, address: string): Suppression | undefined {
  return db
    .select()
    .from(suppressions)
    .where(and(eq(suppressions.channel, channel), eq(suppressions.address, normalAddress(channel, address))))
    .get();
}

/** The channels whose address among the contact's attributes is suppressed: what the engine's send decision reads. */
export function suppressedChannels(db: Db, attributes: Record<string, Json>): MessageChannel[] {
  const addresses = {} as Record<MessageChannel, string | null>;
  for (const [channel, attribute] of Object.entries(ADDRESS_ATTRIBUTES) as Array<[MessageChannel, string]>) {
    const value = attributes[attribute];
    addresses[channel] = typeof value === 'string' && value.trim() !== '' ? normalAddress(channel, value) : null;
  }
  if (Object.values(addresses).every((address) => address === null)) return [];
  return statements(db).suppressedChannels.all(addresses).map((row) => row.channel);
}

/** The list, newest first, optionally narrowed to a channel and to addresses containing `search`. */
export function listSuppressions(db: Db, options: { search?: string; channel?: MessageChannel; limit: number; offset: number }) {
  const conditions: SQL[] = [];
  if (options.channel) conditions.push(eq(suppressions.channel, options.channel));
  // Any case (SQLite's LIKE ignores ASCII case, PostgreSQL's none: both sides lowered); the user's % and _ are
  // matched as they are.
  if (options.search) conditions.push(sql`lower(${suppressions.address}) LIKE lower(${`%${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}) ESCAPE '\\'`);
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const items = db.select().from(suppressions).where(where).orderBy(desc(suppressions.createdAt), suppressions.address).limit(options.limit).offset(options.offset).all();
  const total = db.select({ n: sql<number>`count(*)` }).from(suppressions).where(where).get()?.n ?? 0;
  return { items, total };
}
