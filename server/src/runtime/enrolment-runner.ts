import { FREQUENCY_WINDOWS, parseDuration, conversionRevenue, step, type ContactPreferences, type CompiledScenario, type MachineContext, type ContactEvent, type ContactFacts, type EngineInput, type EntryTrigger, type JourneyStore, type MessageChannel, type PastEnrolment, type SentMessage, type StepResult, type TraceStep } from '@parcours/shared';
import { eventHistory, insertEvent, saveContact, type ContactRow } from '../store/contacts.ts';
import { activeEnrolments, endEnrolment, newEnrolment, pastEnrolment, persistStep, receivedTemplate, sentMessages, type EnrolmentRow } from '../store/enrolments.ts';
import { setRecheck } from '../store/rechecks.ts';
import { setDateEntry } from '../store/date-entries.ts';
import { membershipsOf, setMember, setMembershipRecheck } from '../store/segments.ts';
import { suppressedChannels } from '../store/suppressions.ts';
import { preferencesOf } from '../store/preferences.ts';
import { pendingChannels } from '../store/consent-requests.ts';
import type { Session } from './session.ts';
import type { LiveEntry } from './versions.ts';

/**
 * One contact's enrolments in the database, as the shared enrolment policy reads and records them:
 * it runs the engine on an enrolment and writes the outcome (trace, timers, outbox, new state)
 * in the unit of work's transaction. What it loads (facts, history, sent messages, active
 * enrolments) is read once, on first use, and kept current for the rest of the unit of work.
 */
export class EnrolmentRunner implements JourneyStore<EnrolmentRow, LiveEntry> {
  private loadedFacts: LoadedFacts | undefined;
  private events: ContactEvent[] | undefined;
  private sent: SentMessage[] | undefined;
  private preferences: ContactPreferences | undefined;
  private pending: MessageChannel[] | undefined;
  private enrolments: EnrolmentRow[] | undefined;
  /** Replaced, never changed in place: the contact cache may hold the same set. */
  private members: ReadonlySet<string> | undefined;
  /** Enrolments opened but not yet written: their first step inserts them. */
  private readonly unwritten = new WeakSet<EnrolmentRow>();
  /**
   * The re-entry policy's reads of the latest enrolment in a scenario (and correlation value), kept until this unit of
   * work opens, steps or ends an enrolment of that scenario: an entry asks twice (may it enter, which pass), and on
   * PostgreSQL each read is a round trip.
   */
  private readonly pasts = new Map<string, PastEnrolment | undefined>();
  /** A contact created by this unit of work has no enrolment in the database until this runner writes one. */
  private noPastEnrolments: boolean;

  /** The attributes as the database has them: a save that leaves them as they are does not write them. */
  private storedAttributes: ContactRow['attributes'];

  constructor(
    private readonly session: Session,
    public row: ContactRow,
    isNew: boolean,
    /** The contact's memberships as last committed, when the contact cache knows them. */
    memberships?: ReadonlySet<string>,
  ) {
    this.storedAttributes = row.attributes;
    this.members = memberships;
    this.noPastEnrolments = isNew;
    // A contact just created has no history to read.
    if (isNew) {
      this.events = [];
      this.sent = [];
      this.enrolments = [];
      this.members = new Set();
    }
  }

  get now(): number {
    return this.session.now;
  }

  private get db() {
    return this.session.db;
  }

  /**
   * What the engine reads about the contact. Its event history is loaded only if a condition reads
   * it (most steps never do); the time zone is set per scenario before each use.
   */
  facts(): ContactFacts {
    return (this.loadedFacts ??= new LoadedFacts(this));
  }

  history(): ContactEvent[] {
    return (this.events ??= eventHistory(this.db, this.row.id));
  }

  replaceHistory(events: ContactEvent[]): void {
    this.events = events;
  }

  suppressedChannels(attributes: ContactFacts['attributes']): MessageChannel[] {
    return suppressedChannels(this.db, attributes);
  }

  /** The contact's topics and frequency choice, read on the first send decision of the unit of work. */
  contactPreferences(): ContactPreferences {
    return (this.preferences ??= preferencesOf(this.db, this.row.id));
  }

  /** The channels whose consent awaits confirmation (double opt-in), read on the first send decision of the unit of work. */
  pendingConsents(): MessageChannel[] {
    return (this.pending ??= pendingChannels(this.db, this.row.id));
  }

  ownTimeZone = () => this.row.timeZone ?? undefined;
  eventEntries = (name: string) => this.session.versions.eventTriggers(name);
  segmentEntries = () => this.session.versions.segmentEntries();
  dateEntries = () => this.session.versions.dateEntries();
  journey = (scenarioId: string) => this.session.versions.liveScenario(scenarioId);
  mayReactTo = (event: ContactEvent) => this.session.versions.mayReactTo(event);

  active(): EnrolmentRow[] {
    return (this.enrolments ??= activeEnrolments(this.db, this.row.id));
  }

