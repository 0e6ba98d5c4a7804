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

/** The units of the stored form, largest first, with the words people type for them in English and French. */
const WRITTEN_UNITS = [
  { letter: 'w', one: 'week', many: 'weeks', words: ['w', 'wk', 'wks', 'week', 'weeks', 'sem', 'semaine', 'semaines'] },
  { letter: 'd', one: 'day', many: 'days', words: ['d', 'day', 'days', 'j', 'jour', 'jours'] },
  { letter: 'h', one: 'hour', many: 'hours', words: ['h', 'hr', 'hrs', 'hour', 'hours', 'heure', 'heures'] },
  { letter: 'm', one: 'minute', many: 'minutes', words: ['m', 'min', 'mins', 'mn', 'minute', 'minutes'] },
  { letter: 's', one: 'second', many: 'seconds', words: ['s', 'sec', 'secs', 'second', 'seconds', 'seconde', 'secondes'] },
] as const;

const UNIT_OF_WORD = new Map<string, number>(WRITTEN_UNITS.flatMap((u, i) => u.words.map((w) => [w, i] as const)));

/** Why a text is not a duration, as a code and the words it names, for a client that explains it in its own language. */
export type DurationRefusal =
  | { code: 'empty' }
  | { code: 'not_a_duration'; text: string }
  | { code: 'fraction'; amount: string; word: string }
  | { code: 'no_unit'; amount: string }
  | { code: 'unknown_unit'; word: string }
  | { code: 'unit_twice'; unit: DurationUnit };

export type ReadDuration = { ok: true; duration: string } | { ok: false; message: string; refusal: DurationRefusal };

/**
 * A duration as people write it, in English or French ("3 days", "2 heures", "1 week 2 days", "1 jour et 12 h",
 * "90 minutes") or in the stored form ("1d12h"), read into the stored form ("3d", "2h", "1w2d", "1d12h", "90m"),
 * keeping the units typed. Refusals say what is wrong in words.
 */
export function readDuration(text: string): ReadDuration {
  const input = text.trim().toLowerCase();
  if (!input) return { ok: false, message: 'Type a duration such as "3 days", "2 hours" or "1 week"', refusal: { code: 'empty' } };
  const counts: Array<number | undefined> = WRITTEN_UNITS.map(() => undefined);
  // Amount-unit pairs, separated by spaces, commas, "and" or "et": "1 day, 2 hours", "1d12h", "2 semaines et 3 jours".
  const pair = /(\d+(?:[.,]\d+)?)\s*([a-zà-ÿ]*)/y;
  const separator = /(?:\s*,\s*|\s+(?:and|et)\s+|\s*)/y;
  let at = 0;
  while (at < input.length) {
    pair.lastIndex = at;
    const match = pair.exec(input);
    if (!match) {
      return { ok: false, message: `"${text.trim()}" is not a duration: write a number then a unit, such as "3 days"`, refusal: { code: 'not_a_duration', text: text.trim() } };
    }
    const [, amount, word] = match;
    if (!/^\d+$/.test(amount)) {
      const message = `Use whole numbers: "${amount} ${word}" could be written with a smaller unit, such as "1 day 12 hours"`;
      return { ok: false, message, refusal: { code: 'fraction', amount, word } };
    }
    if (!word) {
      return { ok: false, message: `Say which unit ${amount} is in: "${amount} days", "${amount} hours" or "${amount} minutes"`, refusal: { code: 'no_unit', amount } };
    }
    const unit = UNIT_OF_WORD.get(word);
    if (unit === undefined) {
      return { ok: false, message: `"${word}" is not a unit of time: use weeks, days, hours, minutes or seconds`, refusal: { code: 'unknown_unit', word } };
    }
    if (counts[unit] !== undefined) {
      return { ok: false, message: `${WRITTEN_UNITS[unit].many} are given twice: write each unit once`, refusal: { code: 'unit_twice', unit: WRITTEN_UNITS[unit].one } };
    }
    counts[unit] = Number(amount);
    separator.lastIndex = pair.lastIndex;
    separator.exec(input);
    at = separator.lastIndex;
  }
  const duration = counts.map((n, i) => (n === undefined ? '' : `${n}${WRITTEN_UNITS[i].letter}`)).join('');
  return { ok: true, duration };
}

export type DurationUnit = (typeof WRITTEN_UNITS)[number]['one'];

/** A stored duration's amounts per unit, largest first: "1d12h" → 1 day, 12 hour; undefined when it is not one. */
export function durationParts(duration: string): Array<{ unit: DurationUnit; count: number }> | undefined {
  const match = DURATION_PATTERN.exec(duration);
  if (!match) return undefined;
  return WRITTEN_UNITS.flatMap((u, i) => (match[i + 1] === undefined ? [] : [{ unit: u.one, count: Number(match[i + 1]) }]));
}

/** A stored duration in words: "1d12h" → "1 day 12 hours"; undefined when it is not one. */
export function durationInWords(duration: string): string | undefined {
  const parts = durationParts(duration);
  if (!parts) return undefined;
  return parts.map(({ unit, count }) => `${count} ${count === 1 ? unit : WRITTEN_UNITS.find((u) => u.one === unit)!.many}`).join(' ');
}
