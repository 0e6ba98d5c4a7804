import { MESSAGE_CHANNELS, PRESSURE_CHANNELS, type ContactEvent, type ConsentChannel, type ContactPreferences, type Json, type MessageChannel } from '@parcours/shared';
import type { Db } from './open.ts';
import { claimed, dialectOf, dueWithContact, jsonEach, worded } from './dialect.ts';
import { perDatabase } from './per-database.ts';
import { boundLimit, RawStatement, TableCodec } from './raw-statement.ts';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { consentChanges, consentRequests, contactPreferences, contacts, enrolments, events, messages, UNSENT_STATUSES, type CounterMetric, type DailyCounterMetric } from './schema.ts';

type ContactRow = typeof contacts.$inferSelect;
type EnrolmentRow = typeof enrolments.$inferSelect;

const contactCodec = new TableCodec(contacts);
const enrolmentCodec = new TableCodec(enrolments);
const eventCodec = new TableCodec(events);
const consentCodec = new TableCodec(consentChanges);
const requestCodec = new TableCodec(consentRequests);
/** How outbox rows cross into plain statements: the store of the outbox prepares its own with it. */
export const messageCodec = new TableCodec(messages);
const preferencesCodec = new TableCodec(contactPreferences);

/** A due timer with the enrolment it wakes (as it is once the timer is claimed: without it). */
export interface DueTimer {
  node: string;
  seq: number;
  dueAt: number;
  enrolment: EnrolmentRow;
}

/** An enrolment's new state after a step, its pending timer included. */
export type EnrolmentUpdate = Pick<EnrolmentRow, 'id' | 'status' | 'node' | 'snapshot' | 'visited' | 'exitedAt' | 'updatedAt' | 'dueAt' | 'timerNode' | 'timerSeq'>;

/** A contact's entry in a scenario due again as time passes: a segment re-check, a date occurrence. */
export interface DueRecheck {
  contactId: string;
  scenarioId: string;
  dueAt: number;
}

/** A row of the trace, as the engine reports it for one enrolment. */
export interface StepRow {
  enrolmentId: number;
  scenarioId: string;
  version: number;
  at: number;
  node: string;
  type: string;
  outcome: string;
  output: string | null;
  reason: string | null;
  rule: string | null;
  until: number | null;
}

/** The enrolment whose trace rows insertTrace writes. */
export type TraceOwner = Pick<StepRow, 'enrolmentId' | 'scenarioId' | 'version'>;
/** A trace row as the engine reports it (absent fields are stored as null). */
export type TraceRow = Pick<StepRow, 'at' | 'node' | 'type' | 'outcome'> & { output?: string | null; reason?: string | null; rule?: string | null; until?: number | null };

export interface MessageInsert {
  idempotencyKey: string;
  contactId: string;
  /** Null for a message no journey sent (a double opt-in confirmation). */
  enrolmentId: number | null;
  scenarioId: string;
  version: number;
  node: string;
  channel: string;
  template: string | null;
  webhook: (typeof messages.$inferInsert)['webhook'];
  event: (typeof messages.$inferInsert)['event'];
  transactional: boolean;
  digest: (typeof messages.$inferInsert)['digest'];
  createdAt: number;
}

/**
 * The runtime's hot queries as plain better-sqlite3 prepared statements, compiled by SQLite once
 * per database and then only bound and run. The rest of the server queries through drizzle; rows
 * read here have the drizzle schema's shape. SQLite re-plans a statement at every run when a bound
 * value can change its plan (a column tested by a partial index), so those values are literals.
 */
