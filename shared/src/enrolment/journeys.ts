import type { CompiledScenario } from '../compile/index.ts';
import { evaluateCondition, matchesEvent } from '../conditions/evaluate.ts';
import { dependsOnTime, nextTimeChange, readsEvents } from '../conditions/timing.ts';
import type { ContactEvent, ContactFacts, EngineInput, Instant, StepResult } from '../engine/types.ts';
import type { NodeOf } from '../schema/nodes.ts';
import { SEGMENT_ENTERED, SEGMENT_EXITED, type SavedSegment } from '../segments/definition.ts';
import { entryEventMatcher } from '../segments/entry.ts';
import { membershipNow, segmentsMovedByTime, segmentsReading } from '../segments/membership.ts';
import { eventMayChangeMembership } from '../segments/upkeep.ts';
import { nextDateEntry } from './dates.ts';
import { mayEnter, type PastEnrolment } from './reentry.ts';
import { correlationOf, NO_CORRELATION, restartReason } from './retrigger.ts';

/**
 * How many rounds of knock-on effects (an attribute set by one scenario waking another, a scenario
 * starting another...) one input may cause before they are no longer followed: a guard against two
 * scenarios feeding each other forever.
 */
export const MAX_CASCADE_ROUNDS = 20;

/** A live scenario version that takes new contacts. */
export interface Journey {
  scenarioId: string;
  compiled: CompiledScenario;
}

/**
 * An enrolment as the policy sees it: its scenario, and its correlation value (the run's key, in a scenario that
 * runs in parallel per key; `NO_CORRELATION` otherwise). A contact has at most one active run per scenario and value.
 */
export interface EnrolmentRef {
  scenarioId: string;
  correlation: string;
}

/**
 * Why an entry starts no run: the contact is in the run it belongs to and the re-trigger choice keeps that run
 * (`in_journey`), or the re-entry policy does not let them in again yet (`reentry`).
 */
export type EntryRefusal = 'in_journey' | 'reentry';

/** What enrolled a contact; `campaign:<run id>` names the campaign run that started it (its report reads it). */
export type EntryTrigger = 'event' | 'segment' | 'date' | 'api' | 'scenario' | `campaign:${number}`;

/**
 * Where a contact's journeys are kept: the server's database or the simulator's memory. The policy
 * (`ContactJourneys`) decides what happens; the store reads and records it.
 */
export interface JourneyStore<E extends EnrolmentRef, J extends Journey = Journey> {
  readonly now: Instant;
  /** The contact's facts, kept current by the store (events recorded, profile changes, step effects). */
  facts(): ContactFacts;
  /** The contact's own time zone, if it has one (else each scenario's default applies). */
  ownTimeZone(): string | undefined;
  /** Live event-trigger entries listening to the event name, in a stable order. */
  eventEntries(name: string): readonly J[];
  /** Live segment entries, in a stable order. */
  segmentEntries(): readonly J[];
  /** Live date-attribute entries, in a stable order. */
  dateEntries(): readonly J[];
  journey(scenarioId: string): J | undefined;
  /**
   * False only when no journey can react to the event (see `mayReactTo`): the policy then just records it (and
   * keeps saved segments' membership), without reading the contact's enrolments. A store may always say true.
   */
  mayReactTo(event: ContactEvent): boolean;
  /** The contact's active enrolments, in the order they are stepped. */
  active(): readonly E[];
  /** The contact's latest enrolment in the scenario, any version; with `correlation`, the latest with that value. */
  last(scenarioId: string, correlation?: string): PastEnrolment | undefined;
  /** Records a new enrolment (not yet stepped); `event` is the event that started it, if any. */
  open(journey: J, trigger: EntryTrigger, pass: number, correlation: string, event?: ContactEvent): E;
  /** Ends an active enrolment where it stands, outside the engine, with the reason in its trace. */
  end(enrolment: E, reason: string): void;
  /**
   * Runs the engine for one enrolment, in the time zone that applies to it (the contact's own, else
   * its scenario version's default), and records what it did (trace, timers, outbox, new state).
   * Undefined when the engine failed and the store ended the enrolment instead.
   */
  step(enrolment: E, input: EngineInput): StepResult | undefined;
  /** A step changed the contact's attributes or lists (already in `facts()`): keep them. */
  factsChanged(): void;
  /** The instant a segment entry must be checked again as time passes (undefined: never). */
  recheckAt(scenarioId: string, at: Instant | undefined): void;
  /** The instant the contact's next date-entry occurrence falls due (undefined: none left). */
  dateEntryAt(scenarioId: string, at: Instant | undefined): void;
  /** Saved segments, whose membership is kept for every contact, in a stable order. */
  savedSegments(): readonly SavedSegment[];
  /** The saved segments the contact is in, as recorded. */
  memberships(): ReadonlySet<string>;
  /** Records that the contact entered (true) or left (false) a saved segment now. */
  setMembership(segmentId: string, member: boolean): void;
  /** The instant the contact's membership of a saved segment must be checked again as time passes (undefined: never). */
  membershipRecheckAt(segmentId: string, at: Instant | undefined): void;
  /** Stores an event the policy emits itself (a segment entered or left) and adds it to the facts. */
  recordEvent(event: ContactEvent): void;
}

