import type { GlobalPolicy } from '@parcours/shared';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/open.ts';
import { deleteContact, findContact, type ConsentProof, type ContactPatch } from '../store/contacts.ts';
import { NotFound, NotLive } from '../domain/errors.ts';
import { withinBudget } from './budget.ts';
import { BACKFILL_CHUNK, BACKFILL_SLICE, backfillEntries } from './entry-backfill.ts';
import { identify, track, upsertContact, type IdentifyInput, type TrackInput } from './ingest.ts';
import { applyStagedRows, IMPORT_SLICE } from './import-apply.ts';
import { DUE_SLICE, fireDueTimers, nextDueAt } from './scheduler.ts';
import { COMPUTE_CHUNK, COMPUTE_SLICE, computeSegments } from './segment-compute.ts';
import { Session } from './session.ts';
import { applySiteItem, type SiteInput } from './site-ingest.ts';
import { loadPolicy } from '../store/policy.ts';
import { VersionCache } from './versions.ts';
import { ContactCache, noContactCache, type ContactRows } from './contact-cache.ts';
import { sharedByProcesses, soleJob, type SoleJob } from '../db/dialect.ts';
import { announceChange, onChange } from '../db/changes.ts';
import { GroupCommit, type ApplyGroup, type IngestResult } from './group-commit.ts';
import { confirmConsent } from './consent-confirmation.ts';
import { CAMPAIGN_CHUNK, CAMPAIGN_SLICE, closeCancelled, runCampaigns } from './campaign-runs.ts';
import { nextCampaignAt } from '../store/campaigns.ts';

export type BatchItem = ({ type: 'track' } & TrackInput) | ({ type: 'identify' } & IdentifyInput);

const trackOrIdentify = (session: Session, item: BatchItem) => (item.type === 'track' ? track(session, item) : identify(session, item));
const upsertFrom =
  (source: string) =>
  (session: Session, { id, patch }: { id: string; patch: ContactPatch }) =>
    upsertContact(session, id, patch, source);

/**
 * The runtime's entry points. Each call is one transaction: everything it causes (events, contact
 * changes, every enrolment's steps, timers, outbox rows) commits together or not at all. The ingest
 * calls of HTTP requests go through `grouped` instead: one transaction for many requests.
 */
