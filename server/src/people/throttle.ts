/** How many failed sign-ins a key (an account, an address) may have within the window before it must wait. */
export interface ThrottleLimit {
  failures: number;
  windowMs: number;
}

export const LOGIN_LIMITS = {
  account: { failures: 5, windowMs: 15 * 60_000 },
  ip: { failures: 20, windowMs: 15 * 60_000 },
} satisfies Record<string, ThrottleLimit>;

/**
 * Failed sign-ins in a sliding window, kept in memory (one server process holds the database; a restart forgets,
 * which only gives a guesser a few more tries per restart). Once a key reaches its limit, it waits until its oldest
 * failure leaves the window.
 */
export class FailureWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limit: ThrottleLimit) {}

  /** Milliseconds to wait before trying again; 0 when a try is allowed now. */
  waitFor(key: string, now: number): number {
    const recent = this.recent(key, now);
    return recent.length < this.limit.failures ? 0 : recent[recent.length - this.limit.failures] + this.limit.windowMs - now;
  }

  fail(key: string, now: number): void {
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((at) => at > now - this.limit.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    return kept;
  }
}
