import type { MachineContext } from '../compile/hooks.ts';
import type { DigestState } from '../engine/digest.ts';
import type { ContactFacts, Instant } from '../engine/types.ts';
import { wakeUpFor, type TimedWait } from '../engine/waits.ts';
import type { ScenarioNode } from '../schema/nodes.ts';
import { sameJson } from '../publish/same-json.ts';
import { parseDuration } from '../time/duration.ts';

/** What a moved contact's enrolment holds about where it waits: the machine's persisted snapshot and its pending timer. */
export interface WaitingState {
  snapshot: unknown;
  /** When its pending timer falls due, and for which visit of the node (the machine's `seq`); null without one. */
  dueAt: Instant | null;
  timerSeq: number | null;
}

/** How the moved timer's due time was found (see movedState). */
export type DueRule = 'kept' | 'from_arrival' | 'from_move' | 'none';

export interface MovedState {
  snapshot: unknown;
  dueAt: Instant | null;
  timerNode: string | null;
  timerSeq: number | null;
  rule: DueRule;
}

/** The part of a wait's config that sets when it lets the contact go (or times out). */
function timing(node: ScenarioNode): unknown {
  switch (node.type) {
    case 'wait.delay':
      return node.config.duration;
    case 'wait.event':
    case 'wait.condition':
      return node.config.timeout;
    case 'wait.digest':
      return { window: node.config.window, until: node.config.until };
    case 'wait.until':
    case 'wait.window':
      return node.config;
    default:
      return undefined;
  }
}

/** How long after its arrival a wait lets the contact go, when that is a fixed duration. */
function fixedDuration(node: ScenarioNode): number | undefined {
  switch (node.type) {
    case 'wait.delay':
      return parseDuration(node.config.duration);
    case 'wait.event':
    case 'wait.condition':
      return parseDuration(node.config.timeout);
    case 'wait.digest':
      return node.config.window === undefined ? undefined : parseDuration(node.config.window);
    default:
      return undefined;
  }
}

const isTimedWait = (node: ScenarioNode): node is TimedWait => node.type.startsWith('wait.');

/** When the contact arrived at the node it waits at, where its state tells: a digest's opening, or the due time less a fixed duration. */
function arrivalOf(from: ScenarioNode, context: MachineContext | undefined, dueAt: Instant): Instant | undefined {
  if (from.type === 'wait.digest' && context?.digest?.node === from.id) return context.digest.openedAt;
  const duration = fixedDuration(from);
  return duration === undefined ? undefined : dueAt - duration;
}

/**
 * A waiting contact's state once moved from node `from` of its version to node `to` of the new version
 * (the mapping has checked they hold the same kind of waiting contact). The machine's snapshot rests at
 * `to` with its context kept (the visit number its timer answers to, what `sameAs` remembers, the digest
 * collected so far), so the new version's machine takes it as if the contact had reached `to` there.
 *
 * The pending timer keeps its visit number and gets a due time by this rule:
 * 1. `kept`: `to` is the same type of node with the same timing (same duration, timeout, date or hours), or a
 *    deferred send (its timer is when the send is asked again): the original due time.
 * 2. `from_arrival`: otherwise, when the contact's arrival at `from` is known (a fixed duration before its due
 *    time: delay, wait-for-event or wait-for-condition timeout, digest window; a digest's opening), the due time
 *    `to` gives a contact arriving then: a delay of 2 days moved to a delay of 3 days falls due one day later.
 * 3. `from_move`: otherwise (a wait until a date or time of day, a time window), the due time `to` gives a
 *    contact arriving now.
 * A due time already past is now: the contact moves on at the scheduler's next pass. A contact without a pending
 * timer keeps none (`none`).
 */
export function movedState(from: ScenarioNode, to: ScenarioNode, state: WaitingState, contact: Pick<ContactFacts, 'timeZone' | 'attributes'>, now: Instant): MovedState {
  const persisted = state.snapshot as { value?: unknown; context?: MachineContext };
  const context = persisted.context;
  const timer = (dueAt: Instant | null, rule: DueRule) => ({ dueAt, timerNode: dueAt === null ? null : to.id, timerSeq: dueAt === null ? null : state.timerSeq, rule });
  let due: { dueAt: Instant | null; rule: DueRule };
  if (state.dueAt === null || state.timerSeq === null) due = { dueAt: null, rule: 'none' };
  else if (!isTimedWait(to) || (from.type === to.type && sameJson(timing(from), timing(to)))) due = { dueAt: state.dueAt, rule: 'kept' };
  else {
    const arrival = arrivalOf(from, context, state.dueAt);
    // The attributes are read through, not copied: a caller may parse them only when a wait until a date attribute asks.
    const facts = { id: '', consents: {}, lists: [], events: [], timeZone: contact.timeZone, get attributes() { return contact.attributes; } };
    const at = wakeUpFor(to, facts, arrival ?? now).at;
    due = { dueAt: Math.max(at, now), rule: arrival === undefined ? 'from_move' : 'from_arrival' };
  }
  const digest: DigestState | undefined = context?.digest?.node === from.id ? { ...context.digest, node: to.id, ...(due.dueAt !== null ? { closesAt: due.dueAt } : {}) } : context?.digest;
  const snapshot = { ...persisted, value: to.id, ...(context ? { context: { ...context, ...(digest ? { digest } : {}) } } : {}) };
  return { snapshot, ...timer(due.dueAt, due.rule) };
}