function prepare(db: Db) {
  const sqlite = db.$client;
  const statement = <P extends object, R = never>(
    text: string,
    codec?: TableCodec<SQLiteTable>,
    decode?: (row: Record<string, unknown>) => R,
  ) => new RawStatement<P, R>(sqlite.prepare(text), codec, decode);
  const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
  const postgres = dialectOf(sqlite) === 'postgres';
  // Frequency caps count messages and tasks alike.
  const channels = list(PRESSURE_CHANNELS);
  const unsent = list(UNSENT_STATUSES);

  return {
    contactById: statement<{ id: string }, ContactRow>(`SELECT ${contactCodec.select()} FROM contacts WHERE id = @id`, contactCodec),
    /**
     * The contact a unit of work is about to step. On PostgreSQL its row is locked until the commit (waiting for a
     * process that holds it, then read as that one committed it): two processes never step one contact at once.
     */
    contactToStep: statement<{ id: string }, ContactRow>(
      `SELECT ${contactCodec.select()} FROM contacts WHERE id = @id ${worded(sqlite, { sqlite: '', postgres: 'FOR UPDATE' })}`,
      contactCodec,
    ),
    contactExists: statement<{ id: string }, { found: number }>('SELECT 1 AS found FROM contacts WHERE id = @id'),
    insertContact: statement<ContactRow>(
      `INSERT INTO contacts (id, anonymous, attributes, consents, time_zone, lists, created_at, updated_at)
       VALUES (@id, @anonymous, @attributes, @consents, @timeZone, @lists, @createdAt, @updatedAt) ON CONFLICT (id) DO NOTHING`,
      contactCodec,
    ),
    /** New contacts in one statement (the search index's trigger then writes them as one batch): see contactRowsJson. */
    insertContacts: statement<{ rows: string }>(
      worded(sqlite, {
        sqlite: `INSERT INTO contacts (id, anonymous, attributes, consents, time_zone, lists, created_at, updated_at)
          SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7 FROM json_each(@rows)`,
        postgres: `INSERT INTO contacts (id, anonymous, attributes, consents, time_zone, lists, created_at, updated_at)
          SELECT r ->> 0, (r ->> 1)::bigint, r ->> 2, r ->> 3, r ->> 4, r ->> 5, (r ->> 6)::bigint, (r ->> 7)::bigint FROM json_array_elements(@rows::json) AS r`,
      }),
    ),
    updateContact: statement<ContactRow>(
      `UPDATE contacts SET attributes = @attributes, consents = @consents, time_zone = @timeZone, lists = @lists, updated_at = @updatedAt
       WHERE id = @id`,
      contactCodec,
    ),
    /**
     * The same, attributes left as they are: an update that sets them costs about ten times more even when they are
     * equal (the search and catalogue triggers are fired, and the search index's pending writes flushed, per statement).
     */
    updateContactBesidesAttributes: statement<Omit<ContactRow, 'attributes'>>(
      'UPDATE contacts SET consents = @consents, time_zone = @timeZone, lists = @lists, updated_at = @updatedAt WHERE id = @id',
      contactCodec,
    ),
    insertConsentChange: statement<{ contactId: string; channel: ConsentChannel; granted: boolean; pending: boolean; source: string; at: number; ip: string | null; userAgent: string | null }>(
      `INSERT INTO consent_changes (contact_id, channel, granted, pending, source, at, ip, user_agent)
       VALUES (@contactId, @channel, @granted, @pending, @source, @at, @ip, @userAgent)`,
      consentCodec,
    ),
    /** Every contact update with a consent in it asks (double opt-in); drizzle's query building was most of its cost. */
    pendingConsentRequest: statement<{ contactId: string; channel: ConsentChannel }, typeof consentRequests.$inferSelect>(
      `SELECT ${requestCodec.select()} FROM consent_requests WHERE contact_id = @contactId AND channel = @channel AND status = 'pending'`,
      requestCodec,
    ),
    /** Read before every send (drizzle's query building was about a tenth of a campaign start). */
    preferences: statement<{ contactId: string }, { preferences: ContactPreferences }>(
      'SELECT preferences FROM contact_preferences WHERE contact_id = @contactId',
      preferencesCodec,
    ),
    /** The channels on which the contact's addresses are suppressed; an address not given is bound as null and matches nothing. */
    suppressedChannels: statement<Record<MessageChannel, string | null>, { channel: MessageChannel }>(
      `SELECT channel FROM suppressions WHERE ${MESSAGE_CHANNELS.map((channel) => `(channel = '${channel}' AND address = @${channel})`).join(' OR ')}`,
    ),
    aliasOwner: statement<{ anonymousId: string }, { id: string }>('SELECT contact_id AS id FROM contact_aliases WHERE anonymous_id = @anonymousId'),
    insertEvent: statement<{ contactId: string; name: string; properties: Record<string, Json>; at: number; receivedAt: number }>(
      'INSERT INTO events (contact_id, name, properties, at, received_at) VALUES (@contactId, @name, @properties, @at, @receivedAt)',
      eventCodec,
    ),
    eventHistory: statement<{ contactId: string; limit: number }, ContactEvent>(
      `SELECT name, at, properties FROM events WHERE contact_id = @contactId ORDER BY at DESC, id DESC ${boundLimit()}`,
      eventCodec,
    ),
    /** Sends that count towards frequency caps: every message since `since` but those that never went out. */
    sentSince: statement<{ contactId: string; since: number }, { channel: string; at: number; scenarioId: string; template: string | null; transactional: boolean }>(
      `SELECT channel, created_at AS at, scenario_id AS scenarioId, template, transactional FROM messages
       WHERE contact_id = @contactId AND created_at >= @since AND channel IN (${channels}) AND status NOT IN (${unsent})
       ORDER BY created_at`,
    ),
    /** For sends marked `once`: has the contact ever been sent this template by this scenario? */
    receivedTemplate: statement<{ contactId: string; scenarioId: string; template: string }, { id: number }>(
      `SELECT id FROM messages
       WHERE contact_id = @contactId AND scenario_id = @scenarioId AND template = @template AND status NOT IN (${unsent}) LIMIT 1`,
    ),
    // The partial index holds active runs only; without statistics SQLite would rank the contact's index of every
    // run as high since the partial one gained the correlation column.
    activeEnrolments: statement<{ contactId: string }, EnrolmentRow>(
      worded(sqlite, {
        sqlite: `SELECT ${enrolmentCodec.select()} FROM enrolments INDEXED BY enrolments_one_active WHERE contact_id = @contactId AND status = 'active' ORDER BY id`,
        postgres: `SELECT ${enrolmentCodec.select()} FROM enrolments WHERE contact_id = @contactId AND status = 'active' ORDER BY id`,
      }),
      enrolmentCodec,
    ),
    /** Read with get(), which stops at the first row (a bound LIMIT would make SQLite plan it at every run). */
    lastEnrolment: statement<{ contactId: string; scenarioId: string }, EnrolmentRow>(
      `SELECT ${enrolmentCodec.select()} FROM enrolments WHERE contact_id = @contactId AND scenario_id = @scenarioId ORDER BY pass DESC`,
      enrolmentCodec,
    ),
    /** The latest run with one correlation value, for the re-entry policy of a scenario run per key (read with get()). */
    lastCorrelatedEnrolment: statement<{ contactId: string; scenarioId: string; correlation: string }, EnrolmentRow>(
      `SELECT ${enrolmentCodec.select()} FROM enrolments WHERE contact_id = @contactId AND scenario_id = @scenarioId AND correlation = @correlation ORDER BY pass DESC`,
      enrolmentCodec,
    ),
    /** A new enrolment as its first step leaves it, with the id its session gave it. */
    insertEnrolment: statement<EnrolmentRow>(
      `INSERT INTO enrolments (id, contact_id, scenario_id, version, pass, status, node, snapshot, trigger, trigger_event, correlation, visited,
         entered_at, exited_at, updated_at, due_at, timer_node, timer_seq)
       VALUES (@id, @contactId, @scenarioId, @version, @pass, @status, @node, @snapshot, @trigger, @triggerEvent, @correlation, @visited,
         @enteredAt, @exitedAt, @updatedAt, @dueAt, @timerNode, @timerSeq)`,
      enrolmentCodec,
    ),
    updateEnrolment: statement<EnrolmentUpdate>(
      `UPDATE enrolments SET status = @status, node = @node, snapshot = @snapshot, visited = @visited, exited_at = @exitedAt, updated_at = @updatedAt,
       due_at = @dueAt, timer_node = @timerNode, timer_seq = @timerSeq WHERE id = @id`,
      enrolmentCodec,
    ),
    dueTimers: statement<{ now: number; limit: number }, DueTimer>(
      `SELECT ${enrolmentCodec.select('enrolments')} FROM ${dueWithContact(sqlite, 'enrolments')}
       WHERE enrolments.due_at IS NOT NULL AND enrolments.due_at <= @now ORDER BY enrolments.due_at, enrolments.id ${boundLimit()} ${claimed(sqlite, 'enrolments, contacts')}`,
      undefined,
      (row) => {
        const enrolment = enrolmentCodec.decode(row);
        const timer = { node: enrolment.timerNode!, seq: enrolment.timerSeq!, dueAt: enrolment.dueAt!, enrolment };
        // The row is fresh from SQLite: cleared in place, not copied by a spread (see persistStep).
        enrolment.dueAt = null;
        enrolment.timerNode = null;
        enrolment.timerSeq = null;
        return timer;
      },
    ),
    /** Clears the timers of the enrolments listed (a JSON array of ids): one statement for a claimed batch. */
    clearTimers: statement<{ ids: string }>(
      `UPDATE enrolments SET due_at = NULL, timer_node = NULL, timer_seq = NULL WHERE id IN (SELECT value FROM ${jsonEach(sqlite, '@ids', 'bigint')})`,
    ),
    /** An unchanged instant writes nothing: most events leave a contact's re-check where it was. */
    setRecheck: statement<{ contactId: string; scenarioId: string; dueAt: number }>(
      `INSERT INTO segment_rechecks (contact_id, scenario_id, due_at) VALUES (@contactId, @scenarioId, @dueAt)
       ON CONFLICT (contact_id, scenario_id) DO UPDATE SET due_at = excluded.due_at WHERE segment_rechecks.due_at <> excluded.due_at`,
    ),
    clearRecheck: statement<{ contactId: string; scenarioId: string }>(
      'DELETE FROM segment_rechecks WHERE contact_id = @contactId AND scenario_id = @scenarioId',
    ),
    dueRechecks: statement<{ now: number; limit: number }, DueRecheck>(
      `SELECT segment_rechecks.contact_id AS contactId, scenario_id AS scenarioId, due_at AS dueAt FROM ${dueWithContact(sqlite, 'segment_rechecks')}
       WHERE due_at <= @now ORDER BY due_at ${boundLimit()} ${claimed(sqlite, 'segment_rechecks, contacts')}`,
    ),
    setDateEntry: statement<{ contactId: string; scenarioId: string; dueAt: number; setAt: number }>(
      `INSERT INTO date_entries (contact_id, scenario_id, due_at, set_at) VALUES (@contactId, @scenarioId, @dueAt, @setAt)
       ON CONFLICT (contact_id, scenario_id) DO UPDATE SET due_at = excluded.due_at, set_at = excluded.set_at`,
    ),
    clearDateEntry: statement<{ contactId: string; scenarioId: string }>(
      'DELETE FROM date_entries WHERE contact_id = @contactId AND scenario_id = @scenarioId',
    ),
    dueDateEntries: statement<{ now: number; limit: number }, DueRecheck>(
      `SELECT date_entries.contact_id AS contactId, scenario_id AS scenarioId, due_at AS dueAt FROM ${dueWithContact(sqlite, 'date_entries')}
       WHERE due_at <= @now ORDER BY due_at ${boundLimit()} ${claimed(sqlite, 'date_entries, contacts')}`,
    ),
    insertMessage: statement<MessageInsert>(
      `INSERT INTO messages (idempotency_key, contact_id, enrolment_id, scenario_id, version, node, channel, template, webhook, event, transactional, digest, status, created_at)
       VALUES (@idempotencyKey, @contactId, @enrolmentId, @scenarioId, @version, @node, @channel, @template, @webhook, @event, @transactional, @digest, 'pending', @createdAt)
       ON CONFLICT (idempotency_key) DO NOTHING`,
      messageCodec,
    ),
    bumpCounter: statement<{ scenarioId: string; version: number; node: string; output: string; metric: CounterMetric; n: number }>(
      `INSERT INTO node_counters (scenario_id, version, node, output, metric, n) VALUES (@scenarioId, @version, @node, @output, @metric, @n)
       ON CONFLICT (scenario_id, version, node, output, metric) DO UPDATE SET n = node_counters.n + excluded.n`,
    ),
    bumpDailyCounter: statement<{ scenarioId: string; day: number; version: number; node: string; metric: DailyCounterMetric; n: number }>(
      `INSERT INTO daily_counters (scenario_id, day, version, node, metric, n) VALUES (@scenarioId, @day, @version, @node, @metric, @n)
       ON CONFLICT (scenario_id, day, version, node, metric) DO UPDATE SET n = daily_counters.n + excluded.n`,
    ),
    /**
     * The same for several counters in one statement (`rows`: a JSON array of each counter's values in the insert's
     * column order), on PostgreSQL only, where every statement is a round trip: a unit of work moves four or five
     * counters. On SQLite a statement is a function call and one per counter costs less: null there.
     */
    bumpCounters: postgres
      ? statement<{ rows: string }>(
          `INSERT INTO node_counters (scenario_id, version, node, output, metric, n)
           SELECT r ->> 0, (r ->> 1)::bigint, r ->> 2, r ->> 3, r ->> 4, (r ->> 5)::bigint FROM json_array_elements(@rows::json) AS r
           ON CONFLICT (scenario_id, version, node, output, metric) DO UPDATE SET n = node_counters.n + excluded.n`,
        )
      : null,
    bumpDailyCounters: postgres
      ? statement<{ rows: string }>(
          `INSERT INTO daily_counters (scenario_id, day, version, node, metric, n)
           SELECT r ->> 0, (r ->> 1)::bigint, (r ->> 2)::bigint, r ->> 3, r ->> 4, (r ->> 5)::bigint FROM json_array_elements(@rows::json) AS r
           ON CONFLICT (scenario_id, day, version, node, metric) DO UPDATE SET n = daily_counters.n + excluded.n`,
        )
      : null,
    /** `insertSteps[n - 1]` writes n trace rows, eleven positional values each (see insertTrace). */
    insertSteps: Array.from({ length: STEPS_PER_INSERT }, (_, i) =>
      sqlite.prepare(`INSERT INTO steps (enrolment_id, scenario_id, version, at, node, type, outcome, output, reason, rule, until) VALUES ${Array(i + 1).fill(STEP_VALUES).join(', ')}`),
    ),
  };
}