type SegmentEntry = NodeOf<'entry.segment'>;
const segmentOf = (journey: Journey) => journey.compiled.entry as SegmentEntry;

/**
 * Whether a journey can react to the event: a live entry on it, a live segment entry whose condition
 * reads the event history, or a version in flight whose resting contacts it may move (a goal, an exit
 * event, a wait for it, a condition over events). When none can, the event is only recorded (and the
 * saved segments that count it kept): the contact's enrolments need not even be read. Most events
 * (page views...) are such.
 */
export function mayReactTo(event: ContactEvent, live: { eventEntries: readonly Journey[]; segmentEntries: readonly Journey[] }, inFlight: readonly CompiledScenario[]): boolean {
  return (
    live.eventEntries.some((journey) => matchesEvent(entryEventMatcher(journey.compiled.entry)!, event)) ||
    live.segmentEntries.some((journey) => readsEvents(segmentOf(journey).config.condition)) ||
    inFlight.some((compiled) => compiled.mayMoveAnywhere(event))
  );
}
const dateEntryOf = (journey: Journey) => journey.compiled.entry as NodeOf<'entry.date'>;

/**
 * Whether the policy only records the event, whoever the contact: no journey can react to it and no saved segment
 * reads it (`react` then records it and checks no segment, since the segments it checks are among those reading the
 * event). Nothing of the contact is read, so a store may record such an event without loading the contact.
 */
export function onlyRecorded(event: ContactEvent, store: Pick<JourneyStore<EnrolmentRef>, 'mayReactTo' | 'savedSegments'>): boolean {
  return !store.mayReactTo(event) && segmentsReading(store.savedSegments(), event.name).length === 0;
}

/**
 * The enrolment policy of one contact, shared by the simulator and the server: which entries an
 * input triggers, when re-entry opens, and how a step's effects on the contact carry over to its
 * other journeys. A segment entry fires when its condition becomes true: on an event, a change of
 * profile, a step's effects, or the passage of time (a re-check at the instant a window moves past
 * an event). A date entry falls due at its next occurrence, scheduled when the contact's date
 * becomes known or changes (never retroactively) and again each time one fires. Saved segments'
 * membership follows the same inputs: the contact enters or leaves one when its condition's truth
 * differs from the recorded membership, which records the change and emits `segment_entered` /
 * `segment_exited` as events of the contact (journeys start on them). One instance follows
 * one contact through one unit of work.
 */
export class ContactJourneys<E extends EnrolmentRef, J extends Journey = Journey> {
  /** Segment conditions as they held at the last check, by scenario; unknown means "as they hold now". */
  private held: Map<string, boolean> | undefined;
  private factsDirty = false;
  private timeDirty = false;
  /**
   * Saved segments whose membership may have changed, evaluated once the contact's journeys are quiet:
   * every one after a change of the contact's facts, only those counting an event after one.
   */
  private membershipsToCheck: Set<SavedSegment> | 'all' | undefined;
  private readonly starts: string[] = [];
  /** What each live date entry read of the contact (its date and time zone) before the changes of this unit of work. */
  private datesRead: Map<string, string | undefined> | undefined;

  /** `isNew`: the contact did not exist before, so no segment condition held for it and it had no date. */
  constructor(
    private readonly store: JourneyStore<E, J>,
    isNew = false,
  ) {
    if (isNew) {
      this.held = new Map();
      this.datesRead = new Map();
      this.membershipsToCheck = 'all';
    }
  }

  /** The contact did an event; `record` stores it and adds it to the facts. */
  didEvent(event: ContactEvent, record: () => void): void {
    this.react(event, record);
    this.settle();
  }

