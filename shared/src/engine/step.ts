import { createActor, createMachine, type AnyActorScope, type AnyMachineSnapshot } from 'xstate';
import { CONVERTED, type CompiledScenario, type MachineHooks } from '../compile/index.ts';
import type { MachineContext } from '../compile/hooks.ts';
import { evaluateCondition, matchesEvent } from '../conditions/evaluate.ts';
import { chooseBest, NODE_DEFINITIONS, type Behaviour, type NodeRun, type NodeShape, type PressuredSend, type Remembered } from '../nodes/index.ts';
import type { Condition, EventMatcher } from '../schema/conditions.ts';
import type { NodeOf, NodeType, ScenarioNode } from '../schema/nodes.ts';
import type { Json } from '../schema/primitives.ts';
import { collectItem, digestContent, openDigest, type DigestState } from './digest.ts';
import { decideSend } from './pressure.ts';
import { splitArmOf } from './split.ts';
import type {
  ContactEvent,
  ContactFacts,
  Effect,
  EngineInput,
  EnrolmentStatus,
  Instant,
  MessageRequest,
  SentMessage,
  StepContext,
  StepResult,
  TraceStep,
} from './types.ts';
import { wakeUpFor, type TimedWait } from './waits.ts';

/**
 * How many node arrivals one input may cause. A scenario that validates arrives at each node at most
 * once per input (every loop passes a wait that takes time), so only a loop that never waits (a
 * scenario stored before validation caught it) reaches this; the bound grows with very large scenarios.
 */
export const MAX_ARRIVALS_PER_INPUT = 1000;

/** Thrown inside the machine to abort a step that went round a loop without progress. */
class LoopWithoutProgress extends Error {
  constructor(readonly node: ScenarioNode) {
    super(`loop without progress at node ${node.id}`);
  }
}

/**
 * The hooks of one step: they turn what the machine does into effects and trace steps. What a
 * contact arriving at a node does is the node type's own behaviour (shared/src/nodes); this class
 * gives those behaviours the means (`NodeRun`).
 */
class StepRun implements MachineHooks, NodeRun {
  readonly effects: Effect[] = [];
  readonly steps: TraceStep[] = [];
  private readonly ready = new Set<string>();
  private readonly arrivedNow = new Set<string>();
  private readonly scheduledNow = new Set<string>();
  private arrivals = 0;
  /** The enrolment's latest digest as the machine holds it at the node being arrived at: its sends carry it. */
  private digest: DigestState | undefined;
  remembered: Remembered | undefined;
  /** How many messages this step appended to `ctx.sent`. */
  sentCount = 0;
  ended: EnrolmentStatus | undefined;

  constructor(
    private readonly compiled: CompiledScenario,
    private readonly ctx: StepContext,
    public current: string | null,
    readonly event: ContactEvent | undefined,
  ) {}

  get contact(): ContactFacts {
    return this.ctx.contact;
  }

  get now(): Instant {
    return this.ctx.now;
  }

  get enteredAt(): Instant | undefined {
    return this.ctx.enteredAt;
  }

  get lastStep(): TraceStep | undefined {
    return this.steps.at(-1);
  }

  record(node: NodeShape, outcome: TraceStep['outcome'], extra: Partial<TraceStep> = {}): void {
    this.steps.push({ at: this.ctx.now, node: node.id, type: node.type as NodeType, outcome, ...extra });
  }

  private schedule(node: NodeShape, seq: number, at: number): void {
    this.effects.push({ kind: 'schedule', node: node.id, seq, at });
    this.scheduledNow.add(node.id);
  }

  arrive(node: ScenarioNode, seq: number, context: MachineContext): void {
    if (++this.arrivals > Math.max(MAX_ARRIVALS_PER_INPUT, this.compiled.nodes.size)) throw new LoopWithoutProgress(node);
    this.current = node.id;
    this.digest = context.digest;
    this.remembered = context.remembered;
    this.arrivedNow.add(node.id);
    // Each definition's behaviour is typed for its own node; the node's type picks the definition.
    (NODE_DEFINITIONS[node.type].behaviour as Behaviour<ScenarioNode>)(this, node, seq);
  }

