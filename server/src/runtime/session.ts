import {
  evaluateCondition,
  parseDuration,
  step,
  type ContactEvent,
  type ContactFacts,
  type EngineInput,
  type GlobalPolicy,
  type SentMessage,
  type StepResult,
  type TraceStep,
} from '@parcours/shared';
import type { Db } from '../db/open.ts';
import {
  eventHistory,
  findContact,
  insertContact,
  newContact,
  saveContact,
  type ContactRow,
} from '../store/contacts.ts';
import { activeEnrolments, endEnrolment, insertEnrolment, lastEnrolment, persistStep, receivedTemplate, sentMessages, type EnrolmentRow } from '../store/enrolments.ts';
import type { ContactCache } from './contact-cache.ts';
import type { LiveEntry, VersionCache } from './versions.ts';

/**
 * How many rounds of knock-on effects (an attribute set by one scenario waking another, a scenario
 * starting another...) one change may cause before the runtime stops following them: a guard
 * against two scenarios feeding each other forever.
 */
export const MAX_CASCADE_ROUNDS = 20;

/** What one unit of work knows about a contact; loaded lazily, shared by all its enrolments' steps. */
export interface ContactState {
  row: ContactRow;
  isNew: boolean;
  facts?: ContactFacts;
  /** The contact's event history and sent messages: read from the database on first use only. */
  events?: ContactEvent[];
  sent?: SentMessage[];
  active?: EnrolmentRow[];
  /** Live segment entries whose condition held at the last check. */
  segmentsHeld?: Set<string>;
  /** Attributes or lists changed since the last delivery of a `facts` input. */
  factsChanged: boolean;
  pendingStarts: string[];
}

/**
 * One unit of work inside one transaction: loads the contacts it touches once, runs their
 * enrolments through the shared engine and writes every consequence before the transaction
 * commits. Not reused across transactions (it caches rows).
 */
export class Session {
  enrolled = 0;
  private readonly contacts = new Map<string, ContactState>();
  /** Contacts whose rows were rewritten underneath (a merge): read from the database, not the cache. */
  private readonly forgotten = new Set<string>();

  constructor(
    readonly db: Db,
    readonly versions: VersionCache,
    readonly now: number,
    private readonly policy: GlobalPolicy | undefined,
    private readonly cache: ContactCache,
  ) {}

  /** The contact's state, creating the contact when `create` says so. */
  contact(id: string, create?: { anonymous: boolean }): ContactState | undefined {
    let state = this.contacts.get(id);
    if (state) return state;
    let row = (this.forgotten.has(id) ? undefined : this.cache.get(id)) ?? findContact(this.db, id);
    let isNew = false;
    if (!row) {
      if (!create) return undefined;
      row = newContact(id, this.now, create.anonymous);
      insertContact(this.db, row);
      isNew = true;
    }
    state = { row, isNew, factsChanged: false, pendingStarts: [] };
    // A contact just created has no history to read.
    if (isNew) Object.assign(state, { events: [], sent: [], active: [] });
    this.contacts.set(id, state);
    return state;
  }

  /** Drops cached state (after a merge rewrote the rows underneath). */
  forget(id: string): void {
    this.contacts.delete(id);
    this.forgotten.add(id);
  }

  /** After the commit: the contact rows as this unit of work left them become the cache's. */
  committed(): void {
    for (const id of this.forgotten) this.cache.forget(id);
    for (const { row } of this.contacts.values()) this.cache.remember(row);
  }

  /** Inside an outer transaction whose outcome is unknown: the cache drops every contact touched. */
  uncommitted(): void {
    for (const id of [...this.forgotten, ...this.contacts.keys()]) this.cache.forget(id);
  }

  /**
   * What the engine reads about the contact. Its event history is loaded only if a condition reads
   * it (most steps never do); the time zone is set per scenario before each step.
   */
  facts(state: ContactState): ContactFacts {
    state.facts ??= new LoadedFacts(state, this.db);
    return state.facts;
  }

  /** The contact's messages that frequency caps count, loaded on the first send decision. */
  sent(state: ContactState): SentMessage[] {
    state.sent ??= sentMessages(this.db, state.row.id, this.now - this.versions.capWindow(this.policy));
    return state.sent;
  }

  active(state: ContactState): EnrolmentRow[] {
    state.active ??= activeEnrolments(this.db, state.row.id);
    return state.active;
  }