  /** An event, recorded by `record`, moves the contact's enrolments, may start journeys and change memberships. */
  private react(event: ContactEvent, record: () => void): void {
    // Judged on the facts and memberships before the event.
    const segments = this.segmentsMovedBy(event);
    if (!this.store.mayReactTo(event)) {
      record();
      return this.checkMemberships(segments);
    }
    this.held ??= this.segmentTruths();
    record();
    this.timeDirty = true;
    this.checkMemberships(segments);
    const activeBefore = this.activeScenarios();
    for (const enrolment of [...this.store.active()]) this.run(enrolment, { kind: 'event', event });
    for (const journey of this.store.eventEntries(event.name)) {
      // Ignoring the trigger while in the journey: nor does the event re-enter a contact whose journey it just ended.
      const ignores = journey.compiled.scenario.settings.retrigger.mode === 'ignore';
      if (!(ignores && activeBefore.has(journey.scenarioId)) && matchesEvent(entryEventMatcher(journey.compiled.entry)!, event)) this.enter(journey, 'event', event);
    }
    this.enterSegments(activeBefore);
  }

  /** The contact's profile changes; `apply` changes it in the store and in the facts. */
  profileChanged(apply: () => void): void {
    this.held ??= this.segmentTruths();
    this.datesRead ??= this.dateReadings();
    apply();
    this.timeDirty = true;
    this.checkMemberships('all');
    const activeBefore = this.activeScenarios();
    for (const enrolment of [...this.store.active()]) this.run(enrolment, { kind: 'facts' });
    this.enterSegments(activeBefore);
    this.settle();
  }

  /** A wake-up the engine asked for fell due. */
  timerDue(enrolment: E, node: string, seq: number): void {
    this.run(enrolment, { kind: 'timer', node, seq });
    this.settle();
  }

  /** Time reached `at`, an instant the segment entry's condition may have become true by itself. */
  recheckDue(scenarioId: string, at: Instant): void {
    const journey = this.store.segmentEntries().find((j) => j.scenarioId === scenarioId);
    if (!journey) return this.store.recheckAt(scenarioId, undefined);
    const before = this.holds(journey, at - 1);
    const now = this.holds(journey, at);
    if (this.held) this.held.set(scenarioId, now);
    if (now && !before) this.enter(journey, 'segment');
    this.timeDirty = true;
    this.settle();
  }

  /** Time reached an instant at which the contact's membership of a saved segment may change by itself. */
  membershipRecheckDue(): void {
    this.checkMemberships(segmentsMovedByTime(this.store.savedSegments()));
    this.settle();
  }

  /**
   * A date entry's occurrence fell due at `at`: the contact enters if the live version still has an
   * occurrence due by now and the re-entry policy allows it, then the next occurrence is scheduled.
   */
  dateDue(scenarioId: string, at: Instant): void {
    const journey = this.store.dateEntries().find((j) => j.scenarioId === scenarioId);
    if (!journey) return this.store.dateEntryAt(scenarioId, undefined);
    const due = this.nextDate(journey, at);
    if (due !== undefined && due <= this.store.now) this.enter(journey, 'date');
    this.store.dateEntryAt(scenarioId, this.nextDate(journey, this.store.now + 1));
    this.settle();
  }

  /** An entry that is not a reaction to the contact (API, another scenario): within the re-entry policy. */
  enterBy(journey: J, trigger: EntryTrigger): boolean {
    const entered = this.enter(journey, trigger);
    this.settle();
    return entered;
  }

  /**
   * Why an entry that is not a reaction to the contact (API, a campaign) would start no run at `at` (now by default),
   * judged on the contact's enrolments as they are now; undefined when it would start one. `enterBy` decides by the
   * same rule, so a caller can judge ahead an entry it will make at a later instant (a campaign's widening does).
   */
  entryRefusal(journey: J, at: Instant = this.store.now): EntryRefusal | undefined {
    // An entry without an event belongs to the run without a correlation value (see correlationOf).
    return this.refusal(journey, NO_CORRELATION, at);
  }

  /**
   * The entry rule: when the contact is already in the run the entry belongs to (one per scenario, or one per
   * correlation value in `parallel` mode), its re-trigger choice decides: `ignore` (and `parallel`) leave that run
   * alone; `restart` ends it and starts a new one at once, whatever the re-entry policy (which governs entering
   * again once a run has ended, per correlation value in `parallel` mode).
   */
  private refusal(journey: J, correlation: string, at: Instant): EntryRefusal | undefined {
    const { reentry, retrigger } = journey.compiled.scenario.settings;
    if (this.running(journey, correlation).length > 0) return retrigger.mode === 'restart' ? undefined : 'in_journey';
    const last = this.store.last(journey.scenarioId, retrigger.mode === 'parallel' ? correlation : undefined);
    return mayEnter(reentry, last, at) ? undefined : 'reentry';
  }

