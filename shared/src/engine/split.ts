/** Buckets per split: percentages are resolved to a hundredth of a percent. */
const SPLIT_BUCKETS = 10_000;

/**
 * The contact's bucket for a split node, in [0, SPLIT_BUCKETS): FNV-1a over the two ids, so the
 * same contact always takes the same arm of the same node, in the simulator and on the server.
 */
export function splitBucket(contactId: string, nodeId: string): number {
  let hash = 0x811c9dc5;
  const text = `${contactId}\u0000${nodeId}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SPLIT_BUCKETS;
}

/**
 * The arm a contact takes at a split: arms take consecutive bucket ranges by percentage, and
 * the last arm also takes whatever rounding leaves at the top.
 */
export function splitArmOf(variants: ReadonlyArray<{ id: string; percent: number }>, contactId: string, nodeId: string): string {
  const bucket = splitBucket(contactId, nodeId);
  let low = 0;
  for (const variant of variants) {
    low += variant.percent;
    if (bucket < Math.round((low / 100) * SPLIT_BUCKETS)) return variant.id;
  }
  return variants[variants.length - 1].id;
}
