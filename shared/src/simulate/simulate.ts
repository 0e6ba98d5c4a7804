import type { AnyMachineSnapshot } from 'xstate';
import { startCampaignMember } from '../campaigns/start.ts';
import { compileScenario, type CompiledScenario } from '../compile/index.ts';
import { advance } from '../engine/step.ts';
import type { ContactEvent, ContactFacts, EngineInput, EnrolmentStatus, Instant, MessageRequest, SentMessage, StepResult, TriggerEvent } from '../engine/types.ts';
import { ContactJourneys, type EntryTrigger, type Journey, type JourneyStore } from '../enrolment/journeys.ts';
import type { PastEnrolment } from '../enrolment/reentry.ts';
import { entryEventMatcher } from '../segments/entry.ts';
import type { Scenario } from '../schema/scenario.ts';
import type { CampaignStart, ContactProfile, TimelineEntry } from '../schema/testcase.ts';
import { mergePreferences, mergeProfiles, scoreAttributesOf } from '../enrolment/merge.ts';
import { NO_PREFERENCES } from '../schema/preferences.ts';
import { DURATION_PATTERN, isMessageChannel } from '../schema/primitives.ts';
import { PREVIEW_LINKS } from '../templates/preview.ts';
import { renderSend, type SendRenderErrorCode } from '../templates/send.ts';
import { parseDuration } from '../time/duration.ts';
import { campaignRunStartAt, campaignStartAt } from './campaign-timing.ts';
import { DEFAULT_SIMULATION_START } from './defaults.ts';
import type { SimulatedCampaignStart, SimulatedMessage, SimulatedStep, SimulationInput, SimulationResult } from './types.ts';

/** Render failures that come from the scenario, not the contact: validation reports them. */
const SCENARIO_PROBLEMS: ReadonlySet<SendRenderErrorCode> = new Set(['template_missing', 'template_not_found', 'template_channel_mismatch']);

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

/**
 * A point of the timeline: an entry at its instant, or (`audience`) a campaign start's run copying its audience, which
 * comes before the start (at once, unless at local time). `index` is the entry's place in the timeline as written.
 */
export type TimelinePoint = { index: number; at: Instant } & ({ item: TimelineEntry; audience?: undefined } | { item: CampaignStart; audience: true });

/** The order things happen to the contact: by instant, then as written, a run's copy before its start. */
const byOccurrence = (a: TimelinePoint, b: TimelinePoint) => a.at - b.at || a.index - b.index || (a.audience ? -1 : 0) - (b.audience ? -1 : 0);

/**
 * The timeline in the order things happen to the contact: each entry at its instant, and before each campaign start
 * the copy of its run's audience (campaignRunStartAt). A local-time campaign's start is not among them yet: it reaches
 * the contact at the campaign's time in the zone the contact has when the run copies its audience, as on the server,
 * where an identify before the copy can change that zone (see campaignStartPoint).
 */
export function timelinePoints(events: readonly TimelineEntry[], start: Instant, contactZone: string | undefined): TimelinePoint[] {
  const points = events.flatMap((item, index): TimelinePoint[] => {
    const at = resolveTimelineTime(item.at, start);
    if (!('campaign' in item)) return [{ item, index, at }];
    const audience: TimelinePoint = { item, index, at: campaignRunStartAt(item, at, contactZone, start), audience: true };
    return item.localTime ? [audience] : [audience, { item, index, at: campaignStartAt(item, at, contactZone) }];
  });
  return points.sort(byOccurrence);
}

/**
 * Once a local-time campaign's run copied its audience (`copy`), places its start among the points still to come
 * (after `cursor`), at the campaign's time in the contact's zone then (`contactZone`), and returns it; a start whose
 * instant came before the simulation's is history, as any entry before it: none.
 */
export function campaignStartPoint(timeline: TimelinePoint[], cursor: number, copy: TimelinePoint & { audience: true }, start: Instant, contactZone: string | undefined): TimelinePoint | undefined {
  const point: TimelinePoint = { item: copy.item, index: copy.index, at: campaignStartAt(copy.item, resolveTimelineTime(copy.item.at, start), contactZone) };
  if (point.at < start) return undefined;
  let at = cursor;
  while (at < timeline.length && byOccurrence(timeline[at], point) <= 0) at++;
  timeline.splice(at, 0, point);
  return point;
}

interface Timer {
  node: string;
  seq: number;
  at: Instant;
}

