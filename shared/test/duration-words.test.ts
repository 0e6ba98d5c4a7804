import { describe, expect, it } from 'vitest';
import { durationInWords, parseDuration, readDuration } from '../src/time/duration.ts';
import { Duration } from '../src/schema/primitives.ts';

const read = (text: string) => {
  const r = readDuration(text);
  if (!r.ok) throw new Error(`refused "${text}": ${r.message}`);
  return r.duration;
};
const refusal = (text: string) => {
  const r = readDuration(text);
  if (r.ok) throw new Error(`accepted "${text}" as ${r.duration}`);
  return r.message;
};

describe('readDuration', () => {
  it('reads durations written in English words, keeping the units typed', () => {
    expect(read('3 days')).toBe('3d');
    expect(read('2 hours')).toBe('2h');
    expect(read('1 week')).toBe('1w');
    expect(read('90 minutes')).toBe('90m');
    expect(read('1 day')).toBe('1d');
    expect(read('45 seconds')).toBe('45s');
    expect(read('  3 Days ')).toBe('3d');
  });

  it('reads French durations', () => {
    expect(read('3 jours')).toBe('3d');
    expect(read('2 heures')).toBe('2h');
    expect(read('1 semaine')).toBe('1w');
    expect(read('90 minutes')).toBe('90m');
    expect(read('2 semaines et 3 jours')).toBe('2w3d');
  });

  it('still reads the stored form and short units', () => {
    expect(read('1d')).toBe('1d');
    expect(read('1d12h')).toBe('1d12h');
    expect(read('30m')).toBe('30m');
    expect(read('2 h 30 min')).toBe('2h30m');
  });

  it('reads several units in any order, with commas or "and"', () => {
    expect(read('1 day 12 hours')).toBe('1d12h');
    expect(read('1 day, 12 hours')).toBe('1d12h');
    expect(read('12 hours and 1 day')).toBe('1d12h');
  });

  it('gives only texts the scenario schema accepts, worth what was typed', () => {
    for (const text of ['3 days', '2 heures', '1 week 2 days', '90 minutes', '1d12h']) {
      expect(Duration.safeParse(read(text)).success).toBe(true);
    }
    expect(parseDuration(read('1 day 12 hours'))).toBe(36 * 3_600_000);
    expect(parseDuration(read('90 minutes'))).toBe(90 * 60_000);
  });

  it('refuses, saying why', () => {
    expect(refusal('')).toMatch(/type a duration such as "3 days"/i);
    expect(refusal('3')).toMatch(/which unit 3 is in/);
    expect(refusal('3 dayz')).toMatch(/"dayz" is not a unit of time/);
    expect(refusal('soon')).toMatch(/"soon" is not a duration/);
    expect(refusal('1.5 days')).toMatch(/whole numbers/i);
    expect(refusal('1 day 2 days')).toMatch(/days are given twice/);
    expect(refusal('3 days!')).toMatch(/is not a duration/);
  });
});

describe('durationInWords', () => {
  it('shows a stored duration in words', () => {
    expect(durationInWords('3d')).toBe('3 days');
    expect(durationInWords('1d')).toBe('1 day');
    expect(durationInWords('1w2d')).toBe('1 week 2 days');
    expect(durationInWords('1d12h')).toBe('1 day 12 hours');
    expect(durationInWords('90m')).toBe('90 minutes');
  });

  it('reads back what it shows', () => {
    for (const stored of ['3d', '1w2d', '1d12h', '90m', '1h1m1s']) expect(read(durationInWords(stored)!)).toBe(stored);
  });

  it('has no words for what is not a stored duration', () => {
    expect(durationInWords('3 days')).toBeUndefined();
    expect(durationInWords('')).toBeUndefined();
  });
});
