import { createActor, createMachine, type AnyActorScope, type AnyMachineSnapshot } from 'xstate';
import { CONVERTED, type CompiledScenario, type MachineHooks } from '../compile/index.ts';
import { evaluateCondition, matchesEvent } from '../conditions/evaluate.ts';
import { channelOf, familyOf } from '../schema/catalogue.ts';
import type { Condition, EventMatcher } from '../schema/conditions.ts';
import type { NodeOf, ScenarioNode } from '../schema/nodes.ts';
import type { Json, MessageChannel } from '../schema/primitives.ts';
import { decideSend } from './pressure.ts';
import { splitArmOf } from './split.ts';
import type { ContactEvent, Effect, EngineInput, EnrolmentStatus, MessageRequest, StepContext, StepResult, TraceStep } from './types.ts';
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

/** The hooks of one step: they turn what the machine does into effects and trace steps. */
class StepRun implements MachineHooks {
  readonly effects: Effect[] = [];
  readonly steps: TraceStep[] = [];
  private readonly ready = new Set<string>();
  private readonly arrivedNow = new Set<string>();
  private readonly scheduledNow = new Set<string>();
  private arrivals = 0;
  /** How many messages this step appended to `ctx.sent`. */
  sentCount = 0;
  ended: EnrolmentStatus | undefined;

  constructor(
    private readonly compiled: CompiledScenario,
    private readonly ctx: StepContext,
    public current: string | null,
    private readonly event: ContactEvent | undefined,
  ) {}

  private record(node: ScenarioNode, outcome: TraceStep['outcome'], extra: Partial<TraceStep> = {}): void {
    this.steps.push({ at: this.ctx.now, node: node.id, type: node.type, outcome, ...extra });
  }

  private schedule(node: ScenarioNode, seq: number, at: number): void {
    this.effects.push({ kind: 'schedule', node: node.id, seq, at });
    this.scheduledNow.add(node.id);
  }

  arrive(node: ScenarioNode, seq: number): void {
    if (++this.arrivals > Math.max(MAX_ARRIVALS_PER_INPUT, this.compiled.nodes.size)) throw new LoopWithoutProgress(node);
    this.current = node.id;
    this.arrivedNow.add(node.id);
    const family = familyOf(node.type);
    if (family === 'entry') return this.record(node, 'entered', this.event ? { reason: `event ${this.event.name}` } : {});
    if (family === 'branch') return this.record(node, 'branched');
    if (family === 'wait') return this.arriveAtWait(node as TimedWait, seq);
    if (family === 'action') return this.act(node, seq);
    // flow: a goal reached by its own event says so; one reached by an edge is a conversion too.
    if (node.type === 'flow.goal') {
      this.ended = 'converted';
      return this.record(node, 'converted', { reason: this.event && node.config.event === this.event.name ? `goal event ${this.event.name}` : 'reached the goal' });
    }
    this.ended = 'exited';
    this.record(node, 'exited');
  }

  private arriveAtWait(node: TimedWait, seq: number): void {
    if (node.type === 'wait.condition' && this.condition(node.config.condition)) {
      return this.record(node, 'resumed', { reason: 'the condition already holds' });
    }
    const wake = wakeUpFor(node, this.ctx.contact, this.ctx.now);
    if (wake.at <= this.ctx.now) {
      this.ready.add(node.id);
      return this.record(node, 'resumed', { reason: wake.reason });
    }
    this.schedule(node, seq, wake.at);
    this.record(node, 'waiting', { until: wake.at, reason: wake.reason });
  }

