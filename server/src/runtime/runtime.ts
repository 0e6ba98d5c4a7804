import type { GlobalPolicy } from '@parcours/shared';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/open.ts';
import { deleteContact, findContact, type ContactPatch } from '../store/contacts.ts';
import { NotFound, NotLive } from '../domain/errors.ts';
import { backfillEntries } from './entry-backfill.ts';
import { identify, track, upsertContact, type IdentifyInput, type TrackInput } from './ingest.ts';
import { fireDueTimers, nextDueAt } from './scheduler.ts';
import { Session } from './session.ts';
import { loadPolicy } from '../store/policy.ts';
import { VersionCache } from './versions.ts';
import { ContactCache } from './contact-cache.ts';

export type BatchItem = ({ type: 'track' } & TrackInput) | ({ type: 'identify' } & IdentifyInput);

export interface IngestResult {
  accepted: number;
  /** New enrolments the call caused. */
  enrolled: number;
}

/**
 * The runtime's entry points. Each call is one transaction: everything it causes (events, contact
 * changes, every enrolment's steps, timers, outbox rows) commits together or not at all.
 */
export class Runtime {
  readonly versions: VersionCache;
  private readonly contacts = new ContactCache();
  /** The operator's stored policy, read once and again after policyChanged(). */
  private storedPolicy: GlobalPolicy | undefined;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly policy?: GlobalPolicy,
  ) {
    this.versions = new VersionCache(db);
  }

  private work<T>(fn: (session: Session) => T): T {
    // The operator's stored policy applies unless one was given (tests).
    const policy = this.policy ?? (this.storedPolicy ??= loadPolicy(this.db));
    const session = new Session(this.db, this.versions, this.clock.now(), policy, this.contacts);
    const result = inTransaction(this.db, () => {
      const result = fn(session);
      session.finish();
      return result;
    });
    // Inside an outer transaction (a savepoint) nothing is committed yet and the outer one may still
    // commit or roll back: the cache drops the contacts touched instead of taking their rows.
    if (this.db.$client.inTransaction) session.uncommitted();
    else session.committed();
    return result;
  }

  private ingest(count: number, fn: (session: Session) => void): IngestResult {
    return this.work((session) => {
      fn(session);
      return { accepted: count, enrolled: session.enrolled };
    });
  }

  track = (items: TrackInput[]) => this.ingest(items.length, (s) => items.forEach((item) => track(s, item)));
  identify = (items: IdentifyInput[]) => this.ingest(items.length, (s) => items.forEach((item) => identify(s, item)));
  batch = (items: BatchItem[]) =>
    this.ingest(items.length, (s) => items.forEach((item) => (item.type === 'track' ? track(s, item) : identify(s, item))));
  upsertContacts = (items: Array<{ id: string; patch: ContactPatch }>, source: string) =>
    this.ingest(items.length, (s) => items.forEach(({ id, patch }) => upsertContact(s, id, patch, source)));

  /** Enrols a contact by hand (API enrolment) in a live scenario, within its re-entry policy. */
  enrol(scenarioId: string, contactId: string): { enrolled: boolean } {
    return this.work((session) => {
      const live = this.versions.liveScenario(scenarioId);
      if (!live) throw new NotLive(scenarioId);
      if (!findContact(this.db, contactId)) throw new NotFound(`contact ${contactId}`);
      return { enrolled: session.contact(contactId)!.journeys.enterBy(live, 'api') };
    });
  }

  /** Fires up to `limit` due timers in one transaction; returns how many it claimed. */
  runDue = (limit = 500) => this.work((session) => fireDueTimers(session, limit));
  nextDueAt = () => this.work(nextDueAt);
  /** Computes one chunk of the pending entry backfills in one short transaction; returns how many contacts it visited. */
  backfillEntries = (limit?: number) => this.work((session) => backfillEntries(session, limit));

  /** Erasure (GDPR): the contact and everything about it go, from the database and from the cache. */
  erase(contactId: string): void {
    inTransaction(this.db, () => deleteContact(this.db, contactId));
    this.contacts.forget(contactId);
  }

  /** A scenario was published or archived: the live entry triggers change. */
  scenariosChanged(): void {
    this.versions.invalidate();
  }

  /** The operator saved new pressure settings: the next transaction applies them. */
  policyChanged(): void {
    this.storedPolicy = undefined;
  }
}
