import { eq } from 'drizzle-orm';
import { FrequencyCap, QuietHours, type GlobalPolicy } from '@parcours/shared';
import { z } from 'zod';
import type { Db } from '../db/open.ts';
import { meta } from '../db/schema.ts';

/** The operator's pressure rules over every scenario, as the API takes and stores them. */
export const PressurePolicy = z
  .object({
    frequencyCaps: z.array(FrequencyCap).max(50),
    quietHours: QuietHours.optional(),
  })
  .strict();

const KEY = 'pressure_policy';

const NO_POLICY: GlobalPolicy = { frequencyCaps: [] };

// Parsed once per stored text: the runtime may read the policy at every transaction.
const parsed = new WeakMap<Db, { text: string; policy: GlobalPolicy }>();

/** The stored operator policy (no caps, no quiet hours until an operator sets some). */
export function loadPolicy(db: Db): GlobalPolicy {
  const text = db.select({ value: meta.value }).from(meta).where(eq(meta.key, KEY)).get()?.value;
  if (text === undefined) return NO_POLICY;
  const cached = parsed.get(db);
  if (cached?.text === text) return cached.policy;
  // Written by savePolicy only, after validation; a row edited by hand into nonsense fails loudly here.
  const policy = PressurePolicy.parse(JSON.parse(text));
  parsed.set(db, { text, policy });
  return policy;
}

export function savePolicy(db: Db, policy: GlobalPolicy): void {
  const value = JSON.stringify(PressurePolicy.parse(policy));
  db.insert(meta).values({ key: KEY, value }).onConflictDoUpdate({ target: meta.key, set: { value } }).run();
}