/** Trace rows one INSERT writes at most; a step's rows are written together, not one statement each. */
const STEPS_PER_INSERT = 8;
const STEP_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * Writes an enrolment's trace rows of one step with as few statements as it takes (one for most steps): a statement
 * each cost more in binding and running than SQLite's insert itself (with settleDeliveries, a 1M-contact campaign
 * went from 111.5 to 103.0 s).
 */
export function insertTrace(db: Db, enrolment: TraceOwner, steps: readonly TraceRow[]): void {
  const { insertSteps } = statements(db);
  for (let from = 0; from < steps.length; from += STEPS_PER_INSERT) {
    const values: unknown[] = [];
    const to = Math.min(steps.length, from + STEPS_PER_INSERT);
    for (let i = from; i < to; i++) {
      const s = steps[i];
      values.push(enrolment.enrolmentId, enrolment.scenarioId, enrolment.version, s.at, s.node, s.type, s.outcome, s.output ?? null, s.reason ?? null, s.rule ?? null, s.until ?? null);
    }
    insertSteps[to - from - 1].run(values);
  }
}

export type Statements = ReturnType<typeof prepare>;

/** Contact rows as insertContacts binds them: a JSON array of each row's stored values, in the insert's column order. */
export function contactRowsJson(rows: ContactRow[]): string {
  return JSON.stringify(
    rows.map((row) => {
      const stored = contactCodec.encode(row) as Record<keyof ContactRow, unknown>;
      return [stored.id, stored.anonymous, stored.attributes, stored.consents, stored.timeZone, stored.lists, stored.createdAt, stored.updatedAt];
    }),
  );
}

export const statements: (db: Db) => Statements = perDatabase(prepare);