  wait(node: NodeShape, seq: number): void {
    const wake = wakeUpFor(node as TimedWait, this.ctx.contact, this.ctx.now);
    if (wake.at <= this.ctx.now) {
      this.ready.add(node.id);
      return this.record(node, 'resumed', { reason: wake.reason });
    }
    this.schedule(node, seq, wake.at);
    this.record(node, 'waiting', { until: wake.at, reason: wake.reason });
  }

  pass(node: NodeShape): void {
    this.ready.add(node.id);
  }

  sendUnderPressure(node: NodeShape, seq: number, request: PressuredSend): void {
    const { channel, template, topic, transactional } = request;
    if (request.once && this.receivedBefore(template)) {
      this.pass(node);
      return this.record(node, 'skipped', { reason: `already received ${request.task ? 'this task' : request.onsite ? 'this on-site item' : `template ${template}`}`, rule: 'repeat' });
    }
    const decision = decideSend({
      channel,
      onCap: request.onCap,
      scenarioId: this.compiled.scenario.id,
      settings: this.compiled.scenario.settings,
      policy: this.ctx.policy,
      contact: this.ctx.contact,
      sent: this.ctx.sent,
      now: this.ctx.now,
      topic,
      transactional,
    });
    if (decision.kind === 'defer') {
      this.schedule(node, seq, decision.until);
      return this.record(node, 'deferred', { until: decision.until, reason: decision.reason, rule: decision.rule });
    }
    this.pass(node);
    if (decision.kind === 'skip') return this.record(node, 'skipped', { reason: decision.reason, rule: decision.rule });
    // Optional fields are set one by one, not spread: on Node 20.20 a spread in a literal cost microseconds each time.
    const sent: SentMessage = { channel, at: this.ctx.now, scenarioId: this.compiled.scenario.id, template };
    if (transactional) sent.transactional = transactional;
    this.ctx.sent.push(sent);
    this.sentCount++;
    const message: Omit<MessageRequest, 'node' | 'idempotencyKey' | 'event'> = { channel, template };
    if (request.task) message.task = request.task;
    if (transactional) message.transactional = transactional;
    if (request.onsite) message.onsite = request.onsite;
    this.send(node, seq, message);
    this.record(node, 'sent', { reason: request.reason });
  }

  send(node: NodeShape, seq: number, request: Omit<MessageRequest, 'node' | 'idempotencyKey' | 'event'>): void {
    this.pass(node);
    const idempotencyKey = `${this.ctx.enrolmentKey}:${node.id}:${seq}`;
    const message: MessageRequest = Object.assign({ node: node.id, idempotencyKey }, request);
    // The enrolment's triggering event travels with the message, for `{{ event.* }}` at delivery.
    const { trigger } = this.ctx;
    if (trigger) message.event = { name: trigger.name, properties: trigger.properties };
    // A send after a digest lists what it collected: `{{ digest.count }}`, `{{ digest.items }}`.
    if (this.digest) message.digest = digestContent(this.digest);
    this.effects.push({ kind: 'send', message });
  }

  openDigest(node: NodeOf<'wait.digest'>): DigestState {
    const state = openDigest(node.id, this.ctx.now, wakeUpFor(node, this.ctx.contact, this.ctx.now).at);
    return this.event && matchesEvent(node.config, this.event) ? collectItem(state, node.config, this.event.properties) : state;
  }

  collectDigest(node: NodeOf<'wait.digest'>, state: DigestState): DigestState {
    const next = collectItem(state, node.config, this.event!.properties);
    this.record(node, 'waiting', { until: next.closesAt, reason: `collected ${this.event!.name}: ${next.count} so far` });
    return next;
  }

  effect(effect: Effect): void {
    this.effects.push(effect);
  }

  finish(status: 'exited' | 'converted' | 'completed'): void {
    this.ended = status;
  }

  /** Sent earlier in this very step (in `sent`), or before, as the runtime knows (or `sent` again). */
  private receivedBefore(template: string): boolean {
    const scenarioId = this.compiled.scenario.id;
    return this.ctx.sent.some((m) => m.scenarioId === scenarioId && m.template === template) || this.ctx.receivedBefore?.(template) === true;
  }

