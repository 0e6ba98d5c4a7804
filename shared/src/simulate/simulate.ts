import type { AnyMachineSnapshot } from 'xstate';
import { compileScenario, type CompiledScenario } from '../compile/index.ts';
import { evaluateCondition, matchesEvent } from '../conditions/evaluate.ts';
import { advance } from '../engine/step.ts';
import type { ContactEvent, ContactFacts, EngineInput, EnrolmentStatus, Instant, SentMessage } from '../engine/types.ts';
import type { NodeOf } from '../schema/nodes.ts';
import type { Scenario } from '../schema/scenario.ts';
import type { TimelineEntry } from '../schema/testcase.ts';
import { DURATION_PATTERN } from '../schema/primitives.ts';
import { parseDuration } from '../time/duration.ts';
import { dateAt, nextAnniversary } from '../time/zoned.ts';
import { DEFAULT_SIMULATION_START } from './defaults.ts';
import type { SimulatedMessage, SimulatedStep, SimulationInput, SimulationResult } from './types.ts';

/** A simulation that passes this many steps is stuck in a loop that waits too little. */
export const MAX_SIMULATION_STEPS = 100_000;

export class SimulationError extends Error {}

const compiledScenarios = new WeakMap<Scenario, CompiledScenario>();
/** Compiles a scenario once per scenario object. */
export function compiled(scenario: Scenario): CompiledScenario {
  let result = compiledScenarios.get(scenario);
  if (!result) compiledScenarios.set(scenario, (result = compileScenario(scenario)));
  return result;
}

/** A timeline time: an offset from the start ("2h") or an ISO instant. */
export function resolveTimelineTime(at: string, start: Instant): Instant {
  return DURATION_PATTERN.test(at) ? start + parseDuration(at) : Date.parse(at);
}

interface Timer {
  node: string;
  seq: number;
  at: Instant;
}

interface Enrolment {
  live: AnyMachineSnapshot | null;
  pass: number;
  status: EnrolmentStatus;
  node: string | null;
  timers: Timer[];
}

/** One contact's run on the virtual clock: the state `simulate` walks forward. */
class Simulation {
  private readonly machine: CompiledScenario;
  private readonly contact: ContactFacts;
  private readonly sent: SentMessage[] = [];
  readonly steps: SimulatedStep[] = [];
  readonly messages: SimulatedMessage[] = [];
  enrolment: Enrolment | null = null;
  passes = 0;
  private lastEntry = -Infinity;

  constructor(
    private readonly scenario: Scenario,
    private readonly input: SimulationInput,
    public now: Instant,
  ) {
    this.machine = compiled(scenario);
    const profile = input.contact;
    this.contact = {
      id: profile.id,
      attributes: { ...profile.attributes },
      consents: { ...profile.consents },
      timeZone: profile.timeZone ?? scenario.settings.defaultTimeZone,
      lists: [...profile.lists],
      events: [],
    };
  }

  get isActive(): boolean {
    return this.enrolment?.status === 'active';
  }

  private run(engineInput: EngineInput): void {
    const current = this.enrolment!;
    const result = advance(this.machine, current.live, engineInput, {
      now: this.now,
      contact: this.contact,
      sent: this.sent,
      enrolmentKey: `${this.scenario.id}:${this.contact.id}:${current.pass}`,
      policy: this.input.policy,
    });
    current.live = result.live;
    current.status = result.status;
    current.node = result.node;
    for (const step of result.steps) this.steps.push(Object.assign(step, { pass: current.pass }));
    for (const effect of result.effects) {
      if (effect.kind === 'schedule') current.timers.push({ node: effect.node, seq: effect.seq, at: effect.at });
      else if (effect.kind === 'cancelTimers') current.timers = current.timers.filter((t) => t.node !== effect.node);
      else if (effect.kind === 'send') {
        const { node, channel, template } = effect.message;
        this.messages.push({ at: this.now, node, channel, template, pass: current.pass });
      }
    }
    if (current.status !== 'active') current.timers = [];
    if (this.steps.length > MAX_SIMULATION_STEPS) {
      throw new SimulationError(`stopped after ${MAX_SIMULATION_STEPS} steps at node ${current.node}: a loop waits too little`);
    }
  }

  private mayEnter(): boolean {
    const reentry = this.scenario.settings.reentry;
    if (this.isActive) return false;
    if (reentry.policy === 'never') return this.passes === 0;
    if (reentry.policy === 'always') return true;
    return this.now >= this.lastEntry + parseDuration(reentry.after);
  }

  enter(event?: ContactEvent): void {
    this.passes++;
    this.lastEntry = this.now;
    this.enrolment = { live: null, pass: this.passes, status: 'active', node: null, timers: [] };
    this.run({ kind: 'enter', event });
  }

