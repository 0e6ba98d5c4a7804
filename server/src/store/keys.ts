import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { announceChange, cachedPerDatabase } from '../db/changes.ts';
import type { Db } from '../db/open.ts';
import type { ApiKeyInfo } from '@parcours/shared';
import { apiKeys, type KeyScope } from '../db/schema.ts';

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const info = (row: typeof apiKeys.$inferSelect): ApiKeyInfo => ({
  id: row.id,
  name: row.name,
  scope: row.scope,
  prefix: row.prefix,
  createdAt: iso(row.createdAt)!,
  lastUsedAt: iso(row.lastUsedAt),
});

/**
 * Every key of a database by hash, read once: authenticating a request is then a hash and a map
 * lookup, not a query (drizzle building the key query was a tenth of a tracked event's cost over
 * HTTP). Keys change only through createApiKey and deleteApiKey, which announce it: every process reads them again
 * (on PostgreSQL, another process's revoked key stops working once the notification arrives).
 */
const keyMap = cachedPerDatabase('api-keys', (db) => new Map(db.select().from(apiKeys).all().map((row) => [row.hash, info(row)])));

/** Creates a key; the key itself is returned here only and never stored. */
export function createApiKey(db: Db, name: string, scope: KeyScope, now: number, key = `pk_${randomBytes(24).toString('base64url')}`) {
  const row = { id: randomUUID(), name, scope, hash: hashKey(key), prefix: key.slice(0, 7), createdAt: now, lastUsedAt: null };
  db.insert(apiKeys).values(row).run();
  announceChange(db, 'api-keys');
  return { key, ...info(row) };
}

export const findApiKey = (db: Db, key: string): ApiKeyInfo | undefined => keyMap(db).get(hashKey(key));

/**
 * A key's last use, without a write per request: every use is noted in memory, and written to the key's row at most
 * once a minute per key (so a restart loses at most a minute). The list shows the later of the two.
 */
const WRITE_USE_EVERY = 60_000;
const usesByDb = new WeakMap<Db, Map<string, { seen: number; written: number }>>();

export function recordKeyUse(db: Db, id: string, now: number): void {
  let uses = usesByDb.get(db);
  if (!uses) usesByDb.set(db, (uses = new Map()));
  const use = uses.get(id);
  if (use && now - use.written < WRITE_USE_EVERY) {
    use.seen = Math.max(use.seen, now);
    return;
  }
  db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, id)).run();
  uses.set(id, { seen: now, written: now });
}

export const listApiKeys = (db: Db): ApiKeyInfo[] =>
  db
    .select()
    .from(apiKeys)
    .orderBy(asc(apiKeys.createdAt))
    .all()
    .map((row) => info({ ...row, lastUsedAt: Math.max(row.lastUsedAt ?? 0, usesByDb.get(db)?.get(row.id)?.seen ?? 0) || null }));

export function deleteApiKey(db: Db, id: string): boolean {
  const deleted = db.delete(apiKeys).where(eq(apiKeys.id, id)).run().changes > 0;
  announceChange(db, 'api-keys');
  return deleted;
}

/**
 * Registers the admin key preset by PARCOURS_ADMIN_KEY (for machines: tests, benches, scripts) unless it is known
 * already. People sign in with accounts; the first one comes from the setup link (main.ts).
 */
export function registerPresetKey(db: Db, now: number, preset: string): void {
  if (!findApiKey(db, preset)) createApiKey(db, 'admin (PARCOURS_ADMIN_KEY)', 'admin', now, preset);
}
