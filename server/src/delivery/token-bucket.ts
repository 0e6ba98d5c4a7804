/**
 * A rate limit: `perSecond` tokens a second, up to `capacity` saved up (by default one second's worth, as a
 * provider's limit wants). It reads the time it is given rather than the system's, so the runtime's clock (a
 * manual one in tests) decides when tokens come back.
 */
export class TokenBucket {
  private readonly capacity: number;
  private tokens: number;
  private at: number;

  constructor(
    private readonly perSecond: number,
    now: number,
    capacity = perSecond,
  ) {
    this.capacity = Math.max(1, capacity);
    this.tokens = this.capacity;
    this.at = now;
  }

  /** Whether a message may go now. */
  has(now: number): boolean {
    this.refill(now);
    return this.tokens >= 1;
  }

  /** Uses up a token; call after `has` said yes. */
  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  /** How long until the next token comes back (0 when one is there). */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }

  private refill(now: number): void {
    if (now <= this.at) return;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) * this.perSecond) / 1000);
    this.at = now;
  }
}