  /**
   * Call before changing a contact's profile, so that segment entries can tell a condition that
   * starts to hold. (Steps need not: `run` works out what held before from the facts they replaced.)
   */
  beforeChange(state: ContactState): void {
    if (state.segmentsHeld || this.versions.segmentEntries().length === 0) return;
    state.segmentsHeld = state.isNew ? new Set() : this.segmentsHolding(state);
  }

  private segmentsHolding(state: ContactState, facts = this.facts(state)): Set<string> {
    const held = new Set<string>();
    for (const live of this.versions.segmentEntries()) {
      facts.timeZone = state.row.timeZone ?? live.compiled.scenario.settings.defaultTimeZone;
      if (evaluateCondition(live.entry.config.condition, facts, this.now)) held.add(live.scenarioId);
    }
    return held;
  }

  /** Copies a patched contact row into loaded facts and schedules the knock-on deliveries. */
  rowChanged(state: ContactState): void {
    saveContact(this.db, state.row);
    if (state.facts) {
      state.facts.attributes = state.row.attributes;
      state.facts.consents = state.row.consents;
      state.facts.lists = state.row.lists;
    }
    state.factsChanged = true;
  }

  /** Records an event the contact did (already stored) in its loaded facts, keeping them in time order. */
  eventHappened(state: ContactState, event: ContactEvent): void {
    const { events } = state;
    if (!events) return;
    let i = events.length;
    while (i > 0 && events[i - 1].at > event.at) i--;
    events.splice(i, 0, event);
  }

  /** Delivers an input to every active enrolment of the contact. */
  deliver(state: ContactState, input: EngineInput): void {
    for (const row of [...this.active(state)]) this.run(state, row, input);
  }

  /** The row if it is one of the contact's active enrolments (the loaded one, when the list is loaded). */
  activeEnrolment(state: ContactState, row: EnrolmentRow): EnrolmentRow | undefined {
    if (state.active) return state.active.find((e) => e.id === row.id);
    return row.status === 'active' ? row : undefined;
  }

  /** Ids of the scenarios the contact is active in right now. */
  activeScenarios(state: ContactState): Set<string> {
    return new Set(this.active(state).map((e) => e.scenarioId));
  }

  /**
   * Enrols the contact in a live scenario version if the scenario's re-entry policy allows it
   * (the same rule as the simulator's), and runs the new enrolment until it waits.
   */
  enter(state: ContactState, live: LiveEntry, trigger: string, event?: ContactEvent): boolean {
    if (this.active(state).some((e) => e.scenarioId === live.scenarioId)) return false;
    const last = lastEnrolment(this.db, state.row.id, live.scenarioId);
    if (last && this.now < reentryFrom(live, last)) return false;
    const row = insertEnrolment(this.db, {
      contactId: state.row.id,
      scenarioId: live.scenarioId,
      version: live.version,
      pass: (last?.pass ?? 0) + 1,
      trigger,
      now: this.now,
      event,
    });
    this.active(state).push(row);
    this.enrolled++;
    this.run(state, row, { kind: 'enter', event });
    return true;
  }

