/** Buckets per split: percentages are resolved to a hundredth of a percent. */
export const SPLIT_BUCKETS = 10_000;

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

/** Whether `bucket` falls in the arm at `index`, arms taking consecutive ranges by percentage. */
export function bucketInArm(bucket: number, percents: number[], index: number): boolean {
  let low = 0;
  for (let i = 0; i < index; i++) low += percents[i];
  const from = Math.round((low / 100) * SPLIT_BUCKETS);
  const to = Math.round(((low + percents[index]) / 100) * SPLIT_BUCKETS);
  return bucket >= from && bucket < to;
}
