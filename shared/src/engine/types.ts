import type { DigestContent } from './digest.ts';
import type { FrequencyCap, QuietHours } from '../schema/scenario.ts';
import type { ContactPreferences } from '../schema/preferences.ts';
import type { NodeType } from '../schema/nodes.ts';
import type { Channel, ConsentChannel, Json, MessageChannel, PressureChannel } from '../schema/primitives.ts';

/** Milliseconds since the Unix epoch. Every time inside the engine is one of these. */
export type Instant = number;

export interface ContactEvent {
  name: string;
  at: Instant;
  properties: Record<string, Json>;
}

/** What the engine may read about a contact. The runtime (server or simulator) owns and persists it. */
export interface ContactFacts {
  id: string;
  attributes: Record<string, Json>;
  consents: Partial<Record<ConsentChannel, boolean>>;
  /** IANA zone; the runtime resolves a missing one to the scenario's default. */
  timeZone: string;
  lists: string[];
  /** Events the contact did, oldest first, for event-history conditions. */
  events: ContactEvent[];
  /** Channels whose address of the contact is on the suppression list (hard bounce, complaint, manual). */
  suppressed?: readonly MessageChannel[];
  /** Topics opted out of and the frequency chosen (the preference centre); none: every topic, no limit. */
  preferences?: ContactPreferences;
  /** Channels whose consent the contact gave but has not confirmed yet (double opt-in): nothing is sent on them. */
  pendingConsents?: readonly ConsentChannel[];
}

/** A message already sent to the contact (any scenario): what frequency caps count. */
export interface SentMessage {
  channel: PressureChannel;
  at: Instant;
  scenarioId: string;
  template?: string;
  /** A transactional message (a receipt, a password reset): the contact's frequency choice does not count it. */
  transactional?: boolean;
}

/** Pressure rules that apply to every scenario (the operator's settings). */
export interface GlobalPolicy {
  frequencyCaps: FrequencyCap[];
  quietHours?: QuietHours;
}

/** What makes an enrolment's actor move. */
export type EngineInput =
  /** Starts an enrolment; `event` is the event that triggered the entry, if any. */
  | { kind: 'enter'; event?: ContactEvent }
  /** The contact did an event; the runtime has already appended it to `facts.events`. */
  | { kind: 'event'; event: ContactEvent }
  /** A wake-up the engine asked for fell due. `seq` must be echoed from the schedule effect. */
  | { kind: 'timer'; node: string; seq: number }
  /** Attributes or lists changed: re-check conditions the contact waits on. */
  | { kind: 'facts' };

/**
 * The event that started an enrolment (an `entry.event` trigger), as its messages' templates read it
 * in `{{ event.name }}` and `{{ event.properties.* }}`.
 */
export type TriggerEvent = Pick<ContactEvent, 'name' | 'properties'>;

export interface WebhookSpec {
  url: string;
  method: string;
  headers?: Record<string, string>;
}

export interface MessageRequest {
  node: string;
  channel: Channel;
  template?: string;
  /** Stable across retries and replays of the same step: the outbox's unique key. */
  idempotencyKey: string;
  webhook?: WebhookSpec;
  /** The enrolment's triggering event (StepContext.trigger), captured when the step asks for the send. */
  event?: TriggerEvent;
  /** For a task: what the team is asked to do; title and instructions are Liquid, rendered at delivery. */
  task?: TaskRequest;
  /** What the enrolment's latest digest node collected, for `{{ digest.* }}` (a send after a digest). */
  digest?: DigestContent;
  /** Sent whatever the contact's topics and frequency choice (never whatever their consent). */
  transactional?: boolean;
  /** For an on-site item: its placement, Liquid content and how long and how often it shows. */
  onsite?: OnsiteRequest;
}

export interface OnsiteRequest {
  placement: string;
  format: 'html' | 'text' | 'json';
  content: string;
  /** Higher first, in the placement. */
  priority: number;
  expiresAt: Instant;
  maxImpressionsPerDay?: number;
}

export interface TaskRequest {
  kind: 'call' | 'visit' | 'letter' | 'appointment' | 'other';
  title: string;
  instructions: string;
  team?: string;
  assignee?: string;
  /** When the team should have done it. */
  dueAt?: Instant;
}

/** What the runtime must do, in order, in the same transaction as the new snapshot. */
export type Effect =
  | { kind: 'schedule'; node: string; seq: number; at: Instant }
  /** The contact left the node it waited at: its pending timers are void. */
  | { kind: 'cancelTimers'; node: string }
  | { kind: 'send'; message: MessageRequest }
  | { kind: 'setAttribute'; attribute: string; value: Json | undefined }
  | { kind: 'list'; list: string; op: 'add' | 'remove' }
  | { kind: 'startScenario'; scenario: string };

export const STEP_OUTCOMES = ['entered', 'waiting', 'resumed', 'timed_out', 'branched', 'sent', 'skipped', 'deferred', 'updated', 'converted', 'completed', 'exited'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

/** Which marketing-pressure rule held a message back. */
export const PRESSURE_RULES = ['consent', 'suppressed', 'quiet_hours', 'frequency_cap', 'repeat', 'topic', 'frequency_choice', 'consent_pending'] as const;
export type PressureRule = (typeof PRESSURE_RULES)[number];

export interface TraceStep {
  at: Instant;
  node: string;
  type: NodeType;
  outcome: StepOutcome;
  /** The output the contact left by (yes/no, a split arm, happened/timedOut...). */
  output?: string;
  /** Why: "no consent for email", "cap 3 email / 7d reached", "quiet hours 21:00-08:00", "exit event unsubscribed"... */
  reason?: string;
  /** For a skipped or deferred send: the rule that held it back. */
  rule?: PressureRule;
  /** For waits and deferrals: when the contact is due to move on. */
  until?: Instant;
}

/** `completed`: ended on a goal node without the goal happening (see nodes/goal.ts); `converted`: the goal happened. */
export type EnrolmentStatus = 'active' | 'exited' | 'converted' | 'completed';

export interface StepResult {
  /** JSON-serialisable XState persisted snapshot; the very object `step` was given when nothing moved. */
  snapshot: unknown;
  status: EnrolmentStatus;
  /** The node the contact is at (waiting), or the final node it ended on. */
  node: string | null;
  effects: Effect[];
  steps: TraceStep[];
}

export interface StepContext {
  now: Instant;
  /** Mutated in place by attribute, score and list actions, so later guards see the change. */
  contact: ContactFacts;
  /** The contact's sent messages, all scenarios; appended to in place by sends. */
  sent: SentMessage[];
  /**
   * Whether the contact already received `template` from this scenario, in any pass, for sends
   * marked `once`, when `sent` does not hold that whole history (the server keeps only the
   * frequency-cap windows there).
   */
  receivedBefore?: (template: string) => boolean;
  /** Unique per enrolment (contact × scenario version × pass); prefixes idempotency keys. */
  enrolmentKey: string;
  /** When the enrolment started: a goal's event counts from there unless the goal has its own window. */
  enteredAt?: Instant;
  /** The event that started this enrolment, if one did: every send of the enrolment carries it. */
  trigger?: TriggerEvent;
  policy?: GlobalPolicy;
}