/** One pass of the contact through one scenario, kept in memory. */
interface Enrolment {
  scenarioId: string;
  run: ScenarioRun;
  live: AnyMachineSnapshot | null;
  pass: number;
  /** The run's correlation value (its cart, in a scenario run per cart; NO_CORRELATION otherwise). */
  correlation: string;
  /** The event that started the run, if one did: its messages' `{{ event.* }}`, as on the server. */
  trigger?: TriggerEvent;
  status: EnrolmentStatus;
  node: string | null;
  enteredAt: Instant;
  timers: Timer[];
}

/** One scenario's record for the contact: what `simulate` reports. */
class ScenarioRun implements Journey {
  readonly scenarioId: string;
  readonly steps: SimulatedStep[] = [];
  readonly messages: SimulatedMessage[] = [];
  readonly campaigns: SimulatedCampaignStart[] = [];
  /** Every run of the contact through the scenario, oldest first (several at once in parallel mode). */
  readonly enrolments: Enrolment[] = [];
  /** When the segment entry's condition must be checked again as time passes. */
  recheck: Instant | undefined;
  /** When the date entry's next occurrence falls due. */
  dateDue: Instant | undefined;

  constructor(readonly compiled: CompiledScenario) {
    this.scenarioId = compiled.scenario.id;
  }

  get active(): Enrolment[] {
    return this.enrolments.filter((e) => e.status === 'active');
  }

  /** The earliest timer of the active runs; the oldest run first at equal times. */
  nextTimer(): { enrolment: Enrolment; timer: Timer } | undefined {
    let next: { enrolment: Enrolment; timer: Timer } | undefined;
    for (const enrolment of this.active) for (const timer of enrolment.timers) if (!next || timer.at < next.timer.at) next = { enrolment, timer };
    return next;
  }

  result(start: Instant, end: Instant): SimulationResult {
    const final = this.enrolments.at(-1);
    return {
      steps: this.steps,
      messages: this.messages,
      status: final ? final.status : 'not_entered',
      at: final?.status === 'active' ? final.node : null,
      passes: final?.pass ?? 0,
      runs: this.enrolments.map(({ pass, correlation, status, node }) => ({ pass, correlation, status, at: status === 'active' ? node : null })),
      campaigns: this.campaigns,
      start,
      end,
    };
  }
}

/** One contact on the virtual clock: facts, send history and time shared by all its scenarios. */
class SimulatedContact implements JourneyStore<Enrolment, ScenarioRun> {
  private readonly contactFacts: ContactFacts;
  readonly sent: SentMessage[] = [];
  readonly runs: ScenarioRun[];
  private ownZone: string | undefined;
  /** The saved segments the contact is in, and when each windowed one must be checked again. */
  private readonly members = new Set<string>();
  private readonly membershipRechecks = new Map<string, Instant>();
  /** Attributes the scenarios' score nodes write: a merge adds them up. */
  private readonly scores: Set<string>;
  private stepCount = 0;
  /** Campaign starts so far: each is a run of its own, numbered as the enrolment's trigger names it. */
  private campaignRuns = 0;
  /** The campaign starts (by their index in the timeline) whose run copied its audience without the contact. */
  private readonly leftOutOfAudience = new Set<number>();

  constructor(
    scenarios: Scenario[],
    readonly input: SimulationInput,
    public now: Instant,
  ) {
    const profile = input.contact;
    this.ownZone = profile.timeZone;
    this.contactFacts = {
      id: profile.id,
      attributes: { ...profile.attributes },
      consents: { ...profile.consents },
      timeZone: profile.timeZone ?? scenarios[0].settings.defaultTimeZone,
      lists: [...profile.lists],
      events: [],
      ...(profile.preferences ? { preferences: profile.preferences } : {}),
      ...(profile.pendingConsents ? { pendingConsents: profile.pendingConsents } : {}),
    };
    this.runs = scenarios.map((scenario) => new ScenarioRun(compiled(scenario)));
    this.scores = scoreAttributesOf(scenarios);
  }

