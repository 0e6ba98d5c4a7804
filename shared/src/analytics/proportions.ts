import { errorFunction } from 'simple-statistics';

/** The standard normal quantile of 0.975: a two-sided 95% interval spans this many standard errors. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval of a proportion `successes / trials` at 95%. Unlike the normal (Wald) interval
 * it stays inside [0, 1] and is sensible for small counts and rates near 0 or 1. Null without trials.
 */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface ProportionTest {
  /** Difference of the rates, a minus b. */
  difference: number;
  z: number;
  /** Two-sided p-value: how likely a difference at least this large is if both rates were the same. */
  pValue: number;
}

/**
 * Two-proportion z-test with the pooled standard error: whether the rates `a` and `b` differ.
 * Null when a side has no trials or when nothing varies (every trial a success, or none).
 */
export function twoProportionTest(a: { successes: number; trials: number }, b: { successes: number; trials: number }): ProportionTest | null {
  if (a.trials <= 0 || b.trials <= 0) return null;
  const pa = a.successes / a.trials;
  const pb = b.successes / b.trials;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  if (se === 0) return null;
  const z = (pa - pb) / se;
  // Both tails of the standard normal beyond |z|: erfc(|z| / √2) (the error function is good to about 1e-7).
  return { difference: pa - pb, z, pValue: 1 - errorFunction(Math.abs(z) / Math.SQRT2) };
}

/** Relative uplift of `rate` over `control`: +0.25 is a quarter more conversions. Null when the control converted nobody. */
export function uplift(rate: number, control: number): number | null {
  return control > 0 ? (rate - control) / control : null;
}
