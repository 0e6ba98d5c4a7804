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
const MAX_SIMULATION_STEPS = 100_000;

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

/** One contact on the virtual clock: facts, send history and time shared by all its scenarios. */
class Contact {
  readonly facts: ContactFacts;
  readonly sent: SentMessage[] = [];
  readonly runs: ScenarioRun[];

  constructor(
    scenarios: Scenario[],
    readonly input: SimulationInput,
    public now: Instant,
  ) {
    const profile = input.contact;
    this.facts = {
      id: profile.id,
      attributes: { ...profile.attributes },
      consents: { ...profile.consents },
      timeZone: profile.timeZone ?? scenarios[0].settings.defaultTimeZone,
      lists: [...profile.lists],
      events: [],
    };
    this.runs = scenarios.map((scenario) => new ScenarioRun(scenario, this));
  }

  /** Applies a timeline entry to the facts, then lets every scenario react; `triggers` is false for history. */
  apply(item: TimelineEntry, triggers: boolean): void {
    // A segment entry fires when its condition starts to hold, not whenever it holds.
    const matchedBefore = this.runs.map((run) => triggers && run.segmentMatches());
    if ('event' in item) {
      const event: ContactEvent = { name: item.event, at: this.now, properties: item.properties };
      this.facts.events.push(event);
      if (triggers) this.runs.forEach((run, i) => run.onEvent(event, matchedBefore[i]));
      return;
    }
    this.facts.attributes = { ...this.facts.attributes, ...item.attributes };
    if (triggers) this.runs.forEach((run, i) => run.onFacts(matchedBefore[i]));
  }

  /** The next timer of any scenario, earliest first (scenario order breaks ties). */
  nextTimer(): { run: ScenarioRun; timer: Timer } | undefined {
    let next: { run: ScenarioRun; timer: Timer } | undefined;
    for (const run of this.runs) {
      const timer = run.nextTimer();
      if (timer && (!next || timer.at < next.timer.at)) next = { run, timer };
    }
    return next;
  }

  nextDateEntry(): { run: ScenarioRun; at: Instant } | undefined {
    let next: { run: ScenarioRun; at: Instant } | undefined;
    for (const run of this.runs) {
      const at = run.nextDateEntry();
      if (at !== undefined && (!next || at < next.at)) next = { run, at };
    }
    return next;
  }
}

/** One scenario's enrolments of the contact: the state `simulate` walks forward. */
class ScenarioRun {
  private readonly machine: CompiledScenario;
  readonly steps: SimulatedStep[] = [];
  readonly messages: SimulatedMessage[] = [];
  enrolment: Enrolment | null = null;
  passes = 0;
  private lastEntry = -Infinity;

  constructor(
    private readonly scenario: Scenario,
    private readonly contact: Contact,
  ) {
    this.machine = compiled(scenario);
  }

  get isActive(): boolean {
    return this.enrolment?.status === 'active';
  }

