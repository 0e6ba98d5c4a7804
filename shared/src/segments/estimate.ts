import { eventConditions } from '../retention/index.ts';
import type { Condition } from '../schema/conditions.ts';
import { parseDuration } from '../time/duration.ts';

/** A segment's size as counted or estimated: what the builder shows while a definition is edited. */
export interface SizeEstimate {
  /** Contacts in the segment (the estimate's central value when sampled). */
  size: number;
  /** `exact`: every contact was evaluated; `sample`: a uniform random sample was, and `margin` bounds the error. */
  method: 'exact' | 'sample';
  /** Contacts evaluated. */
  evaluated: number;
  /** Contacts in the workspace. */
  contacts: number;
  /** Half-width of the 95 % interval around `size` (0 when exact). */
  margin: number;
}

const Z95 = 1.959964;

/**
 * Scales the matches of a uniform sample (drawn without replacement) to the population: the proportion
 * times the population, with the 95 % normal-approximation interval and the finite-population correction
 * (a sample of everyone has no error). A sample that is the whole population is exact.
 */
export function estimateSize(matches: number, evaluated: number, contacts: number): SizeEstimate {
  if (evaluated >= contacts) return { size: matches, method: 'exact', evaluated, contacts, margin: 0 };
  if (evaluated === 0) return { size: 0, method: 'sample', evaluated, contacts, margin: contacts };
  const p = matches / evaluated;
  // With no match (or all), p(1-p) is 0: the "rule of three" bounds the proportion by 3/n instead.
  const spread = p === 0 || p === 1 ? 3 / evaluated / Z95 : Math.sqrt((p * (1 - p)) / evaluated);
  const correction = Math.sqrt((contacts - evaluated) / Math.max(1, contacts - 1));
  return { size: Math.round(p * contacts), method: 'sample', evaluated, contacts, margin: Math.ceil(Z95 * spread * correction * contacts) };
}

/**
 * How far back a condition reads the event history, in ms: 0 when it reads none, Infinity when an event
 * test counts events however old (no `within`).
 */
export function historyReadBy(condition: Condition): number {
  return eventConditions(condition).reduce((longest, test) => Math.max(longest, test.within ? parseDuration(test.within) : Infinity), 0);
}
