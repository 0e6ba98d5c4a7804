/**
 * How failed sends are tried again. Retries are outbox rows, not waits: a transient failure leaves the
 * message pending with a later next attempt, and the dispatcher sends it once the clock reaches it.
 */
export interface RetryPolicy {
  /** Tries in all, the first included; a message still failing after the last one is `failed`. */
  attempts: number;
  minDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, minDelayMs: 30_000, maxDelayMs: 15 * 60_000 };

/**
 * The wait before the next try after `failedTries` failed ones: minDelayMs × 2^(failedTries − 1), randomised
 * ×1–2 so the messages of a host that was down do not all come back at the same instant, capped at maxDelayMs.
 */
export function retryDelay(failedTries: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = policy.minDelayMs * 2 ** Math.max(0, failedTries - 1);
  return Math.round(Math.min(policy.maxDelayMs, base * (1 + random())));
}
