import type { ConsentChannel, Json } from '../schema/primitives.ts';
import type { Scenario } from '../schema/scenario.ts';
import { FREQUENCY_CHOICES, type ContactPreferences } from '../schema/preferences.ts';
import type { EnrolmentRef } from './journeys.ts';

/** What a contact is, apart from its history: what an identity merge combines. */
export interface Profile {
  attributes: Record<string, Json>;
  consents: Partial<Record<ConsentChannel, boolean>>;
  lists: string[];
  timeZone?: string | null;
}

/** The attributes that score nodes write: on a merge, the visitor's score adds to the known contact's. */
export function scoreAttributesOf(scenarios: Iterable<Scenario>): Set<string> {
  const scores = new Set<string>();
  for (const scenario of scenarios) for (const node of scenario.nodes) if (node.type === 'action.score') scores.add(node.config.attribute);
  return scores;
}

/**
 * An anonymous visitor who identifies, merged into the known contact: scores add up; for every other
 * attribute, consent and the time zone, the known contact's value wins where it has one; lists join.
 */
export function mergeProfiles(visitor: Profile, known: Profile, scoreAttributes: ReadonlySet<string>): Required<Profile> {
  const attributes = { ...visitor.attributes, ...known.attributes };
  for (const name of scoreAttributes) {
    const a = visitor.attributes[name];
    const b = known.attributes[name];
    if (typeof a === 'number' && typeof b === 'number') attributes[name] = a + b;
  }
  return {
    attributes,
    consents: { ...visitor.consents, ...known.consents },
    lists: [...new Set([...known.lists, ...visitor.lists])],
    timeZone: known.timeZone ?? visitor.timeZone ?? null,
  };
}

/**
 * The visitor's active enrolments that a merge ends ("merged"): those in runs the known contact is in
 * already (same scenario and correlation value: in a scenario run per cart, the visitor's run for another
 * cart carries on). The others move to the known contact where they stand (same node, same timers).
 */
export function enrolmentsEndedByMerge<E extends EnrolmentRef>(visitor: readonly E[], known: readonly EnrolmentRef[]): E[] {
  const runOf = (e: EnrolmentRef) => JSON.stringify([e.scenarioId, e.correlation]);
  const knownIn = new Set(known.map(runOf));
  return visitor.filter((e) => knownIn.has(runOf(e)));
}

/**
 * The preferences of a visitor merged into a known contact: the most protective wins, since either may be the
 * person's latest word and a message they refused is worse than one they miss. A topic opted out of on a channel
 * by either stays opted out; the rarer frequency choice holds (monthly over weekly over daily over any).
 */
export function mergePreferences(visitor: ContactPreferences, known: ContactPreferences): ContactPreferences {
  const topics: ContactPreferences['topics'] = {};
  for (const topic of new Set([...Object.keys(visitor.topics), ...Object.keys(known.topics)])) {
    const channels = { ...visitor.topics[topic], ...known.topics[topic] };
    for (const channel of Object.keys(channels) as Array<keyof typeof channels>) {
      if (visitor.topics[topic]?.[channel] === false) channels[channel] = false;
    }
    topics[topic] = channels;
  }
  const rank = (p: ContactPreferences) => FREQUENCY_CHOICES.indexOf(p.frequency);
  return { topics, frequency: rank(visitor) > rank(known) ? visitor.frequency : known.frequency };
}
