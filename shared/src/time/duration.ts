import { DURATION_PATTERN } from '../schema/primitives.ts';

const UNIT_MS = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000];

const parsed = new Map<string, number>();

/** Milliseconds in a duration such as "1d12h"; NaN when it does not parse. Memoised: scenarios reuse a few texts. */
export function parseDuration(text: string): number {
  let ms = parsed.get(text);
  if (ms === undefined) {
    const match = DURATION_PATTERN.exec(text);
    ms = match ? UNIT_MS.reduce((total, unit, i) => total + Number(match[i + 1] ?? 0) * unit, 0) : Number.NaN;
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(text, ms);
  }
  return ms;
}

const UNITS: Array<[number, string]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1_000, 's'],
];

/** The shortest "1d12h" style text for a positive number of milliseconds (rounded down to seconds). */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.floor(ms / 1000) * 1000);
  let text = '';
  for (const [unit, suffix] of UNITS) {
    const count = Math.floor(rest / unit);
    if (count > 0) text += `${count}${suffix}`;
    rest -= count * unit;
  }
  return text || '0s';
}