  /** The contact's active enrolments in the journey's run with that correlation value. */
  private running(journey: J, correlation: string): E[] {
    return this.store.active().filter((e) => e.scenarioId === journey.scenarioId && e.correlation === correlation);
  }

  /** Enters the journey now if its entry rule (see `refusal`) allows it, ending the run a `restart` replaces. */
  private enter(journey: J, trigger: EntryTrigger, event?: ContactEvent): boolean {
    const correlation = correlationOf(journey.compiled.scenario.settings.retrigger, event);
    if (this.refusal(journey, correlation, this.store.now)) return false;
    for (const enrolment of this.running(journey, correlation)) this.store.end(enrolment, restartReason(trigger, event));
    // Passes count every run of the scenario, whatever its correlation: a pass names one run.
    const pass = (this.store.last(journey.scenarioId)?.pass ?? 0) + 1;
    const enrolment = this.store.open(journey, trigger, pass, correlation, event);
    this.run(enrolment, { kind: 'enter', event });
    return true;
  }

  private run(enrolment: E, input: EngineInput): void {
    const facts = this.store.facts();
    // The engine replaces (never edits) the attributes and lists it changes: these are the facts as they were.
    const prior = { attributes: facts.attributes, lists: facts.lists };
    const result = this.store.step(enrolment, input);
    if (!result) return;
    const changesFacts = result.effects.some((e) => e.kind === 'setAttribute' || e.kind === 'list');
    if (changesFacts) {
      // What held before this step, reading through to the live facts for the rest (the event history stays lazy).
      const before = Object.assign(Object.create(facts) as ContactFacts, prior);
      this.held ??= this.segmentTruths(before);
      this.datesRead ??= this.dateReadings(before);
      this.factsDirty = true;
      this.timeDirty = true;
      this.checkMemberships('all');
      this.store.factsChanged();
    }
    for (const effect of result.effects) if (effect.kind === 'startScenario') this.starts.push(effect.scenario);
  }

  /**
   * Follows knock-on effects until the contact is quiet (a saved segment entered or left is one: its event
   * may start journeys), then schedules the segment re-checks time needs.
   */
  private settle(): void {
    for (let round = 0; round < MAX_CASCADE_ROUNDS; round++) {
      const factsDirty = this.factsDirty;
      const starts = this.starts.splice(0);
      this.factsDirty = false;
      if (!factsDirty && starts.length === 0) {
        if (!this.membershipsToCheck) break;
        this.updateMemberships();
        continue;
      }
      if (factsDirty) {
        for (const enrolment of [...this.store.active()]) this.run(enrolment, { kind: 'facts' });
        this.enterSegments(new Set());
      }
      // A scenario asked to start several times in one round starts once: the cascade stays linear.
      for (const scenarioId of new Set(starts)) {
        const journey = this.store.journey(scenarioId);
        if (journey) this.enter(journey, 'scenario');
      }
    }
    // Past the guard, what is left is dropped: it must not spill into the contact's next input.
    this.starts.length = 0;
    this.factsDirty = false;
    this.membershipsToCheck = undefined;
    if (this.timeDirty) this.scheduleRechecks();
    this.timeDirty = false;
    if (this.datesRead) this.scheduleChangedDates(this.datesRead);
    this.datesRead = undefined;
  }

  /**
   * Brings the contact's saved-segment memberships in line with their conditions now: each change is
   * recorded and emitted as an event, and the next instant time alone may change a windowed one is
   * scheduled.
   */
  private updateMemberships(): void {
    const toCheck = this.membershipsToCheck;
    this.membershipsToCheck = undefined;
    const all = this.store.savedSegments();
    // In the segments' own order, whichever input asked for them: the events emitted keep one order.
    const segments = toCheck === 'all' ? all : all.filter((segment) => toCheck?.has(segment));
    if (segments.length === 0) return;
    const { now } = this.store;
    const members = this.store.memberships();
    const changes: ContactEvent[] = [];
    for (const segment of segments) {
      const { holds, recheckAt } = membershipNow(segment, this.store.facts(), now);
      if (recheckAt !== null) this.store.membershipRecheckAt(segment.id, recheckAt);
      if (holds === members.has(segment.id)) continue;
      this.store.setMembership(segment.id, holds);
      changes.push({ name: holds ? SEGMENT_ENTERED : SEGMENT_EXITED, at: now, properties: { segment: segment.id } });
    }
    for (const event of changes) this.react(event, () => this.store.recordEvent(event));
  }