  setAttribute(attribute: string, value: Json | undefined): void {
    const attributes = { ...this.ctx.contact.attributes };
    if (value === undefined) delete attributes[attribute];
    else attributes[attribute] = value;
    this.ctx.contact.attributes = attributes;
    this.effects.push({ kind: 'setAttribute', attribute, value });
  }

  took(nodeId: string, output: string, closing?: string): void {
    const last = this.steps.findLast((s) => s.node === nodeId);
    if (last && this.arrivedNow.has(nodeId) && last.output === undefined) {
      last.output = output;
      return;
    }
    const node = this.compiled.nodes.get(nodeId)!;
    const reason = closing ?? (this.event && output === 'happened' ? `event ${this.event.name}` : undefined);
    this.record(node, output === 'timedOut' ? 'timed_out' : 'resumed', { output, ...(reason ? { reason } : {}) });
  }

  leave(node: string): void {
    if (this.arrivedNow.has(node) && !this.scheduledNow.has(node)) return;
    this.effects.push({ kind: 'cancelTimers', node });
  }

  end(status: 'exited' | 'converted', reason: string): void {
    this.ended = status;
    const node = this.current ? this.compiled.nodes.get(this.current) : undefined;
    if (node) this.record(node, status, { reason });
  }

  isReady(node: string): boolean {
    return this.ready.has(node);
  }

  condition(condition: Condition): boolean {
    return evaluateCondition(condition, this.ctx.contact, this.ctx.now);
  }

  eventMatches(matcher: EventMatcher): boolean {
    return this.event !== undefined && matchesEvent(matcher, this.event);
  }

  eventProperties(): Record<string, Json> {
    return this.event?.properties ?? {};
  }

  inArm(nodeId: string, arm: string): boolean {
    const variants = (this.compiled.nodes.get(nodeId) as NodeOf<'branch.split'>).config.variants;
    return splitArmOf(variants, this.ctx.contact.id, nodeId) === arm;
  }

  bestOutput(node: NodeOf<'branch.best'>): string {
    return chooseBest(node.config, this.ctx.contact, this.ctx.now).output;
  }
}

/** One inert actor scope per compiled machine, reused by every step: XState's own pure helpers build one per call. */
const scopes = new WeakMap<CompiledScenario, AnyActorScope>();
function scopeOf(compiled: CompiledScenario): AnyActorScope {
  let scope = scopes.get(compiled);
  if (!scope) {
    const self = createActor(createMachine({}));
    scope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      logger: () => {},
      defer: () => {},
      emit: () => {},
      stopChild: () => {},
      actionExecutor: (action: { exec?: (info: unknown, params: unknown) => void; info: unknown; params: unknown }) =>
        action.exec?.(action.info, action.params),
    } as unknown as AnyActorScope;
    scopes.set(compiled, scope);
  }
  return scope;
}

function nodeOf(snapshot: AnyMachineSnapshot): string | null {
  return typeof snapshot.value === 'string' ? snapshot.value : null;
}

function statusOf(compiled: CompiledScenario, snapshot: AnyMachineSnapshot, run: StepRun): EnrolmentStatus {
  if (snapshot.status !== 'done') return 'active';
  if (run.ended) return run.ended;
  const node = nodeOf(snapshot);
  return node === CONVERTED || compiled.nodes.get(node ?? '')?.type === 'flow.goal' ? 'converted' : 'exited';
}

export interface LiveStepResult extends Omit<StepResult, 'snapshot'> {
  /** The machine's snapshot as an object, for a caller (the simulator) that keeps it in memory. */
  live: AnyMachineSnapshot | null;
}