  // The store the shared enrolment policy reads and records through.
  facts = () => this.contactFacts;
  ownTimeZone = () => this.ownZone;
  eventEntries = (name: string) => this.runs.filter((r) => entryEventMatcher(r.compiled.entry)?.event === name);
  segmentEntries = () => this.runs.filter((r) => r.compiled.entry.type === 'entry.segment');
  dateEntries = () => this.runs.filter((r) => r.compiled.entry.type === 'entry.date');
  journey = (scenarioId: string) => this.runs.find((r) => r.scenarioId === scenarioId);
  active = () => this.runs.flatMap((r) => r.active);
  factsChanged = () => {};
  // The simulator runs every input through every scenario: the parity tests hold the server's shortcut to it.
  mayReactTo = () => true;

  last(scenarioId: string, correlation?: string): PastEnrolment | undefined {
    const enrolment = this.journey(scenarioId)?.enrolments.findLast((e) => correlation === undefined || e.correlation === correlation);
    return enrolment ? { enteredAt: enrolment.enteredAt, pass: enrolment.pass, active: enrolment.status === 'active' } : undefined;
  }

  open(run: ScenarioRun, _trigger: EntryTrigger, pass: number, correlation: string, event?: ContactEvent): Enrolment {
    const trigger = event && { name: event.name, properties: event.properties };
    const enrolment: Enrolment = { scenarioId: run.scenarioId, run, live: null, pass, correlation, trigger, status: 'active', node: null, enteredAt: this.now, timers: [] };
    run.enrolments.push(enrolment);
    return enrolment;
  }

  /** Ends a run where it stands (its entry if it never got further), with one trace step, as the server does. */
  end(enrolment: Enrolment, reason: string): void {
    const { compiled } = enrolment.run;
    const node = compiled.nodes.get(enrolment.node ?? '') ?? compiled.entry;
    enrolment.run.steps.push({ at: this.now, node: node.id, type: node.type, outcome: 'exited', reason, pass: enrolment.pass });
    Object.assign(enrolment, { status: 'exited', live: null, timers: [] });
  }

  step(enrolment: Enrolment, input: EngineInput): StepResult {
    const { run } = enrolment;
    this.contactFacts.timeZone = this.ownZone ?? run.compiled.scenario.settings.defaultTimeZone;
    const result = advance(run.compiled, enrolment.live, input, {
      now: this.now,
      contact: this.contactFacts,
      sent: this.sent,
      enrolmentKey: `${run.scenarioId}:${this.contactFacts.id}:${enrolment.pass}`,
      enteredAt: enrolment.enteredAt,
      trigger: enrolment.trigger,
      policy: this.input.policy,
    });
    enrolment.live = result.live;
    enrolment.status = result.status;
    enrolment.node = result.node;
    for (const step of result.steps) run.steps.push(Object.assign(step, { pass: enrolment.pass }));
    for (const effect of result.effects) {
      if (effect.kind === 'schedule') enrolment.timers.push({ node: effect.node, seq: effect.seq, at: effect.at });
      else if (effect.kind === 'cancelTimers') enrolment.timers = enrolment.timers.filter((t) => t.node !== effect.node);
      else if (effect.kind === 'send') {
        const { node, channel, template, digest } = effect.message;
        const failure = this.renderFailure(run, effect.message);
        run.messages.push({ at: this.now, node, channel, template, pass: enrolment.pass, ...(failure ? { failure } : {}), ...(digest ? { digest } : {}) });
        if (failure) markSendFailed(run.steps, node, failure);
      }
    }
    if (enrolment.status !== 'active') enrolment.timers = [];
    this.stepCount += result.steps.length;
    if (this.stepCount > MAX_SIMULATION_STEPS) {
      throw new SimulationError(`stopped after ${MAX_SIMULATION_STEPS} steps at node ${enrolment.node}: a loop waits too little`);
    }
    return { ...result, snapshot: result.live };
  }

  /**
   * Why delivery would fail to render this send for the contact as it is now (a variable it lacks...), or nothing.
   * A webhook without a template sends a fixed body, a task renders its own fields, and an on-site item is rendered
   * when a page asks (one that does not render is passed over then): only templates are checked.
   * A missing or mismatched template is a publish-blocking problem the validator reports, whoever the contact is.
   */
  private renderFailure(run: ScenarioRun, message: MessageRequest): string | undefined {
    if (!message.template || message.channel === 'task' || message.channel === 'onsite') return undefined;
    const links = isMessageChannel(message.channel) ? PREVIEW_LINKS : undefined;
    const rendered = renderSend(run.compiled.scenario, message, this.contactFacts, links);
    return rendered.ok || SCENARIO_PROBLEMS.has(rendered.error.code) ? undefined : rendered.error.message;
  }

