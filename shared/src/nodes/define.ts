import { z } from 'zod';
import type { Condition } from '../schema/conditions.ts';
import { Identifier, type Channel, type Json, type PressureChannel } from '../schema/primitives.ts';
import type { ContactEvent, ContactFacts, Effect, MessageRequest, StepOutcome, TraceStep } from '../engine/types.ts';
import type { Remembered } from './correlation.ts';

export type NodeFamily = 'entry' | 'wait' | 'branch' | 'action' | 'flow';

/**
 * How the compiler turns a node into a state of the journey's machine:
 * - `pass`: moves on by `next` at once (entries, immediate actions);
 * - `wait`: moves on by `next` when ready or when its timer fires (delay, until, window);
 * - `send`: moves on by `next` when ready; a deferred send's timer re-enters the node, which asks again;
 * - `event` / `conditionWait`: `happened` / `met` or `timedOut`;
 * - `digest`: collects its event while it waits, and moves on by `next` when its timer fires;
 * - `condition`, `switch`, `split`, `best`: branch at once;
 * - `final`: the journey ends there.
 */
export type MachineKind = 'pass' | 'wait' | 'send' | 'event' | 'conditionWait' | 'digest' | 'condition' | 'switch' | 'split' | 'best' | 'final';

/** Kinds whose state counts visits: timers and idempotency keys need a number per visit. */
export const VISIT_COUNTED: ReadonlySet<MachineKind> = new Set(['wait', 'send', 'event', 'conditionWait', 'digest']);

/** A node of one type as the engine sees it (the parsed config, defaults applied). */
export interface NodeShape<T extends string = string, Config = unknown> {
  id: string;
  type: T;
  label?: string;
  config: Config;
}

/** A send held to the marketing-pressure rules: consent, quiet hours, frequency caps, `once`. */
export interface PressuredSend {
  channel: PressureChannel;
  onCap: 'skip' | 'defer';
  /** What `once` and the outbox remember as sent: the template, or for a task the node. */
  template: string;
  once: boolean;
  /** Said in the trace when the send goes: "template welcome", "call task". */
  reason: string;
  task?: MessageRequest['task'];
  /** The topic the message is about: a contact who opted out of it on the channel is skipped. */
  topic?: string;
  /** Bypasses the contact's topics and frequency choice, never consent. */
  transactional?: boolean;
  onsite?: MessageRequest['onsite'];
}

/** What a node's behaviour may do when a contact arrives at it; the engine's step implements it. */
export interface NodeRun {
  /** The event that moved the contact in this step, if any. */
  readonly event: ContactEvent | undefined;
  readonly contact: ContactFacts;
  readonly now: number;
  /** When the enrolment started, where the runtime knows it: a goal's window opens there. */
  readonly enteredAt: number | undefined;
  /** The trace step this step recorded last (the node and output the contact just left by), if any. */
  readonly lastStep: TraceStep | undefined;
  /** What the journey remembered of its trigger and awaited events, for `sameAs` (see nodes/correlation.ts). */
  readonly remembered: Remembered | undefined;
  record(node: NodeShape, outcome: StepOutcome, extra?: Partial<TraceStep>): void;
  /** Waits at a wait node until its wake-up, or lets the contact through when it is already due. */
  wait(node: NodeShape, seq: number): void;
  /** The node is done: the machine may leave it by its `always` transition. */
  pass(node: NodeShape): void;
  /** A send under the pressure rules; the node is passed unless the send is deferred. */
  sendUnderPressure(node: NodeShape, seq: number, send: PressuredSend): void;
  /** A send no pressure rule applies to (a webhook reaches a system, not a person). */
  send(node: NodeShape, seq: number, request: Omit<MessageRequest, 'node' | 'idempotencyKey'>): void;
  setAttribute(attribute: string, value: Json | undefined): void;
  effect(effect: Effect): void;
  condition(condition: Condition): boolean;
  finish(status: 'exited' | 'converted' | 'completed'): void;
}

export type Behaviour<N extends NodeShape> = (run: NodeRun, node: N, seq: number) => void;

/** Everything Parcours knows about one node type; catalogue, schema, compiler, engine and checks read it. */
export interface NodeDefinition<T extends string = string, C extends z.ZodType = z.ZodType> {
  type: T;
  family: NodeFamily;
  /** What the palette and the canvas call it. */
  title: string;
  /** One line for the palette's tooltip and the JSON Schema. */
  description: string;
  /** The node's `config`; fields carry `.meta({ title, description })` for the forms and the JSON Schema. */
  config: C;
  machine: MachineKind;
  /** The channel it sends on, for nodes that send. */
  channel?: Channel;
  /** The config field that names one of the scenario's templates (checked against the templates). */
  templateField?: 'template';
  /** Named outputs in display order; a branch's default output comes last. */
  outputs: readonly string[] | ((config: z.output<C>) => string[]);
  /** The output a branch falls back to, which must always be connected. */
  defaultOutput?: string;
  /** The config a node starts with when dropped on the canvas; `templateFor` names a template of a channel. */
  starter: (templateFor: (channel: Channel) => string) => z.input<C>;
  /** What happens when a contact arrives at the node. */
  behaviour: Behaviour<NodeShape<T, z.output<C>>>;
}

/** T and C come from `type` and `config` alone; the rest is checked against them, never inferred from. */
export function define<T extends string, C extends z.ZodType>(
  type: T,
  config: C,
  rest: NoInfer<Omit<NodeDefinition<T, C>, 'type' | 'config'>>,
): NodeDefinition<T, C> {
  return { type, config, ...rest };
}

const Position = z.object({ x: z.number(), y: z.number() }).strict();

/** The zod schema of a whole node of one type: id, type, optional label, config, canvas position. */
export type NodeSchema<T extends string, C extends z.ZodType> = z.ZodObject<
  {
    id: typeof Identifier;
    type: z.ZodLiteral<T>;
    label: z.ZodOptional<z.ZodString>;
    config: C;
    position: z.ZodDefault<typeof Position>;
  },
  z.core.$strict
>;

export function nodeSchema<T extends string, C extends z.ZodType>(type: T, config: C): NodeSchema<T, C> {
  return z
    .object({
      id: Identifier,
      type: z.literal(type),
      label: z.string().max(200).optional(),
      config,
      position: Position.default({ x: 0, y: 0 }),
    })
    .strict();
}

/** What a send does when a frequency cap forbids it now: drop it, or wait until the cap allows it. */
export const OnCap = z
  .enum(['skip', 'defer'])
  .default('skip')
  .meta({ title: 'When a frequency cap applies', description: 'Skip the send, or defer it until the cap allows it' });

export const Once = z
  .boolean()
  .default(false)
  .meta({ title: 'Once', description: 'At most once per contact from this scenario, whatever the pass (A/B arms, re-entry)' });

/** The condition a new entry or branch starts with, for the marketer to fill in (validation flags it until then). */
export const blankCondition = { attribute: '', op: 'eq' as const, value: '' };

/** Records entry, branch and flow nodes reach without doing anything else. */
export const recordOnly =
  (outcome: StepOutcome): Behaviour<NodeShape> =>
  (run, node) =>
    run.record(node, outcome);