  segmentMatches(): boolean {
    const entry = this.machine.entry;
    return entry.type === 'entry.segment' && evaluateCondition((entry as NodeOf<'entry.segment'>).config.condition, this.contact, this.now);
  }

  /** The next instant a date-attribute entry is due, within the re-entry policy. */
  nextDateEntry(): Instant | undefined {
    const entry = this.machine.entry;
    if (entry.type !== 'entry.date' || this.isActive) return undefined;
    const reentry = this.scenario.settings.reentry;
    let from = this.now;
    if (this.passes > 0) {
      if (reentry.policy === 'never') return undefined;
      from = Math.max(this.now, this.lastEntry + (reentry.policy === 'after' ? parseDuration(reentry.after) : 1));
    }
    const { attribute, offsetDays, at, recurrence } = (entry as NodeOf<'entry.date'>).config;
    const value = this.contact.attributes[attribute];
    if (typeof value !== 'string') return undefined;
    const zone = this.contact.timeZone;
    const due = recurrence === 'yearly' ? nextAnniversary(value, zone, at, offsetDays, from) : dateAt(value, zone, at, offsetDays);
    return due !== null && due >= from ? due : undefined;
  }

  nextTimer(): Timer | undefined {
    if (!this.isActive) return undefined;
    let next: Timer | undefined;
    for (const timer of this.enrolment!.timers) if (!next || timer.at < next.at) next = timer;
    return next;
  }

  fire(timer: Timer): void {
    this.enrolment!.timers = this.enrolment!.timers.filter((t) => t !== timer);
    this.run({ kind: 'timer', node: timer.node, seq: timer.seq });
  }

  /** Applies a timeline entry; `triggers` is false for history before the start. */
  apply(item: TimelineEntry, triggers: boolean): void {
    const entry = this.machine.entry;
    // A segment entry fires when its condition starts to hold, not whenever it holds.
    const matchedBefore = triggers && this.segmentMatches();
    if ('event' in item) {
      const event: ContactEvent = { name: item.event, at: this.now, properties: item.properties };
      this.contact.events.push(event);
      if (!triggers) return;
      if (this.isActive) this.run({ kind: 'event', event });
      else if (entry.type === 'entry.event' && matchesEvent((entry as NodeOf<'entry.event'>).config, event) && this.mayEnter()) this.enter(event);
      else if (!matchedBefore && this.segmentMatches() && this.mayEnter()) this.enter();
      return;
    }
    this.contact.attributes = { ...this.contact.attributes, ...item.attributes };
    if (!triggers) return;
    if (this.isActive) this.run({ kind: 'facts' });
    else if (!matchedBefore && this.segmentMatches() && this.mayEnter()) this.enter();
  }
}

/**
 * Runs one contact through a scenario on a virtual clock, with the engine the server runs.
 * Timeline entries are applied in time order; at equal times a timeline entry comes before a
 * timer, so an event arriving exactly at a deadline still counts.
 */
export function simulate(scenario: Scenario, input: SimulationInput): SimulationResult {
  const start = Date.parse(input.start ?? DEFAULT_SIMULATION_START);
  const horizon = start + parseDuration(input.until ?? '90d');
  const sim = new Simulation(scenario, input, start);
  const timeline = input.events
    .map((item, index) => ({ item, index, at: resolveTimelineTime(item.at, start) }))
    .sort((a, b) => a.at - b.at || a.index - b.index);

  // What happened before the start is history: visible to conditions, triggering nothing.
  let cursor = 0;
  for (; cursor < timeline.length && timeline[cursor].at < start; cursor++) {
    sim.now = timeline[cursor].at;
    sim.apply(timeline[cursor].item, false);
  }
  sim.now = start;
  if (compiled(scenario).entry.type === 'entry.api' || sim.segmentMatches()) sim.enter();

  for (;;) {
    const timer = sim.nextTimer();
    const item = timeline[cursor];
    const dateEntry = sim.nextDateEntry();
    const due = Math.min(item?.at ?? Infinity, timer?.at ?? Infinity, dateEntry ?? Infinity);
    if (!Number.isFinite(due) || due > horizon) break;
    sim.now = Math.max(sim.now, due);
    if (item && item.at === due) {
      cursor++;
      sim.apply(item.item, true);
    } else if (timer && timer.at === due) sim.fire(timer);
    else sim.enter();
  }

  const final = sim.enrolment;
  return {
    steps: sim.steps,
    messages: sim.messages,
    status: final ? final.status : 'not_entered',
    at: final?.status === 'active' ? final.node : null,
    passes: sim.passes,
    start,
    end: sim.now,
  };
}
