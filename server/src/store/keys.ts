import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { asc, count, eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import type { ApiKeyInfo } from '@parcours/shared';
import { apiKeys, type KeyScope } from '../db/schema.ts';

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

const info = (row: typeof apiKeys.$inferSelect): ApiKeyInfo => ({
  id: row.id,
  name: row.name,
  scope: row.scope,
  prefix: row.prefix,
  createdAt: new Date(row.createdAt).toISOString(),
});

/** Creates a key; the key itself is returned here only and never stored. */
export function createApiKey(db: Db, name: string, scope: KeyScope, now: number, key = `pk_${randomBytes(24).toString('base64url')}`) {
  const row = { id: randomUUID(), name, scope, hash: hashKey(key), prefix: key.slice(0, 7), createdAt: now };
  db.insert(apiKeys).values(row).run();
  return { key, ...info(row) };
}

export function findApiKey(db: Db, key: string): ApiKeyInfo | undefined {
  const row = db.select().from(apiKeys).where(eq(apiKeys.hash, hashKey(key))).get();
  return row && info(row);
}

export const listApiKeys = (db: Db): ApiKeyInfo[] => db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt)).all().map(info);

export const deleteApiKey = (db: Db, id: string): boolean => db.delete(apiKeys).where(eq(apiKeys.id, id)).run().changes > 0;

/**
 * Makes sure an admin can get in: a preset key (PARCOURS_ADMIN_KEY) is registered if missing; otherwise, on a
 * database with no key at all, a fresh admin key is created and returned so the caller can print it once.
 */
export function ensureAdminKey(db: Db, now: number, preset?: string): string | undefined {
  if (preset) {
    if (!findApiKey(db, preset)) createApiKey(db, 'admin (PARCOURS_ADMIN_KEY)', 'admin', now, preset);
    return undefined;
  }
  const [{ n }] = db.select({ n: count() }).from(apiKeys).all();
  return n === 0 ? createApiKey(db, 'admin', 'admin', now).key : undefined;
}
