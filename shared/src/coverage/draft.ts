import type { Instant } from '../engine/types.ts';
import type { Json } from '../schema/primitives.ts';
import type { Scenario } from '../schema/scenario.ts';
import type { ContactProfile, TimelineEntry } from '../schema/testcase.ts';
import { SimulationError, simulate } from '../simulate/simulate.ts';
import type { SimulationResult } from '../simulate/types.ts';
import { formatDuration } from '../time/duration.ts';
import type { FactsChange } from './solve.ts';

const SECOND = 1_000;

export type DraftEntry =
  | { at: Instant; event: string; properties: Record<string, Json> }
  | { at: Instant; attributes: Record<string, Json> };

/** A test case being built: the contact's profile and a timeline whose times are instants. */
export interface Draft {
  start: Instant;
  contact: ContactProfile;
  timeline: DraftEntry[];
  /** The simulation horizon, when the default one is too short for the path. */
  until?: string;
}

/** Where a change goes: attributes in the profile or at an instant, events ending at an instant. */
export interface ChangeTimes {
  attributesAt: Instant | 'profile';
  /** When the last planned event happens, given how recent the condition needs it (ms). */
  eventsEndAt(within: number | undefined): Instant;
}

/** The timeline as a test case writes it: offsets from the start, ISO instants for the history before it. */
export function timelineOf(draft: Draft): TimelineEntry[] {
  // A stable sort keeps the order of entries at the same instant, which the simulator respects.
  return [...draft.timeline]
    .sort((a, b) => a.at - b.at)
    .map(({ at, ...rest }) => ({ at: at >= draft.start ? formatDuration(at - draft.start) : new Date(at).toISOString(), ...rest }));
}

/** Simulates the draft; null when the scenario loops without waiting for it. */
export function simulateDraft(scenario: Scenario, draft: Draft): SimulationResult | null {
  try {
    return simulate(scenario, { contact: draft.contact, events: timelineOf(draft), start: new Date(draft.start).toISOString(), until: draft.until });
  } catch (error) {
    if (error instanceof SimulationError) return null;
    throw error;
  }
}

/** The draft with a change of facts applied at the given times. */
export function withChange(draft: Draft, change: FactsChange, times: ChangeTimes): Draft {
  const attributes = { ...draft.contact.attributes };
  let lists = [...draft.contact.lists];
  for (const [list, member] of Object.entries(change.lists)) {
    lists = member ? [...new Set([...lists, list])] : lists.filter((l) => l !== list);
  }
  const timeline = [...draft.timeline];
  const count = change.events.length;
  change.events.forEach((e, i) => {
    // One second apart, the last one at the planned end.
    timeline.push({ at: times.eventsEndAt(e.within) - (count - 1 - i) * SECOND, event: e.name, properties: e.properties });
  });
  const changed = Object.entries(change.attributes);
  if (times.attributesAt === 'profile') {
    for (const [name, value] of changed) {
      if (value === undefined) delete attributes[name];
      else attributes[name] = value;
    }
  } else if (changed.length > 0) {
    // A timeline entry merges attributes and cannot remove one: null stands for absent (exists and not_exists agree).
    timeline.push({ at: times.attributesAt, attributes: Object.fromEntries(changed.map(([name, value]) => [name, value ?? null])) });
  }
  return { ...draft, contact: { ...draft.contact, attributes, lists }, timeline };
}