/** The machine's next snapshot for the input, or the loop fault that stopped it. */
function runMachine(compiled: CompiledScenario, live: AnyMachineSnapshot | null, input: EngineInput, run: StepRun): AnyMachineSnapshot | LoopWithoutProgress {
  const scope = scopeOf(compiled);
  let next: AnyMachineSnapshot;
  try {
    if (input.kind === 'enter') next = compiled.machine.getInitialSnapshot(scope, { hooks: run });
    else {
      const machineEvent =
        input.kind === 'timer'
          ? { type: 'TIMER' as const, node: input.node, seq: input.seq, hooks: run }
          : { type: input.kind === 'event' ? ('EVENT' as const) : ('FACTS' as const), hooks: run };
      next = compiled.machine.transition(live!, machineEvent, scope);
    }
  } catch (error) {
    // A transition lets an error thrown by a hook through; the initial snapshot keeps it, in error.
    if (error instanceof LoopWithoutProgress) return error;
    throw error;
  }
  if (next.status !== 'error') return next;
  if (next.error instanceof LoopWithoutProgress) return next.error;
  throw next.error;
}

/**
 * Moves one enrolment: starts it (`enter`, with no snapshot) or delivers an event, a timer or a
 * change of facts, and runs the machine until the contact waits or leaves. Pure apart from the
 * in-place updates of `ctx.contact` and `ctx.sent` that the effects also report.
 *
 * A step that goes round a loop without progress (see MAX_ARRIVALS_PER_INPUT) is undone (facts and
 * sent messages as they were, no effect) and ends the enrolment with one trace step, located on the
 * node where it stopped: the runtime records it like any exit, and nothing hangs.
 */
export function advance(compiled: CompiledScenario, live: AnyMachineSnapshot | null, input: EngineInput, ctx: StepContext): LiveStepResult {
  const event = input.kind === 'event' || input.kind === 'enter' ? input.event : undefined;
  const run = new StepRun(compiled, ctx, live ? nodeOf(live) : null, event);
  if (input.kind === 'enter' && live) throw new Error('enter starts a new enrolment: pass no snapshot');
  if (input.kind !== 'enter' && !live) throw new Error(`a ${input.kind} input needs the enrolment's snapshot`);
  if (live?.status === 'done') return { live, status: statusOf(compiled, live, run), node: nodeOf(live), effects: [], steps: [] };
  const { attributes, lists } = ctx.contact;
  const next = runMachine(compiled, live, input, run);
  if (next instanceof LoopWithoutProgress) {
    Object.assign(ctx.contact, { attributes, lists });
    if (run.sentCount > 0) ctx.sent.splice(-run.sentCount);
    const fault: TraceStep = { at: ctx.now, node: next.node.id, type: next.node.type, outcome: 'exited', reason: next.message };
    return { live, status: 'exited', node: next.node.id, effects: [], steps: [fault] };
  }
  const node = nodeOf(next);
  const atNode = node && compiled.nodes.has(node) ? node : run.current;
  return { live: next, status: statusOf(compiled, next, run), node: atNode, effects: run.effects, steps: run.steps };
}

/** The node an active persisted snapshot rests at (XState keeps a flat machine's state value as its name). */
function restingNode(snapshot: unknown): string | undefined {
  const persisted = snapshot as { status?: unknown; value?: unknown } | null;
  return persisted?.status === 'active' && typeof persisted.value === 'string' ? persisted.value : undefined;
}

/**
 * `advance` over a persisted (JSON) snapshot, as the server stores it. When the input moved nothing
 * (XState hands back the very snapshot it was given: an event no node of the journey listens to,
 * say), the result carries the given `snapshot` object itself, so the caller can skip writing it.
 * An event or a change of facts that cannot move the contact where it rests
 * (`CompiledScenario.mayMove`) is answered so without restoring the machine at all.
 */
export function step(compiled: CompiledScenario, snapshot: unknown | null, input: EngineInput, ctx: StepContext): StepResult {
  const resting = restingNode(snapshot);
  if (resting !== undefined && (input.kind === 'event' || input.kind === 'facts') && !compiled.mayMove(resting, input.kind === 'event' ? input.event : undefined)) {
    return { snapshot, status: 'active', node: resting, effects: [], steps: [] };
  }
  const live = snapshot === null ? null : (compiled.machine.restoreSnapshot(snapshot as never, scopeOf(compiled)) as AnyMachineSnapshot);
  const { live: next, ...result } = advance(compiled, live, input, ctx);
  return { snapshot: next === live ? snapshot : next && compiled.machine.getPersistedSnapshot(next), ...result };
}