  savedSegments = () => this.input.segments ?? [];
  memberships = () => this.members;
  recordEvent = (event: ContactEvent) => this.contactFacts.events.push(event);

  setMembership(segmentId: string, member: boolean): void {
    if (member) this.members.add(segmentId);
    else this.members.delete(segmentId);
  }

  membershipRecheckAt(segmentId: string, at: Instant | undefined): void {
    if (at === undefined) this.membershipRechecks.delete(segmentId);
    else this.membershipRechecks.set(segmentId, at);
  }

  recheckAt(scenarioId: string, at: Instant | undefined): void {
    this.journey(scenarioId)!.recheck = at;
  }

  dateEntryAt(scenarioId: string, at: Instant | undefined): void {
    this.journey(scenarioId)!.dateDue = at;
  }

  /** Whether the contact is in a campaign start's segment now; without saved segments in the input, it is taken to be. */
  private inSegmentOf(start: CampaignStart): boolean {
    return start.segment === undefined || this.input.segments === undefined || this.members.has(start.segment);
  }

  /** The campaign's run copies its audience: the contact is in it if in the segment now. `index`: the start's in the timeline. */
  copyAudience(index: number, start: CampaignStart): void {
    if (!this.inSegmentOf(start)) this.leftOutOfAudience.add(index);
  }

  /**
   * A campaign starts the first scenario's journey for the contact, decided by the server's own rule. The contact
   * must have been in the campaign's segment when its run copied the audience, and be in it now (see inSegmentOf).
   */
  startByCampaign(journeys: ContactJourneys<Enrolment, ScenarioRun>, index: number, start: CampaignStart): void {
    const run = this.runs[0];
    // The run the campaign begins is the scenario's next pass (a cascade it starts may add later ones).
    const pass = (run.enrolments.at(-1)?.pass ?? 0) + 1;
    const outcome = startCampaignMember<Enrolment, ScenarioRun>(
      {
        cancelled: false,
        inSegment: () => !this.leftOutOfAudience.has(index) && this.inSegmentOf(start),
        liveJourney: () => run,
        contact: () => ({ journeys }),
      },
      ++this.campaignRuns,
    );
    run.campaigns.push(outcome.status === 'enrolled' ? { at: this.now, status: 'enrolled', pass } : { at: this.now, ...outcome });
  }

  /** Applies a timeline entry to the facts; history (before the start) triggers nothing, nor does a campaign start then. */
  record(item: TimelineEntry): void {
    if ('campaign' in item) return;
    if ('event' in item) this.contactFacts.events.push({ name: item.event, at: this.now, properties: item.properties });
    else if ('attributes' in item) this.contactFacts.attributes = { ...this.contactFacts.attributes, ...item.attributes };
    else this.identify(item.identify, item.profile);
  }

  /**
   * The visitor identifies as a known contact: its profile merges into the known one by the server's
   * rule. The known contact is in none of the simulated journeys, so every journey carries on.
   */
  private identify(knownId: string, known: Partial<ContactProfile>): void {
    const facts = this.contactFacts;
    const merged = mergeProfiles(facts, { attributes: {}, consents: {}, lists: [], ...known }, this.scores);
    facts.id = knownId;
    facts.attributes = merged.attributes;
    facts.consents = merged.consents;
    facts.lists = merged.lists;
    // The most protective preferences win, as on the server.
    if (known.preferences || facts.preferences) facts.preferences = mergePreferences(facts.preferences ?? NO_PREFERENCES, known.preferences ?? NO_PREFERENCES);
    this.ownZone = merged.timeZone ?? undefined;
  }

  /** The next thing due on the contact's clock, earliest first; scenario order breaks ties. */
  nextDue(): { at: Instant; fire: (journeys: ContactJourneys<Enrolment, ScenarioRun>) => void } | undefined {
    let next: { at: Instant; fire: (journeys: ContactJourneys<Enrolment, ScenarioRun>) => void } | undefined;
    const consider = (at: Instant | undefined, fire: (journeys: ContactJourneys<Enrolment, ScenarioRun>) => void) => {
      if (at !== undefined && (!next || at < next.at)) next = { at, fire };
    };
    // At one instant: timers first, then date entries, then segment re-checks, then saved segments' (as the server's scheduler).
    for (const run of this.runs) {
      const due = run.nextTimer();
      if (due) consider(due.timer.at, (journeys) => this.fire(journeys, due.enrolment, due.timer));
    }
    for (const run of this.runs) consider(run.dateDue, (journeys) => journeys.dateDue(run.scenarioId, run.dateDue!));
    for (const run of this.runs) consider(run.recheck, (journeys) => journeys.recheckDue(run.scenarioId, run.recheck!));
    for (const [segmentId, at] of this.membershipRechecks) {
      consider(at, (journeys) => {
        this.membershipRechecks.delete(segmentId);
        journeys.membershipRecheckDue();
      });
    }
    return next;
  }

