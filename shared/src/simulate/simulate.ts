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

interface Enrolment {
  live: AnyMachineSnapshot;
  pass: number;
  status: EnrolmentStatus;
  node: string | null;
  timers: Array<{ node: string; seq: number; at: Instant }>;
}

/**
 * Runs one contact through a scenario on a virtual clock, with the engine the server runs.
 * Timeline entries are applied in time order; at equal times a timeline entry comes before a
 * timer, so an event arriving exactly at a deadline still counts.
 */
export function simulate(scenario: Scenario, input: SimulationInput): SimulationResult {
  const machine = compiled(scenario);
  const start = Date.parse(input.start ?? DEFAULT_SIMULATION_START);
  const horizon = start + parseDuration(input.until ?? '90d');
  const profile = input.contact;
  const contact: ContactFacts = {
    id: profile.id,
    attributes: { ...profile.attributes },
    consents: { ...profile.consents },
    timeZone: profile.timeZone ?? scenario.settings.defaultTimeZone,
    lists: [...profile.lists],
    events: [],
  };
  const sent: SentMessage[] = [];
  const steps: SimulatedStep[] = [];
  const messages: SimulatedMessage[] = [];
  const entry = machine.entry;
  const reentry = scenario.settings.reentry;
  let enrolment: Enrolment | null = null;
  let passes = 0;
  let lastEntry = -Infinity;
  let now = start;

  const timeline = input.events
    .map((item, index) => ({ item, index, at: resolveTimelineTime(item.at, start) }))
    .sort((a, b) => a.at - b.at || a.index - b.index);

  const run = (engineInput: EngineInput) => {
    const current = enrolment!;
    const result = advance(machine, engineInput.kind === 'enter' ? null : current.live, engineInput, {
      now,
      contact,
      sent,
      enrolmentKey: `${scenario.id}:${contact.id}:${current.pass}`,
      policy: input.policy,
    });
    current.live = result.live;
    current.status = result.status;
    current.node = result.node;
    for (const step of result.steps) steps.push({ ...step, pass: current.pass });
    for (const effect of result.effects) {
      if (effect.kind === 'schedule') current.timers.push({ node: effect.node, seq: effect.seq, at: effect.at });
      else if (effect.kind === 'cancelTimers') current.timers = current.timers.filter((t) => t.node !== effect.node);
      else if (effect.kind === 'send') {
        const { node, channel, template } = effect.message;
        messages.push({ at: now, node, channel, template, pass: current.pass });
      }
    }
    if (current.status !== 'active') current.timers = [];
    if (steps.length > MAX_SIMULATION_STEPS) {
      throw new SimulationError(`stopped after ${MAX_SIMULATION_STEPS} steps at node ${current.node}: a loop waits too little`);
    }
  };

  const mayEnter = () => {
    if (enrolment?.status === 'active') return false;
    if (reentry.policy === 'never') return passes === 0;
    if (reentry.policy === 'always') return true;
    return now >= lastEntry + parseDuration(reentry.after);
  };

  const enter = (event?: ContactEvent) => {
    passes++;
    lastEntry = now;
    enrolment = { live: null as never, pass: passes, status: 'active', node: null, timers: [] };
    run({ kind: 'enter', event });
  };

  const segmentMatches = () =>
    entry.type === 'entry.segment' && evaluateCondition((entry as NodeOf<'entry.segment'>).config.condition, contact, now);

  /** The earliest instant a date trigger may enter the contact again, by the re-entry policy. */
  const earliestDateEntry = () => {
    if (passes === 0) return now;
    if (reentry.policy === 'never') return Infinity;
    return Math.max(now, lastEntry + (reentry.policy === 'after' ? parseDuration(reentry.after) : 1));
  };

  const nextDateEntry = (): Instant | undefined => {
    if (entry.type !== 'entry.date') return undefined;
    const from = earliestDateEntry();
    if (!Number.isFinite(from)) return undefined;
    const { attribute, offsetDays, at, recurrence } = (entry as NodeOf<'entry.date'>).config;
    const value = contact.attributes[attribute];
    if (typeof value !== 'string') return undefined;
    const due = recurrence === 'yearly' ? nextAnniversary(value, contact.timeZone, at, offsetDays, from) : dateAt(value, contact.timeZone, at, offsetDays);
    return due !== null && due >= from ? due : undefined;
  };

  const apply = (item: TimelineEntry, triggers: boolean) => {
    // A segment entry fires when its condition starts to hold, not whenever it holds.
    const matchedBefore = triggers && segmentMatches();
    if ('event' in item) {
      const event: ContactEvent = { name: item.event, at: now, properties: item.properties };
      contact.events.push(event);
      if (!triggers) return;
      if (enrolment?.status === 'active') run({ kind: 'event', event });
      else if (entry.type === 'entry.event' && matchesEvent((entry as NodeOf<'entry.event'>).config, event) && mayEnter()) enter(event);
      else if (!matchedBefore && segmentMatches() && mayEnter()) enter();
      return;
    }
    contact.attributes = { ...contact.attributes, ...item.attributes };
    if (!triggers) return;
    if (enrolment?.status === 'active') run({ kind: 'facts' });
    else if (!matchedBefore && segmentMatches() && mayEnter()) enter();
  };

  // What happened before the start is history: visible to conditions, triggering nothing.
  let cursor = 0;
  for (; cursor < timeline.length && timeline[cursor].at < start; cursor++) {
    now = timeline[cursor].at;
    apply(timeline[cursor].item, false);
  }
  now = start;
  if (entry.type === 'entry.api' || segmentMatches()) enter();

  for (;;) {
    const active = enrolment as Enrolment | null;
    const timer = active?.status === 'active' ? active.timers.reduce<Enrolment['timers'][number] | undefined>((a, t) => (!a || t.at < a.at ? t : a), undefined) : undefined;
    const nextItem = timeline[cursor];
    const dateEntry = active?.status === 'active' ? undefined : nextDateEntry();
    const due = Math.min(nextItem?.at ?? Infinity, timer?.at ?? Infinity, dateEntry ?? Infinity);
    if (!Number.isFinite(due) || due > horizon) break;
    now = Math.max(now, due);
    if (nextItem && nextItem.at === due) {
      cursor++;
      apply(nextItem.item, true);
    } else if (timer && timer.at === due) {
      active!.timers = active!.timers.filter((t) => t !== timer);
      run({ kind: 'timer', node: timer.node, seq: timer.seq });
    } else {
      enter();
    }
  }

  const final = enrolment as Enrolment | null;
  return {
    steps,
    messages,
    status: final ? final.status : 'not_entered',
    at: final?.status === 'active' ? final.node : null,
    passes,
    start,
    end: now,
  };
}