  /** The row if it is one of the contact's active enrolments (the loaded one, when the list is loaded). */
  activeEnrolment(row: EnrolmentRow): EnrolmentRow | undefined {
    if (this.enrolments) return this.enrolments.find((e) => e.id === row.id);
    return row.status === 'active' ? row : undefined;
  }

  last(scenarioId: string, correlation?: string): PastEnrolment | undefined {
    const key = correlation === undefined ? scenarioId : `${scenarioId}\u0000${correlation}`;
    if (!this.pasts.has(key)) {
      this.pasts.set(key, this.noPastEnrolments ? undefined : pastEnrolment(this.db, this.row.id, scenarioId, correlation));
    }
    return this.pasts.get(key);
  }

  /** An enrolment of the scenario was opened, stepped or ended: what `last` read of it is stale. */
  private wrote(scenarioId: string): void {
    this.noPastEnrolments = false;
    for (const key of this.pasts.keys()) if (key === scenarioId || key.startsWith(`${scenarioId}\u0000`)) this.pasts.delete(key);
  }

  open(journey: LiveEntry, trigger: EntryTrigger, pass: number, correlation: string, event?: ContactEvent): EnrolmentRow {
    const values = { contactId: this.row.id, scenarioId: journey.scenarioId, version: journey.version, pass, correlation, trigger, now: this.now, event };
    const row = newEnrolment(this.session.nextEnrolmentId(), values);
    this.unwritten.add(row);
    this.wrote(row.scenarioId);
    this.active().push(row);
    this.session.enrolled++;
    return row;
  }

  step(row: EnrolmentRow, input: EngineInput): StepResult | undefined {
    const compiled = this.session.versions.compiled(row.scenarioId, row.version);
    const facts = this.facts();
    facts.timeZone = this.row.timeZone ?? compiled.scenario.settings.defaultTimeZone;
    const sent = () => this.sentMessages();
    let result: StepResult;
    try {
      // The engine is pure (apart from updating the facts it is given): a failure here has written nothing.
      result = step(compiled, input.kind === 'enter' ? null : row.snapshot, input, {
        now: this.now,
        contact: facts,
        // Read by send decisions only: most steps never load the contact's sent messages.
        get sent() {
          return sent();
        },
        // The sent list covers the frequency-cap windows only: `once` asks the outbox itself.
        receivedBefore: (template) => receivedTemplate(this.db, this.row.id, compiled.scenario.id, template),
        enrolmentKey: `e${row.id}`,
        enteredAt: row.enteredAt,
        trigger: row.triggerEvent ?? undefined,
        policy: this.session.policy,
      });
    } catch (error) {
      this.fail(row, error);
      return undefined;
    }
    const revenue = result.status === 'converted' ? this.revenueAt(compiled, result, input, facts, row.enteredAt) : 0;
    persistStep(this.db, row, result, this.now, this.session.counters, this.unwritten.delete(row), revenue);
    this.wrote(row.scenarioId);
    if (result.status !== 'active') this.dropActive(row);
    return result;
  }

  /** What a conversion at goal `node` earned (hundredths), from the goal's event: the analytics' revenue. */
  private revenueAt(compiled: CompiledScenario, result: StepResult, input: EngineInput, facts: ContactFacts, enteredAt: number): number {
    const goal = result.node === null ? undefined : compiled.nodes.get(result.node);
    if (goal?.type !== 'flow.goal') return 0;
    const event = input.kind === 'event' || input.kind === 'enter' ? input.event : undefined;
    // A goal with `sameAs` counts the goal event of the right cart: what the journey remembered is in its snapshot.
    const remembered = (result.snapshot as { context?: MachineContext } | null)?.context?.remembered;
    return conversionRevenue({ event, now: this.now, enteredAt, contact: facts, remembered }, goal.config);
  }

  /** The contact's messages that frequency caps and the contact's frequency choice count, loaded on the first send decision (or a campaign's widening check). */
  sentMessages(): SentMessage[] {
    const { frequency } = this.contactPreferences();
    const choiceWindow = frequency === 'any' ? 0 : parseDuration(FREQUENCY_WINDOWS[frequency]);
    return (this.sent ??= sentMessages(this.db, this.row.id, this.now - Math.max(this.session.versions.capWindow(this.session.policy), choiceWindow)));
  }

  factsChanged(): void {
    const facts = this.facts();
    this.row.attributes = facts.attributes;
    this.row.lists = facts.lists;
    this.row.updatedAt = this.now;
    this.save();
  }

  /** Changes replace the attributes object, never edit it: the same object is the same attributes. */
  private save(): void {
    const { attributes } = this.row;
    const changed = attributes !== this.storedAttributes && JSON.stringify(attributes) !== JSON.stringify(this.storedAttributes);
    saveContact(this.db, this.row, changed);
    this.storedAttributes = attributes;
  }

