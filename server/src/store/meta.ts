import { eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { meta } from '../db/schema.ts';

/** A server-wide note kept in the database (e.g. when the example scenarios were loaded). */
export const readMeta = (db: Db, key: string): string | undefined => db.select().from(meta).where(eq(meta.key, key)).get()?.value;

export function writeMeta(db: Db, key: string, value: string): void {
  db.insert(meta).values({ key, value }).run();
}
