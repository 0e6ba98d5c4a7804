/** Analytics count per UTC day: a day is the whole number of days since the Unix epoch. */
export const DAY_MS = 86_400_000;

export const dayOf = (instant: number): number => Math.floor(instant / DAY_MS);
export const dayToIso = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
export const isoToDay = (iso: string): number => dayOf(Date.parse(`${iso}T00:00:00Z`));

/** The Monday that starts the ISO week of `day` (day 0, 1970-01-01, was a Thursday). */
export const weekOf = (day: number): number => day - (((day + 3) % 7) + 7) % 7;

export type Bucket = 'day' | 'week';

/**
 * Daily figures gathered into buckets from `from` to `to` (days, inclusive): every bucket present, in order,
 * empty ones at zero, so a chart shows quiet days as quiet rather than skipping them.
 */
export function bucketed<M extends string>(
  rows: Array<{ day: number; metric: string; n: number }>,
  metrics: readonly M[],
  from: number,
  to: number,
  by: Bucket,
): Array<{ start: string } & Record<M, number>> {
  const startOf = by === 'week' ? weekOf : (d: number) => d;
  const step = by === 'week' ? 7 : 1;
  const buckets = new Map<number, Record<M, number>>();
  for (let start = startOf(from); start <= to; start += step) {
    buckets.set(start, Object.fromEntries(metrics.map((m) => [m, 0])) as Record<M, number>);
  }
  for (const { day, metric, n } of rows) {
    const bucket = buckets.get(startOf(day));
    if (bucket && (metrics as readonly string[]).includes(metric)) bucket[metric as M] += n;
  }
  return [...buckets].map(([start, figures]) => ({ start: dayToIso(start), ...figures }));
}

/** What the daily counters count, and the analytics page charts (revenue in hundredths). */
export const ANALYTICS_METRICS = ['entered', 'converted', 'completed', 'exited', 'sent', 'skipped', 'deferred', 'failed', 'revenue'] as const;
export type AnalyticsMetric = (typeof ANALYTICS_METRICS)[number];