  /** The contact's profile row was patched: saved, and copied into the loaded facts. */
  rowChanged(): void {
    this.save();
    // A consent change may have opened or ended a pending request.
    this.pending = undefined;
    if (this.loadedFacts) {
      this.loadedFacts.attributes = this.row.attributes;
      this.loadedFacts.consents = this.row.consents;
      this.loadedFacts.lists = this.row.lists;
    }
  }

  /** The contact's history, messages and enrolments changed underneath (a merge): read them again on next use. */
  reload(): void {
    this.loadedFacts = undefined;
    this.events = undefined;
    this.sent = undefined;
    this.preferences = undefined;
    this.pending = undefined;
    this.enrolments = undefined;
    this.members = undefined;
    // Rows may have been rewritten underneath (a merge moved another contact's enrolments here).
    this.pasts.clear();
    this.noPastEnrolments = false;
  }

  /** Records an event the contact did (already stored) in the loaded history, keeping it in time order. */
  eventHappened(event: ContactEvent): void {
    const { events } = this;
    if (!events) return;
    let i = events.length;
    while (i > 0 && events[i - 1].at > event.at) i--;
    events.splice(i, 0, event);
  }

  savedSegments = () => this.session.versions.savedSegments();

  memberships(): ReadonlySet<string> {
    return (this.members ??= membershipsOf(this.db, this.row.id));
  }

  /** The memberships if this unit of work read them: what the contact cache keeps after the commit. */
  loadedMemberships = (): ReadonlySet<string> | undefined => this.members;

  setMembership(segmentId: string, member: boolean): void {
    if (setMember(this.db, segmentId, this.row.id, member, this.now)) this.session.resized.add(segmentId);
    const members = new Set(this.memberships());
    if (member) members.add(segmentId);
    else members.delete(segmentId);
    this.members = members;
  }

  membershipRecheckAt(segmentId: string, at: number | undefined): void {
    setMembershipRecheck(this.db, this.row.id, segmentId, at);
  }

  recordEvent(event: ContactEvent): void {
    insertEvent(this.db, this.row.id, event, this.now);
    this.eventHappened(event);
  }

  recheckAt(scenarioId: string, at: number | undefined): void {
    setRecheck(this.db, this.row.id, scenarioId, at);
  }

  dateEntryAt(scenarioId: string, at: number | undefined): void {
    setDateEntry(this.db, this.row.id, scenarioId, at, this.now);
  }

  /**
   * An enrolment the engine cannot move (a corrupt snapshot, an engine fault) is ended with the
   * reason in its trace, so that it neither blocks the contact's other work nor fires forever.
   */
  private fail(row: EnrolmentRow, error: unknown): void {
    const reason = `engine error: ${error instanceof Error ? error.message : String(error)}`;
    this.end(row, reason);
    // Facts the failed step mutated in memory are not trusted: reload them on next use.
    const enrolments = this.enrolments;
    this.reload();
    this.enrolments = enrolments;
  }

  /** Ends an active enrolment where it stands, outside the engine, with the reason in its trace. */
  end(row: EnrolmentRow, reason: string): void {
    endEnrolment(this.db, row, { ...this.whereIs(row), reason, now: this.now }, this.session.counters, this.unwritten.delete(row));
    this.wrote(row.scenarioId);
    this.dropActive(row);
  }

  private dropActive(row: EnrolmentRow): void {
    if (this.enrolments) this.enrolments = this.enrolments.filter((e) => e.id !== row.id);
  }

  /** The node an enrolment stands at (its entry if it never got further), and that node's type. */
  private whereIs(row: EnrolmentRow): { node: string; type: TraceStep['type'] } {
    const compiled = this.session.versions.compiled(row.scenarioId, row.version);
    const node = compiled.nodes.get(row.node ?? '') ?? compiled.entry;
    return { node: node.id, type: node.type };
  }
}

/** A loaded contact's facts: the event history is read through to the database on first use. */
class LoadedFacts implements ContactFacts {
  id: string;
  attributes: ContactFacts['attributes'];
  consents: ContactFacts['consents'];
  timeZone: string;
  lists: string[];

  constructor(private readonly runner: EnrolmentRunner) {
    const { row } = runner;
    this.id = row.id;
    this.attributes = row.attributes;
    this.consents = row.consents;
    this.timeZone = row.timeZone ?? 'UTC';
    this.lists = row.lists;
  }

  get events(): ContactEvent[] {
    return this.runner.history();
  }

  private suppressedFor: ContactFacts['attributes'] | undefined;
  private suppressedChannels: MessageChannel[] = [];

  /** Read on a send decision only, and again once the attributes (an address) changed. */
  get suppressed(): MessageChannel[] {
    if (this.suppressedFor !== this.attributes) {
      this.suppressedChannels = this.runner.suppressedChannels(this.attributes);
      this.suppressedFor = this.attributes;
    }
    return this.suppressedChannels;
  }

  set events(events: ContactEvent[]) {
    this.runner.replaceHistory(events);
  }

  get preferences(): ContactPreferences {
    return this.runner.contactPreferences();
  }

  get pendingConsents(): MessageChannel[] {
    return this.runner.pendingConsents();
  }
}
