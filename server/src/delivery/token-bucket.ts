/**
 * A provider's rate limit: `perSecond` tokens a second, up to one second's worth saved up. It reads the time it
 * is given rather than the system's, so the runtime's clock (a manual one in tests) decides when tokens come back.
 */
export class TokenBucket {
  private readonly capacity: number;
  private tokens: number;
  private at: number;

  constructor(
    private readonly perSecond: number,
    now: number,
  ) {
    this.capacity = Math.max(1, perSecond);
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

  private refill(now: number): void {
    if (now <= this.at) return;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) * this.perSecond) / 1000);
    this.at = now;
  }
}