export class Runtime {
  readonly versions: VersionCache;
  private readonly contacts: ContactRows;
  /** The operator's stored policy, read once and again after policyChanged(). */
  private storedPolicy: GlobalPolicy | undefined;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly policy?: GlobalPolicy,
  ) {
    this.versions = new VersionCache(db);
    this.contacts = sharedByProcesses(db.$client) ? noContactCache : new ContactCache();
    onChange(db, 'policy', () => (this.storedPolicy = undefined));
  }

  private session(): Session {
    // The operator's stored policy applies unless one was given (tests).
    const policy = this.policy ?? (this.storedPolicy ??= loadPolicy(this.db));
    return new Session(this.db, this.versions, this.clock.now(), policy, this.contacts);
  }

  /** Runs one unit of work in a transaction (a savepoint inside another), its pending writes made before the end. */
  private apply<T>(session: Session, fn: (session: Session) => T): T {
    return inTransaction(this.db, () => {
      const result = fn(session);
      session.finish();
      return result;
    });
  }

  private work<T>(fn: (session: Session) => T): T {
    const session = this.session();
    const result = this.apply(session, fn);
    // Inside an outer transaction (a savepoint) nothing is committed yet and the outer one may still
    // commit or roll back: the cache drops the contacts touched instead of taking their rows.
    if (this.db.$client.inTransaction) session.uncommitted();
    else session.committed();
    return result;
  }

  /** One transaction of a job that one process at a time runs (see soleJob): `skipped`, nothing done, while another runs it. */
  private alone<T>(job: SoleJob, fn: (session: Session) => T, skipped: T): T {
    return this.work((session) => (soleJob(this.db.$client, job) ? fn(session) : skipped));
  }

  private ingest<T>(items: T[], apply: (session: Session, item: T) => void): IngestResult {
    return this.work((session) => {
      for (const item of items) apply(session, item);
      return { accepted: items.length, enrolled: session.enrolled };
    });
  }

  track = (items: TrackInput[]) => this.ingest(items, track);
  identify = (items: IdentifyInput[]) => this.ingest(items, identify);
  batch = (items: BatchItem[]) => this.ingest(items, trackOrIdentify);
  upsertContacts = (items: Array<{ id: string; patch: ContactPatch }>, source: string) => this.ingest(items, upsertFrom(source));

  private readonly groupCommit = new GroupCommit((fill) => this.applyGroup(fill));

  /** The same ingest calls for concurrent callers (HTTP requests): committed together, see GroupCommit. */
  readonly grouped = {
    track: (items: TrackInput[]) => this.groupCommit.submit(items, track),
    identify: (items: IdentifyInput[]) => this.groupCommit.submit(items, identify),
    batch: (items: BatchItem[]) => this.groupCommit.submit(items, trackOrIdentify),
    /** `also` writes more in each item's savepoint, after it (the audit entry of a consent set by hand). */
    upsertContacts: (items: Array<{ id: string; patch: ContactPatch }>, source: string, also?: () => void) => {
      const upsert = upsertFrom(source);
      return this.groupCommit.submit(items, also ? (session, item) => (upsert(session, item), also()) : upsert);
    },
    /** What the browser snippet reports about one visitor (`/api/collect`), applied in order. */
    site: (items: SiteInput[]) => this.groupCommit.submit(items, applySiteItem),
  };

  /**
   * A group commit's tick: one transaction, each part in its own savepoint and Session, so that a part
   * that throws is rolled back alone. The cache takes a part's rows as soon as its savepoint is
   * released (the parts after it read them), and is emptied if the commit itself fails.
   */
  private applyGroup(fill: Parameters<ApplyGroup>[0]): void {
    try {
      inTransaction(this.db, () =>
        fill((part) => {
          const session = this.session();
          try {
            this.apply(session, part);
          } catch (error) {
            session.uncommitted();
            return { error };
          }
          session.committed();
          return { enrolled: session.enrolled };
        }),
      );
    } catch (error) {
      this.contacts.clear();
      throw error;
    }
  }

  /** A contact confirmed a pending consent (double opt-in): see confirmConsent. */
  confirmConsent = (requestId: number, source: string, proof?: ConsentProof) => this.work((session) => confirmConsent(session, requestId, source, proof));

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
  runDue = (limit = 500) => this.work((session) => withinBudget(limit, DUE_SLICE, (n) => fireDueTimers(session, n)));
  nextDueAt = () => this.work(nextDueAt);
  /** Computes one chunk of the pending entry backfills in one short transaction; returns how many contacts it visited. */
  backfillEntries = (limit = BACKFILL_CHUNK) => this.alone('entry backfill', (session) => withinBudget(limit, BACKFILL_SLICE, (n) => backfillEntries(session, n)), 0);

  /** Applies a time-budgeted chunk of an import's staged rows in one transaction; returns how many rows it applied (undefined: another process is applying). */
  applyImport = (importId: string, limit = 10_000) => this.alone<number | undefined>('import apply', (session) => withinBudget(limit, IMPORT_SLICE, (n) => applyStagedRows(session, importId, n)), undefined);

  /** Computes one time-budgeted chunk of the membership of segments just saved; returns how many contacts it visited. */
  computeSegments = (limit = COMPUTE_CHUNK) => this.alone('segment membership', (session) => withinBudget(limit, COMPUTE_SLICE, (n) => computeSegments(session, n)), 0);

  /** One time-budgeted chunk of campaign work (runs to start, audiences to copy, members due); returns how many items it did. */
  runCampaigns = (limit = CAMPAIGN_CHUNK) => this.alone('campaigns', (session) => withinBudget(limit, CAMPAIGN_SLICE, (n) => runCampaigns(session, n)), 0);
  /** One time-budgeted chunk of closing the members cancelled campaigns had not started; returns how many it closed. */
  closeCancelledCampaigns = (limit = CAMPAIGN_CHUNK) => this.alone('campaigns', (session) => withinBudget(limit, CAMPAIGN_SLICE, (n) => closeCancelled(session, n)), 0);
  /** When the next campaign run starts or the next member of a run under way is due, if any. */
  nextCampaignAt = () => nextCampaignAt(this.db);

  /** A saved segment was created, changed or deleted: the next unit of work keeps the new set. */
  segmentsChanged(): void {
    announceChange(this.db, 'segments');
  }

  /** Erasure (GDPR): the contact and everything about it go, from the database and from the cache. */
  erase(contactId: string): void {
    inTransaction(this.db, () => deleteContact(this.db, contactId));
    this.contacts.forget(contactId);
  }

  /** A scenario was published or archived: the live entry triggers change. */
  scenariosChanged(): void {
    announceChange(this.db, 'scenarios');
  }

  /** The operator saved new pressure settings: the next transaction applies them. */
  policyChanged(): void {
    announceChange(this.db, 'policy');
  }
}
