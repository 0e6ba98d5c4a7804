import { LRUCache } from 'lru-cache';
import type { SiteKeyInfo } from '@parcours/shared';
import { TokenBucket } from '../../delivery/token-bucket.ts';

/**
 * Visitors whose buckets are kept; past this the least recently seen go (a forgotten visitor starts again with a
 * full bucket). An LRU cache, not a Map whose first key is deleted: that walks the holes deleted keys leave.
 */
const MAX_VISITORS = 100_000;

/**
 * The site keys' rate limits, in memory: a bucket per key (its `keyPerSecond`, a second's worth of burst) and
 * one per visitor of each key (its `visitorPerMinute`, a minute's worth of burst, enough for a page that loads,
 * decides and reports at once). `take` answers 0 when the request may go, else the milliseconds to wait.
 */
export class SiteRateLimits {
  private readonly keys = new Map<string, TokenBucket>();
  private readonly visitors = new LRUCache<string, TokenBucket>({ max: MAX_VISITORS });

  take(key: SiteKeyInfo, visitor: string, now: number): number {
    let forKey = this.keys.get(key.id);
    if (!forKey) this.keys.set(key.id, (forKey = new TokenBucket(key.keyPerSecond, now)));
    const id = `${key.id}\u0000${visitor}`;
    let forVisitor = this.visitors.get(id);
    if (!forVisitor) this.visitors.set(id, (forVisitor = new TokenBucket(key.visitorPerMinute / 60, now, key.visitorPerMinute)));
    const wait = Math.max(forKey.waitMs(now), forVisitor.waitMs(now));
    if (wait > 0) return wait;
    forKey.take(now);
    forVisitor.take(now);
    return 0;
  }
}
