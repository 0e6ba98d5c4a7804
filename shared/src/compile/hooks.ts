import type { DigestState } from '../engine/digest.ts';
import type { Condition, EventMatcher } from '../schema/conditions.ts';
import type { Remembered } from '../nodes/correlation.ts';
import type { NodeOf, ScenarioNode } from '../schema/nodes.ts';
import type { Json } from '../schema/primitives.ts';

/**
 * What the compiled machine calls back into while it runs one step. The engine supplies a fresh
 * implementation with every event (and as the initial input), so the machine itself holds no
 * contact data and its persisted snapshot stays small: just where the contact is and a counter.
 */
export interface MachineHooks {
  /**
   * The contact arrived at a node (the `seq`-th node it entered in this enrolment), with what the machine
   * remembers: the latest digest (the sends that follow carry it) and the values `sameAs` compares with.
   */
  arrive(node: ScenarioNode, seq: number, context: MachineContext): void;
  /** The contact leaves `node` by `output`; `reason` says why in the trace when the node knows better. */
  took(node: string, output: string, reason?: string): void;
  /** The contact reached a digest node: its window opens, with the event of this step if it is the one collected. */
  openDigest(node: NodeOf<'wait.digest'>): DigestState;
  /** The event of this step is one the digest collects. */
  collectDigest(node: NodeOf<'wait.digest'>, state: DigestState): DigestState;
  /** The contact left a node it was waiting at: its timers are void. */
  leave(node: string): void;
  /** The contact left through a scenario-level exit or goal event. */
  end(status: 'exited' | 'converted', reason: string): void;
  /** A wait or send decided on arrival that the contact may move on at once. */
  isReady(node: string): boolean;
  condition(condition: Condition): boolean;
  /** Whether the event being processed matches. */
  eventMatches(matcher: EventMatcher): boolean;
  /** The properties of the event being processed (empty when the step has none). */
  eventProperties(): Record<string, Json>;
  /** Whether this contact's deterministic bucket falls in the split arm. */
  inArm(node: string, arm: string): boolean;
  /** The output a next-best-action node takes for this contact now: the winning candidate, or the fallback. */
  bestOutput(node: NodeOf<'branch.best'>): string;
}

export type MachineEvent =
  | { type: 'EVENT'; hooks: MachineHooks }
  | { type: 'TIMER'; node: string; seq: number; hooks: MachineHooks }
  | { type: 'FACTS'; hooks: MachineHooks };

export interface MachineInput {
  hooks: MachineHooks;
}

export interface MachineContext {
  /** How many nodes the contact entered so far: tells a current timer from a stale one. */
  seq: number;
  /** The digest being collected, or the last one closed: persisted with the snapshot, read by later sends. */
  digest?: DigestState;
  /** Properties of the trigger and of awaited events that later `sameAs` checks compare with. */
  remembered?: Remembered;
}

/** The hooks travel with the event; at start-up they come in the init event's input. */
export function hooksOf(event: unknown): MachineHooks {
  const e = event as { hooks?: MachineHooks; input?: { hooks: MachineHooks } };
  const hooks = e.hooks ?? e.input?.hooks;
  if (!hooks) throw new Error('a Parcours machine event must carry the step hooks');
  return hooks;
}
