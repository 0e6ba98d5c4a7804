import { randomBytes, randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { NewSiteKey, SiteKeyInfo } from '@parcours/shared';
import { announceChange, cachedPerDatabase } from '../db/changes.ts';
import type { Db } from '../db/open.ts';
import { siteKeys } from '../db/schema.ts';

const info = (row: typeof siteKeys.$inferSelect): SiteKeyInfo => ({ ...row, createdAt: new Date(row.createdAt).toISOString() });

/**
 * Every site key of a database by key, read once and again after a change (in any process): the snippet's requests
 * look theirs up in a map, not a query.
 */
const keyMap = cachedPerDatabase('site-keys', (db) => new Map(db.select().from(siteKeys).all().map((row) => [row.key, info(row)])));

/** A site key is public (it is in every page of the site): `sk_` tells it from an API key at a glance. */
export function createSiteKey(db: Db, spec: NewSiteKey, now: number, key = `sk_${randomBytes(18).toString('base64url')}`): SiteKeyInfo {
  const row = { id: randomUUID(), key, ...spec, createdAt: now };
  db.insert(siteKeys).values(row).run();
  announceChange(db, 'site-keys');
  return info(row);
}

export const findSiteKey = (db: Db, key: string): SiteKeyInfo | undefined => keyMap(db).get(key);

export const listSiteKeys = (db: Db): SiteKeyInfo[] => db.select().from(siteKeys).orderBy(asc(siteKeys.createdAt)).all().map(info);

export function deleteSiteKey(db: Db, id: string): boolean {
  const deleted = db.delete(siteKeys).where(eq(siteKeys.id, id)).run().changes > 0;
  announceChange(db, 'site-keys');
  return deleted;
}
