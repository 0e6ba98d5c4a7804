import { ContactJourneys, type DoubleOptInSettings, type GlobalPolicy } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { contactExists, contactToStep, insertContact, insertContacts, newContact, type ContactRow } from '../store/contacts.ts';
import { CounterDeltas } from '../store/counters.ts';
import { loadDoubleOptIn } from '../store/double-opt-in.ts';
import { enrolmentNumbering, type EnrolmentRow } from '../store/enrolments.ts';
import { recordSizes } from '../store/segments.ts';
import type { ContactRows } from './contact-cache.ts';
import { EnrolmentRunner } from './enrolment-runner.ts';
import type { LiveEntry, VersionCache } from './versions.ts';

/** A contact as one unit of work holds it: its enrolments in the database, and the shared policy over them. */
export interface ContactState {
  readonly runner: EnrolmentRunner;
  readonly journeys: ContactJourneys<EnrolmentRow, LiveEntry>;
  readonly row: ContactRow;
}

/**
 * One unit of work inside one transaction: loads the contacts it touches once and hands each to the
 * shared enrolment policy through an `EnrolmentRunner`, which writes every consequence before the
 * transaction commits. Not reused across transactions (it caches rows).
 */
export class Session {
  enrolled = 0;
  /** What the unit of work's steps changed in the live counters: written by finish(), before the commit. */
  readonly counters = new CounterDeltas();
  /** Saved segments whose members this unit of work changed: finish() records their day's size. */
  readonly resized = new Set<string>();
  private readonly contacts = new Map<string, ContactState>();
  /** Contacts whose rows were rewritten underneath (a merge): read from the database, not the cache. */
  private readonly forgotten = new Set<string>();
  /** How this unit of work numbers new enrolments, asked of the store on the first (see enrolmentNumbering). */
  private numbering: (() => number) | undefined;
  /** The double opt-in settings, read on the first consent given in this unit of work (an import gives thousands). */
  private optIn: DoubleOptInSettings | undefined;

  constructor(
    readonly db: Db,
    readonly versions: VersionCache,
    readonly now: number,
    readonly policy: GlobalPolicy | undefined,
    private readonly cache: ContactRows,
  ) {}

  /**
   * The contact's state, creating the contact when `create` says so: with the attributes given, so that a
   * contact created by a profile change is written once (its search and catalogue triggers fire once).
   */
  contact(id: string, create?: { anonymous: boolean; attributes?: ContactRow['attributes'] }): ContactState | undefined {
    const known = this.contacts.get(id);
    if (known) return known;
    let row = (this.forgotten.has(id) ? undefined : this.cache.get(id)) ?? contactToStep(this.db, id);
    let isNew = false;
    if (!row) {
      if (!create) return undefined;
      const created = newContact(id, this.now, create.anonymous);
      if (create.attributes) created.attributes = { ...create.attributes };
      isNew = insertContact(this.db, created);
      // Not inserted: another process created the contact since the read (PostgreSQL), and its row is stepped instead.
      row = isNew ? created : contactToStep(this.db, id)!;
    }
    return this.hold(row, isNew);
  }

  /**
   * Whether the contact exists and this unit of work does not hold it yet: from the cache when it is there, else
   * from the index. A held contact goes through `contact` (its runner may have read its events, which must stay whole).
   */
  existsUnheld(id: string): boolean {
    if (this.contacts.has(id)) return false;
    return (!this.forgotten.has(id) && this.cache.has(id)) || contactExists(this.db, id);
  }

  /**
   * Creates known contacts that do not exist yet (the caller checked), with their attributes, in one statement:
   * the search index takes a batch at once instead of a contact at a time (an import's new contacts).
   */
  createContacts(created: Array<{ id: string; attributes: ContactRow['attributes'] }>): ContactState[] {
    const rows = created.map(({ id, attributes }) => {
      const row = newContact(id, this.now);
      row.attributes = { ...attributes };
      return row;
    });
    insertContacts(this.db, rows);
    return rows.map((row) => this.hold(row, true));
  }

  private hold(row: ContactRow, isNew: boolean): ContactState {
    const runner = new EnrolmentRunner(this, row, isNew, isNew || this.forgotten.has(row.id) ? undefined : this.cache.memberships(row.id));
    const state: ContactState = { runner, journeys: new ContactJourneys(runner, isNew), get row() { return runner.row; } };
    this.contacts.set(row.id, state);
    return state;
  }

  /**
   * The id of a new enrolment. Ids are numbered here rather than by the insert, so that the engine's
   * first step (whose messages carry the id in their idempotency keys) runs before the one write
   * that records the enrolment as that step leaves it.
   */
  nextEnrolmentId(): number {
    this.numbering ??= enrolmentNumbering(this.db);
    return this.numbering();
  }

  doubleOptIn(): DoubleOptInSettings {
    return (this.optIn ??= loadDoubleOptIn(this.db));
  }

  /** Drops cached state (after a merge rewrote the rows underneath). */
  forget(id: string): void {
    this.contacts.delete(id);
    this.forgotten.add(id);
  }

  /** The end of the unit of work, inside its transaction: writes what it leaves pending. */
  finish(): void {
    this.counters.flush(this.db);
    recordSizes(this.db, this.resized, this.now);
  }

  /** After the commit: the contact rows as this unit of work left them become the cache's. */
  committed(): void {
    for (const id of this.forgotten) this.cache.forget(id);
    for (const { row, runner } of this.contacts.values()) this.cache.remember(row, runner.loadedMemberships());
  }

  /** Inside an outer transaction whose outcome is unknown: the cache drops every contact touched. */
  uncommitted(): void {
    for (const id of [...this.forgotten, ...this.contacts.keys()]) this.cache.forget(id);
  }
}
