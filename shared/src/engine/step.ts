import { createActor, createMachine, type AnyActorScope, type AnyMachineSnapshot } from 'xstate';
import { CONVERTED, type CompiledScenario, type MachineHooks } from '../compile/index.ts';
import { evaluateCondition, matchesEvent } from '../conditions/evaluate.ts';
import { NODE_DEFINITIONS, type Behaviour, type NodeRun, type NodeShape, type PressuredSend } from '../nodes/index.ts';
import type { Condition, EventMatcher } from '../schema/conditions.ts';
import type { NodeOf, NodeType, ScenarioNode } from '../schema/nodes.ts';
import type { Json } from '../schema/primitives.ts';
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
  StepContext,
  StepResult,
  TraceStep,
} from './types.ts';
import { wakeUpFor, type TimedWait } from './waits.ts';

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

  record(node: NodeShape, outcome: TraceStep['outcome'], extra: Partial<TraceStep> = {}): void {
    this.steps.push({ at: this.ctx.now, node: node.id, type: node.type as NodeType, outcome, ...extra });
  }

  private schedule(node: NodeShape, seq: number, at: number): void {
    this.effects.push({ kind: 'schedule', node: node.id, seq, at });
    this.scheduledNow.add(node.id);
  }

  arrive(node: ScenarioNode, seq: number): void {
    this.current = node.id;
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
    const { channel, template } = request;
    if (request.once && this.receivedBefore(template)) {
      this.pass(node);
      return this.record(node, 'skipped', { reason: `already received ${request.task ? 'this task' : `template ${template}`}`, rule: 'repeat' });
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
    });
    if (decision.kind === 'defer') {
      this.schedule(node, seq, decision.until);
      return this.record(node, 'deferred', { until: decision.until, reason: decision.reason, rule: decision.rule });
    }
    this.pass(node);
    if (decision.kind === 'skip') return this.record(node, 'skipped', { reason: decision.reason, rule: decision.rule });
    this.ctx.sent.push({ channel, at: this.ctx.now, scenarioId: this.compiled.scenario.id, template });
    this.send(node, seq, { channel, template, ...(request.task ? { task: request.task } : {}) });
    this.record(node, 'sent', { reason: request.reason });
  }

  send(node: NodeShape, seq: number, request: Omit<MessageRequest, 'node' | 'idempotencyKey'>): void {
    this.pass(node);
    const idempotencyKey = `${this.ctx.enrolmentKey}:${node.id}:${seq}`;
    this.effects.push({ kind: 'send', message: { node: node.id, idempotencyKey, ...request } });
  }

  effect(effect: Effect): void {
    this.effects.push(effect);
  }

  finish(status: 'exited' | 'converted'): void {
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
  live: AnyMachineSnapshot;
}

/**
 * Moves one enrolment: starts it (`enter`, with no snapshot) or delivers an event, a timer or a
 * change of facts, and runs the machine until the contact waits or leaves. Pure apart from the
 * in-place updates of `ctx.contact` and `ctx.sent` that the effects also report.
 */
export function advance(compiled: CompiledScenario, live: AnyMachineSnapshot | null, input: EngineInput, ctx: StepContext): LiveStepResult {
  const scope = scopeOf(compiled);
  const event = input.kind === 'event' || input.kind === 'enter' ? input.event : undefined;
  const run = new StepRun(compiled, ctx, live ? nodeOf(live) : null, event);
  let next: AnyMachineSnapshot;
  if (input.kind === 'enter') {
    if (live) throw new Error('enter starts a new enrolment: pass no snapshot');
    next = compiled.machine.getInitialSnapshot(scope, { hooks: run });
  } else {
    if (!live) throw new Error(`a ${input.kind} input needs the enrolment's snapshot`);
    if (live.status === 'done') return { live, status: statusOf(compiled, live, run), node: nodeOf(live), effects: [], steps: [] };
    const machineEvent =
      input.kind === 'timer'
        ? { type: 'TIMER' as const, node: input.node, seq: input.seq, hooks: run }
        : { type: input.kind === 'event' ? ('EVENT' as const) : ('FACTS' as const), hooks: run };
    next = compiled.machine.transition(live, machineEvent, scope);
  }
  if (next.status === 'error') throw next.error;
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
  return { snapshot: next === live ? snapshot : compiled.machine.getPersistedSnapshot(next), ...result };
}