  private act(node: ScenarioNode, seq: number): void {
    const { contact } = this.ctx;
    const key = `${this.ctx.enrolmentKey}:${node.id}:${seq}`;
    switch (node.type) {
      case 'action.email':
      case 'action.sms':
      case 'action.push': {
        const channel = channelOf(node.type) as MessageChannel;
        const { template, once } = node.config;
        if (once && this.receivedBefore(template)) {
          this.ready.add(node.id);
          return this.record(node, 'skipped', { reason: `already received template ${template}`, rule: 'repeat' });
        }
        const decision = decideSend({
          channel,
          onCap: node.config.onCap,
          scenarioId: this.compiled.scenario.id,
          settings: this.compiled.scenario.settings,
          policy: this.ctx.policy,
          contact,
          sent: this.ctx.sent,
          now: this.ctx.now,
        });
        if (decision.kind === 'defer') {
          this.schedule(node, seq, decision.until);
          return this.record(node, 'deferred', { until: decision.until, reason: decision.reason, rule: decision.rule });
        }
        this.ready.add(node.id);
        if (decision.kind === 'skip') return this.record(node, 'skipped', { reason: decision.reason, rule: decision.rule });
        this.ctx.sent.push({ channel, at: this.ctx.now, scenarioId: this.compiled.scenario.id, template });
        this.sentCount++;
        this.send({ node: node.id, channel, template, idempotencyKey: key });
        return this.record(node, 'sent', { reason: `template ${template}` });
      }
      case 'action.webhook': {
        const { url, method, headers, template } = node.config;
        this.send({ node: node.id, channel: 'webhook', template, idempotencyKey: key, webhook: { url, method, headers } });
        return this.record(node, 'sent', { reason: `${method} ${url}` });
      }
      case 'action.attribute': {
        const value = node.config.op === 'unset' ? undefined : (node.config.value ?? null);
        this.setAttribute(node.config.attribute, value);
        return this.record(node, 'updated', { reason: value === undefined ? `${node.config.attribute} removed` : `${node.config.attribute} = ${JSON.stringify(value)}` });
      }
      case 'action.score': {
        const before = contact.attributes[node.config.attribute];
        const after = (typeof before === 'number' ? before : 0) + node.config.delta;
        this.setAttribute(node.config.attribute, after);
        const sign = node.config.delta >= 0 ? '+' : '';
        return this.record(node, 'updated', { reason: `${node.config.attribute} ${sign}${node.config.delta} = ${after}` });
      }
      case 'action.list': {
        const { list, op } = node.config;
        contact.lists = op === 'add' ? [...new Set([...contact.lists, list])] : contact.lists.filter((l) => l !== list);
        this.effects.push({ kind: 'list', list, op });
        return this.record(node, 'updated', { reason: `${op === 'add' ? 'added to' : 'removed from'} list ${list}` });
      }
      case 'action.scenario':
        this.effects.push({ kind: 'startScenario', scenario: node.config.scenario });
        return this.record(node, 'updated', { reason: `start scenario ${node.config.scenario}` });
    }
  }

  private send(message: Omit<MessageRequest, 'event'>): void {
    const { trigger } = this.ctx;
    this.effects.push({ kind: 'send', message: trigger ? { ...message, event: { name: trigger.name, properties: trigger.properties } } : message });
  }

  /** Sent earlier in this very step (in `sent`), or before, as the runtime knows (or `sent` again). */
  private receivedBefore(template: string): boolean {
    const scenarioId = this.compiled.scenario.id;
    return this.ctx.sent.some((m) => m.scenarioId === scenarioId && m.template === template) || this.ctx.receivedBefore?.(template) === true;
  }

  private setAttribute(attribute: string, value: Json | undefined): void {
    const attributes = { ...this.ctx.contact.attributes };
    if (value === undefined) delete attributes[attribute];
    else attributes[attribute] = value;
    this.ctx.contact.attributes = attributes;
    this.effects.push({ kind: 'setAttribute', attribute, value });
  }

  took(nodeId: string, output: string): void {
    const last = this.steps.findLast((s) => s.node === nodeId);
    if (last && this.arrivedNow.has(nodeId) && last.output === undefined) {
      last.output = output;
      return;
    }
    const node = this.compiled.nodes.get(nodeId)!;
    const reason = this.event && output === 'happened' ? `event ${this.event.name}` : undefined;
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

  inArm(nodeId: string, arm: string): boolean {
    const variants = (this.compiled.nodes.get(nodeId) as NodeOf<'branch.split'>).config.variants;
    return splitArmOf(variants, this.ctx.contact.id, nodeId) === arm;
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

/**
 * `advance` over a persisted (JSON) snapshot, as the server stores it. When the input moved nothing
 * (XState hands back the very snapshot it was given: an event no node of the journey listens to,
 * say), the result carries the given `snapshot` object itself, so the caller can skip writing it.
 */
export function step(compiled: CompiledScenario, snapshot: unknown | null, input: EngineInput, ctx: StepContext): StepResult {
  const live = snapshot === null ? null : (compiled.machine.restoreSnapshot(snapshot as never, scopeOf(compiled)) as AnyMachineSnapshot);
  const { live: next, ...result } = advance(compiled, live, input, ctx);
  return { snapshot: next === live ? snapshot : next && compiled.machine.getPersistedSnapshot(next), ...result };
}