  /** Runs one enrolment on one input through the shared engine and writes the outcome. */
  run(state: ContactState, row: EnrolmentRow, input: EngineInput): void {
    const compiled = this.versions.compiled(row.scenarioId, row.version);
    const facts = this.facts(state);
    facts.timeZone = state.row.timeZone ?? compiled.scenario.settings.defaultTimeZone;
    const sent = () => this.sent(state);
    // The engine replaces (never edits) the attributes and lists it changes: these are the facts as they were.
    const prior = { attributes: facts.attributes, lists: facts.lists };
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
        receivedBefore: (template) => receivedTemplate(this.db, state.row.id, compiled.scenario.id, template),
        enrolmentKey: `e${row.id}`,
        trigger: row.triggerEvent ?? undefined,
        policy: this.policy,
      });
    } catch (error) {
      this.fail(state, row, error);
      return;
    }
    persistStep(this.db, row, result, this.now);
    if (result.status !== 'active' && state.active) state.active = state.active.filter((e) => e.id !== row.id);
    const changesFacts = result.effects.some((e) => e.kind === 'setAttribute' || e.kind === 'list');
    if (changesFacts && !state.segmentsHeld && this.versions.segmentEntries().length > 0) {
      // Facts before the step, reading through to the live ones for the rest (the event history stays lazy).
      state.segmentsHeld = this.segmentsHolding(state, Object.assign(Object.create(facts) as ContactFacts, prior));
    }
    if (changesFacts) state.factsChanged = true;
    for (const effect of result.effects) if (effect.kind === 'startScenario') state.pendingStarts.push(effect.scenario);
    if (changesFacts) {
      state.row.attributes = facts.attributes;
      state.row.lists = facts.lists;
      state.row.updatedAt = this.now;
      saveContact(this.db, state.row);
    }
  }

  /**
   * An enrolment the engine cannot move (a corrupt snapshot, an engine fault) is ended with the
   * reason in its trace, so that it neither blocks the contact's other work nor fires forever.
   */
  private fail(state: ContactState, row: EnrolmentRow, error: unknown): void {
    const reason = `engine error: ${error instanceof Error ? error.message : String(error)}`;
    endEnrolment(this.db, row, { ...this.whereIs(row), reason, now: this.now });
    if (state.active) state.active = state.active.filter((e) => e.id !== row.id);
    // Facts the failed step mutated in memory are not trusted: reload them on next use.
    state.facts = undefined;
    state.events = undefined;
    state.sent = undefined;
  }

  /** The node an enrolment stands at (its entry if it never got further), and that node's type. */
  whereIs(row: EnrolmentRow): { node: string; type: TraceStep['type'] } {
    const compiled = this.versions.compiled(row.scenarioId, row.version);
    const node = compiled.nodes.get(row.node ?? '') ?? compiled.entry;
    return { node: node.id, type: node.type };
  }

  /** Follows knock-on effects until the contact is quiet: facts deliveries, segment entries, started scenarios. */
  settle(state: ContactState): void {
    for (let round = 0; round < MAX_CASCADE_ROUNDS; round++) {
      const factsChanged = state.factsChanged;
      const starts = state.pendingStarts.splice(0);
      state.factsChanged = false;
      if (!factsChanged && starts.length === 0) return;
      if (factsChanged) {
        this.deliver(state, { kind: 'facts' });
        this.checkSegments(state);
      }
      for (const scenarioId of starts) {
        const live = this.versions.liveScenario(scenarioId);
        if (live) this.enter(state, live, 'scenario');
      }
    }
  }

  /**
   * Segment entries after a change of attributes or lists: the contact enters where the condition
   * started to hold since the last check, except in scenarios it was active in before the change.
   */
  checkSegments(state: ContactState, skip: ReadonlySet<string> = new Set()): void {
    if (this.versions.segmentEntries().length === 0) return;
    const before = state.segmentsHeld ?? new Set<string>();
    const now = this.segmentsHolding(state);
    state.segmentsHeld = now;
    for (const live of this.versions.segmentEntries()) {
      if (now.has(live.scenarioId) && !before.has(live.scenarioId) && !skip.has(live.scenarioId)) this.enter(state, live, 'segment');
    }
  }

  /** Segment entries after an event: the contact enters wherever the condition holds (the re-entry policy decides). */
  enterHoldingSegments(state: ContactState, skip: ReadonlySet<string>): void {
    if (this.versions.segmentEntries().length === 0) return;
    state.segmentsHeld = this.segmentsHolding(state);
    for (const live of this.versions.segmentEntries()) {
      if (state.segmentsHeld.has(live.scenarioId) && !skip.has(live.scenarioId)) this.enter(state, live, 'segment');
    }
  }
}

/** A loaded contact's facts: the event history is read through to the database on first use. */
class LoadedFacts implements ContactFacts {
  id: string;
  attributes: ContactFacts['attributes'];
  consents: ContactFacts['consents'];
  timeZone: string;
  lists: string[];

  constructor(
    private readonly state: ContactState,
    private readonly db: Db,
  ) {
    const { row } = state;
    this.id = row.id;
    this.attributes = row.attributes;
    this.consents = row.consents;
    this.timeZone = row.timeZone ?? 'UTC';
    this.lists = row.lists;
  }

  get events(): ContactEvent[] {
    return (this.state.events ??= eventHistory(this.db, this.state.row.id));
  }

  set events(events: ContactEvent[]) {
    this.state.events = events;
  }
}

/** The earliest time a contact whose latest enrolment is `last` may enter the scenario again. */
export function reentryFrom(live: LiveEntry, last: EnrolmentRow): number {
  const reentry = live.compiled.scenario.settings.reentry;
  if (reentry.policy === 'never') return Infinity;
  if (reentry.policy === 'always') return last.enteredAt;
  return last.enteredAt + parseDuration(reentry.after);
}
