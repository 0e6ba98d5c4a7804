import pRetry from 'p-retry';
import type { DeliveryResult } from './types.ts';

/** Bounded exponential backoff: delays of minDelayMs × 2^n, randomised ×1–2 (jitter), capped at maxDelayMs. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  minDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, minDelayMs: 500, maxDelayMs: 30_000 };

type Failure = { kind: 'retry' | 'fail'; detail: string; statusCode?: number };
/** How one try went, as the transport judges it: a transient failure is retried, a permanent one is not. */
export type AttemptOutcome = { kind: 'sent'; detail?: string; providerId?: string; statusCode?: number } | Failure;

class FailedAttempt extends Error {
  constructor(readonly failure: Failure) {
    super(failure.detail);
  }
}

/** Runs `attempt` until it is sent, fails permanently, or the policy's attempts are spent. Never throws. */
export async function deliverWithRetries(attempt: () => Promise<AttemptOutcome>, policy: RetryPolicy): Promise<DeliveryResult> {
  let attempts = 0;
  try {
    const { kind: _sent, ...sent } = await pRetry(
      async () => {
        attempts += 1;
        const outcome = await attempt();
        if (outcome.kind !== 'sent') throw new FailedAttempt(outcome);
        return outcome;
      },
      {
        retries: policy.attempts - 1,
        factor: 2,
        minTimeout: policy.minDelayMs,
        maxTimeout: policy.maxDelayMs,
        randomize: true,
        shouldRetry: ({ error }) => error instanceof FailedAttempt && error.failure.kind === 'retry',
      },
    );
    return { status: 'sent', ...sent, attempts };
  } catch (error) {
    const { detail, statusCode } = error instanceof FailedAttempt ? error.failure : { detail: String(error), statusCode: undefined };
    return statusCode === undefined ? { status: 'failed', detail, attempts } : { status: 'failed', detail, statusCode, attempts };
  }
}
