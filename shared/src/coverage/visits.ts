import type { Instant } from '../engine/types.ts';
import type { SimulationResult } from '../simulate/types.ts';
import type { ChangeTimes } from './draft.ts';
import type { OutputRef } from './coverage.ts';

const SECOND = 1_000;
const MINUTE = 60_000;

/** One stay of the contact at a node: when it arrived, how it left, until when it was last due to wait. */
export interface Visit {
  node: string;
  at: Instant;
  output?: string;
  until?: Instant;
}

/** The nodes a contact went through in one pass, consecutive steps at the same node merged into one visit. */
export function visitsOf(result: SimulationResult, pass = 1): Visit[] {
  const visits: Visit[] = [];
  for (const step of result.steps) {
    if (step.pass !== pass) continue;
    let visit = visits[visits.length - 1];
    if (!visit || visit.node !== step.node) visits.push((visit = { node: step.node, at: step.at }));
    if (step.output !== undefined) visit.output = step.output;
    if (step.until !== undefined) visit.until = step.until;
  }
  return visits;
}

/** Whether the contact took the first `count` hops exactly, in order. */
export function follows(visits: Visit[], hops: OutputRef[], count: number): boolean {
  return hops.slice(0, count).every((hop, i) => visits[i]?.node === hop.node && visits[i]?.output === hop.output);
}

/** Half of a span, at most a minute, in whole seconds: a gap that is clearly inside the span. */
const margin = (span: number) => Math.max(0, Math.min(MINUTE, Math.floor(span / 2 / SECOND) * SECOND));

/**
 * Times for a change that must hold when the contact arrives at `visits[index]`: during the last
 * stay where time passed before it (so earlier nodes are not disturbed), or, when the contact got
 * there at the instant it entered, in the profile and in the history just before.
 */
export function beforeArrival(visits: Visit[], index: number): ChangeTimes {
  const arrival = visits[index].at;
  let waited = index - 1;
  while (waited >= 0 && visits[waited + 1].at === visits[waited].at) waited--;
  const room = waited >= 0 ? margin(arrival - visits[waited].at) : MINUTE;
  return {
    attributesAt: waited >= 0 ? arrival - room : 'profile',
    eventsEndAt: (within) => arrival - Math.min(room, within === undefined ? room : margin(within)),
  };
}

/** A moment well inside the wait the contact makes at `visit`, before it is due to move on. */
export function duringWait(visit: Visit): Instant {
  return visit.at + (visit.until === undefined ? MINUTE : Math.max(SECOND, margin(visit.until - visit.at)));
}