  private run(engineInput: EngineInput): void {
    const current = this.enrolment!;
    const { facts, sent, now, input } = this.contact;
    const result = advance(this.machine, current.live, engineInput, {
      now,
      contact: facts,
      sent,
      enrolmentKey: `${this.scenario.id}:${facts.id}:${current.pass}`,
      policy: input.policy,
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
        this.messages.push({ at: now, node, channel, template, pass: current.pass });
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
    return this.contact.now >= this.lastEntry + parseDuration(reentry.after);
  }

  enter(event?: ContactEvent): void {
    this.passes++;
    this.lastEntry = this.contact.now;
    this.enrolment = { live: null, pass: this.passes, status: 'active', node: null, timers: [] };
    this.run({ kind: 'enter', event });
  }

  /** At the start: an API entry enrols at once, a segment entry if the profile already matches. */
  enterAtStart(): void {
    if (this.machine.entry.type === 'entry.api' || this.segmentMatches()) this.enter();
  }

  segmentMatches(): boolean {
    const entry = this.machine.entry;
    return entry.type === 'entry.segment' && evaluateCondition((entry as NodeOf<'entry.segment'>).config.condition, this.contact.facts, this.contact.now);
  }

  onEvent(event: ContactEvent, segmentMatchedBefore: boolean): void {
    const entry = this.machine.entry;
    if (this.isActive) this.run({ kind: 'event', event });
    else if (entry.type === 'entry.event' && matchesEvent((entry as NodeOf<'entry.event'>).config, event) && this.mayEnter()) this.enter(event);
    else if (!segmentMatchedBefore && this.segmentMatches() && this.mayEnter()) this.enter();
  }

  onFacts(segmentMatchedBefore: boolean): void {
    if (this.isActive) this.run({ kind: 'facts' });
    else if (!segmentMatchedBefore && this.segmentMatches() && this.mayEnter()) this.enter();
  }

  /** The next instant a date-attribute entry is due, within the re-entry policy. */
  nextDateEntry(): Instant | undefined {
    const entry = this.machine.entry;
    if (entry.type !== 'entry.date' || this.isActive) return undefined;
    const reentry = this.scenario.settings.reentry;
    const { now, facts } = this.contact;
    let from = now;
    if (this.passes > 0) {
      if (reentry.policy === 'never') return undefined;
      from = Math.max(now, this.lastEntry + (reentry.policy === 'after' ? parseDuration(reentry.after) : 1));
    }
    const { attribute, offsetDays, at, recurrence } = (entry as NodeOf<'entry.date'>).config;
    const value = facts.attributes[attribute];
    if (typeof value !== 'string') return undefined;
    const due =
      recurrence === 'yearly' ? nextAnniversary(value, facts.timeZone, at, offsetDays, from) : dateAt(value, facts.timeZone, at, offsetDays);
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

  result(start: Instant, end: Instant): SimulationResult {
    const final = this.enrolment;
    return {
      steps: this.steps,
      messages: this.messages,
      status: final ? final.status : 'not_entered',
      at: final?.status === 'active' ? final.node : null,
      passes: this.passes,
      start,
      end,
    };
  }
}

/**
 * Runs one contact through several scenarios at once on a virtual clock, with the engine the
 * server runs: they share the contact's facts and send history, so frequency caps across
 * scenarios apply as they would live. Timeline entries are applied in time order; at equal
 * times a timeline entry comes before a timer, so an event arriving exactly at a deadline still
 * counts; scenarios react in the order given. Returns one result per scenario.
 */
export function simulateJourneys(scenarios: Scenario[], input: SimulationInput): SimulationResult[] {
  if (scenarios.length === 0) return [];
  const start = Date.parse(input.start ?? DEFAULT_SIMULATION_START);
  const horizon = start + parseDuration(input.until ?? '90d');
  const contact = new Contact(scenarios, input, start);
  const timeline = input.events
    .map((item, index) => ({ item, index, at: resolveTimelineTime(item.at, start) }))
    .sort((a, b) => a.at - b.at || a.index - b.index);

  // What happened before the start is history: visible to conditions, triggering nothing.
  let cursor = 0;
  for (; cursor < timeline.length && timeline[cursor].at < start; cursor++) {
    contact.now = timeline[cursor].at;
    contact.apply(timeline[cursor].item, false);
  }
  contact.now = start;
  for (const run of contact.runs) run.enterAtStart();

  for (;;) {
    const timer = contact.nextTimer();
    const item = timeline[cursor];
    const dateEntry = contact.nextDateEntry();
    const due = Math.min(item?.at ?? Infinity, timer?.timer.at ?? Infinity, dateEntry?.at ?? Infinity);
    if (!Number.isFinite(due) || due > horizon) break;
    contact.now = Math.max(contact.now, due);
    if (item && item.at === due) {
      cursor++;
      contact.apply(item.item, true);
    } else if (timer && timer.timer.at === due) timer.run.fire(timer.timer);
    else dateEntry!.run.enter();
  }
  return contact.runs.map((run) => run.result(start, contact.now));
}

/** Runs one contact through one scenario on a virtual clock (see simulateJourneys). */
export function simulate(scenario: Scenario, input: SimulationInput): SimulationResult {
  return simulateJourneys([scenario], input)[0];
}
