import { twoProportionTest, uplift, wilsonInterval, type Interval, type ProportionTest } from './proportions.ts';

export interface ArmCounts {
  id: string;
  label?: string;
  control: boolean;
  /** Enrolments that took the arm. */
  taken: number;
  /** Of those, how many converted. */
  converted: number;
  /** Revenue of those conversions, in hundredths of the currency unit. */
  revenue: number;
}

export interface ArmComparison extends ArmCounts {
  rate: number | null;
  /** 95% Wilson interval of the rate. */
  interval: Interval | null;
  /** Against the baseline arm (null for the baseline itself, or when there is nothing to test). */
  test: ProportionTest | null;
  /** Relative uplift of the rate over the baseline's. */
  uplift: number | null;
}

/**
 * Each arm of a split with its conversion rate, interval, and difference from the baseline arm: the arm
 * marked control, else the first one (a split without a holdout compares its variants with the first).
 */
export function compareArms(arms: ArmCounts[]): { baseline: string | null; arms: ArmComparison[] } {
  const baseline = arms.find((a) => a.control) ?? arms[0];
  const rateOf = (a: ArmCounts) => (a.taken > 0 ? a.converted / a.taken : null);
  const baseRate = baseline ? rateOf(baseline) : null;
  return {
    baseline: baseline?.id ?? null,
    arms: arms.map((arm) => {
      const rate = rateOf(arm);
      const versus = baseline && arm !== baseline;
      return {
        ...arm,
        rate,
        interval: wilsonInterval(arm.converted, arm.taken),
        test: versus ? twoProportionTest({ successes: arm.converted, trials: arm.taken }, { successes: baseline.converted, trials: baseline.taken }) : null,
        uplift: versus && rate !== null && baseRate !== null ? uplift(rate, baseRate) : null,
      };
    }),
  };
}
