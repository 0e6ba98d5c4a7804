import { eq } from 'drizzle-orm';
import { DEFAULT_DOUBLE_OPT_IN, DoubleOptInSettings } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { meta } from '../db/schema.ts';

const KEY = 'double_opt_in';

/** The operator's double opt-in settings (off on every channel until an operator turns it on). */
export function loadDoubleOptIn(db: Db): DoubleOptInSettings {
  const text = db.select({ value: meta.value }).from(meta).where(eq(meta.key, KEY)).get()?.value;
  // Written by saveDoubleOptIn only, after validation.
  return text === undefined ? DEFAULT_DOUBLE_OPT_IN : DoubleOptInSettings.parse(JSON.parse(text));
}

export function saveDoubleOptIn(db: Db, settings: DoubleOptInSettings): void {
  const value = JSON.stringify(DoubleOptInSettings.parse(settings));
  db.insert(meta).values({ key: KEY, value }).onConflictDoUpdate({ target: meta.key, set: { value } }).run();
}