  private fire(journeys: ContactJourneys<Enrolment, ScenarioRun>, enrolment: Enrolment, timer: Timer): void {
    enrolment.timers = enrolment.timers.filter((t) => t !== timer);
    journeys.timerDue(enrolment, timer.node, timer.seq);
  }
}

/** The trace shows the send that delivery would fail as failed, with the reason: its last "sent" step at the node. */
function markSendFailed(steps: SimulatedStep[], node: string, failure: string): void {
  for (let i = steps.length - 1; i >= 0; i--) {
    if (steps[i].node === node && steps[i].outcome === 'sent') {
      steps[i].failure = failure;
      return;
    }
  }
}

/**
 * Runs one contact through several scenarios at once on a virtual clock, with the engine and the
 * enrolment policy the server runs: they share the contact's facts and send history, so frequency
 * caps across scenarios apply as they would live. Timeline entries are applied in time order; at
 * equal times a timeline entry comes before a timer, so an event arriving exactly at a deadline
 * still counts. The contact appears at the start (a segment entry whose condition then holds
 * enters it; an API entry enrols it). A campaign start in the timeline starts the first scenario's journey
 * as a campaign run would (and an API entry then waits for it), a local-time campaign's at the contact's own time.
 * Returns one result per scenario.
 */
export function simulateJourneys(scenarios: Scenario[], input: SimulationInput): SimulationResult[] {
  if (scenarios.length === 0) return [];
  const start = Date.parse(input.start ?? DEFAULT_SIMULATION_START);
  const horizon = start + parseDuration(input.until ?? '90d');
  const contact = new SimulatedContact(scenarios, input, start);
  const timeline = timelinePoints(input.events, start, input.contact.timeZone);

  // What happened before the start is history: visible to conditions, triggering nothing.
  let cursor = 0;
  for (; cursor < timeline.length && timeline[cursor].at < start; cursor++) {
    contact.now = timeline[cursor].at;
    contact.record(timeline[cursor].item);
  }
  contact.now = start;
  const journeys = new ContactJourneys(contact, true);
  journeys.profileChanged(() => {});
  // An API entry is enrolled at the start, unless the timeline has a campaign start: the campaign starts it then.
  if (!startsByCampaign(input.events)) for (const run of contact.runs) if (run.compiled.entry.type === 'entry.api') journeys.enterBy(run, 'api');

  for (;;) {
    const item = timeline[cursor];
    const next = contact.nextDue();
    const due = Math.min(item?.at ?? Infinity, next?.at ?? Infinity);
    if (!Number.isFinite(due) || due > horizon) break;
    contact.now = Math.max(contact.now, due);
    if (item && item.at === due) {
      cursor++;
      const entry = item.item;
      if (item.audience) {
        contact.copyAudience(item.index, item.item);
        if (item.item.localTime) campaignStartPoint(timeline, cursor, item, start, contact.ownTimeZone());
      } else if ('event' in entry) {
        const event: ContactEvent = { name: entry.event, at: contact.now, properties: entry.properties };
        journeys.didEvent(event, () => contact.facts().events.push(event));
      } else if ('campaign' in entry) contact.startByCampaign(journeys, item.index, entry);
      else journeys.profileChanged(() => contact.record(entry));
    } else next!.fire(journeys);
  }
  return contact.runs.map((run) => run.result(start, contact.now));
}

/** Whether a campaign starts the journey somewhere in the timeline (then nothing else enrols an API entry at the start). */
export const startsByCampaign = (events: readonly TimelineEntry[]): boolean => events.some((item) => 'campaign' in item);

/** Runs one contact through one scenario on a virtual clock (see simulateJourneys). */
export function simulate(scenario: Scenario, input: SimulationInput): SimulationResult {
  return simulateJourneys([scenario], input)[0];
}
