import type { Db } from '../db/open.ts';
import type { LoginThrottleScope } from '../db/schema.ts';
import { clearFailures, failuresSince, recordFailures } from '../store/login-failures.ts';

/** How many failed sign-ins a key (an account, an address) may have within the window before it must wait. */
export interface ThrottleLimit {
  failures: number;
  windowMs: number;
}

export const LOGIN_LIMITS = {
  account: { failures: 5, windowMs: 15 * 60_000 },
  ip: { failures: 20, windowMs: 15 * 60_000 },
} satisfies Record<LoginThrottleScope, ThrottleLimit>;

const LONGEST_WINDOW_MS = Math.max(...Object.values(LOGIN_LIMITS).map((limit) => limit.windowMs));

/**
 * Milliseconds to wait before trying again, given the failures within the window (oldest first); 0 when a try is
 * allowed now. Once a key reaches its limit, it waits until the failure that reached it leaves the window (a sliding
 * window: after that, one more try).
 */
export function waitAfter(failures: readonly number[], limit: ThrottleLimit, now: number): number {
  return failures.length < limit.failures ? 0 : failures[failures.length - limit.failures] + limit.windowMs - now;
}

/**
 * Failed sign-ins per account (the email typed, which the request schema lower-cases) and per address, in sliding windows kept in the
 * database: a restart of the server does not reset anyone's budget.
 */
export class LoginThrottle {
  constructor(private readonly db: Db) {}

  /** Milliseconds the longer of the two waits lasts; 0 when a sign-in may be tried now. */
  waitFor(email: string, ip: string, now: number): number {
    return Math.max(this.wait('account', email, now), this.wait('ip', ip, now));
  }

  fail(email: string, ip: string, now: number): void {
    recordFailures(this.db, [{ scope: 'account', key: email }, { scope: 'ip', key: ip }], now, now - LONGEST_WINDOW_MS);
  }

  /** A successful sign-in wipes the account's failures (not the address's: a guesser may know one password). */
  succeeded(email: string): void {
    clearFailures(this.db, 'account', email);
  }

  private wait(scope: LoginThrottleScope, key: string, now: number): number {
    const limit = LOGIN_LIMITS[scope];
    return waitAfter(failuresSince(this.db, scope, key, now - limit.windowMs), limit, now);
  }
}