  /** The saved segments whose membership (or next re-check) the event may change: most events change none. */
  private segmentsMovedBy(event: ContactEvent): readonly SavedSegment[] {
    const reading = segmentsReading(this.store.savedSegments(), event.name);
    if (reading.length === 0) return reading;
    const members = this.store.memberships();
    const facts = this.store.facts();
    return reading.filter((segment) => eventMayChangeMembership(segment, event, facts, members.has(segment.id), this.store.now));
  }

  /** Marks saved segments (or all of them) to be checked once the contact is quiet. */
  private checkMemberships(segments: readonly SavedSegment[] | 'all'): void {
    if (segments === 'all') this.membershipsToCheck = 'all';
    else if (segments.length > 0 && this.membershipsToCheck !== 'all') {
      this.membershipsToCheck ??= new Set();
      for (const segment of segments) this.membershipsToCheck.add(segment);
    }
  }

  /** Enters the segments whose condition became true since the last check, except in scenarios in `skip`. */
  private enterSegments(skip: ReadonlySet<string>): void {
    const journeys = this.store.segmentEntries();
    if (journeys.length === 0) return;
    const before = this.held ?? this.segmentTruths();
    const now = this.segmentTruths();
    this.held = now;
    for (const journey of journeys) {
      if (now.get(journey.scenarioId) && !before.get(journey.scenarioId) && !skip.has(journey.scenarioId)) this.enter(journey, 'segment');
    }
  }

  /**
   * A segment entry went live at `from` over this contact, which existed before: if time alone can make
   * its condition true, the next instant it may change is scheduled (the simulator's contacts appear with
   * their scenarios live, so they get theirs as they change; the server backfills those who were there).
   */
  segmentWentLive(scenarioId: string, from: Instant): void {
    const journey = this.store.segmentEntries().find((j) => j.scenarioId === scenarioId);
    if (journey) this.scheduleRecheck(journey, from);
  }

  private scheduleRechecks(): void {
    for (const journey of this.store.segmentEntries()) this.scheduleRecheck(journey, this.store.now);
  }

  private scheduleRecheck(journey: J, from: Instant): void {
    const { condition } = segmentOf(journey).config;
    if (dependsOnTime(condition)) this.store.recheckAt(journey.scenarioId, nextTimeChange(condition, this.zoned(journey), from));
  }

  /** Schedules the next occurrence of each date entry whose date (or time zone) changed: from now on, never retroactively. */
  private scheduleChangedDates(before: Map<string, string | undefined>): void {
    const now = this.dateReadings();
    for (const journey of this.store.dateEntries()) {
      if (now.get(journey.scenarioId) !== before.get(journey.scenarioId)) this.store.dateEntryAt(journey.scenarioId, this.nextDate(journey, this.store.now));
    }
  }

  /** The date each live date entry reads, with the time zone it is read in (undefined: no date). */
  private dateReadings(facts = this.store.facts()): Map<string, string | undefined> {
    const readings = new Map<string, string | undefined>();
    for (const journey of this.store.dateEntries()) {
      const { timeZone, attributes } = this.zoned(journey, facts);
      const value = attributes[dateEntryOf(journey).config.attribute];
      readings.set(journey.scenarioId, typeof value === 'string' ? `${value}@${timeZone}` : undefined);
    }
    return readings;
  }

  private nextDate(journey: Journey, earliest: Instant): Instant | undefined {
    const { reentry } = journey.compiled.scenario.settings;
    return nextDateEntry(dateEntryOf(journey), this.zoned(journey), reentry, this.store.last(journey.scenarioId), earliest);
  }

  private segmentTruths(facts = this.store.facts()): Map<string, boolean> {
    const truths = new Map<string, boolean>();
    for (const journey of this.store.segmentEntries()) truths.set(journey.scenarioId, this.holds(journey, this.store.now, facts));
    return truths;
  }

  private holds(journey: Journey, at: Instant, facts = this.store.facts()): boolean {
    return evaluateCondition(segmentOf(journey).config.condition, this.zoned(journey, facts), at);
  }

  /** The facts in the time zone that applies in the journey: the contact's own, else the scenario's default. */
  private zoned(journey: Journey, facts = this.store.facts()): ContactFacts {
    facts.timeZone = this.store.ownTimeZone() ?? journey.compiled.scenario.settings.defaultTimeZone;
    return facts;
  }

  private activeScenarios(): Set<string> {
    return new Set(this.store.active().map((e) => e.scenarioId));
  }
}
