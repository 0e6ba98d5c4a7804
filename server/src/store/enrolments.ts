import { eq } from 'drizzle-orm';
import { placeOnsiteItem } from './onsite.ts';
import type { PastEnrolment, PressureChannel, SentMessage, StepResult, TraceStep, TriggerEvent } from '@parcours/shared';
import { sharedByProcesses, worded } from '../db/dialect.ts';
import { perDatabase } from '../db/per-database.ts';
import type { Db } from '../db/open.ts';
import { enrolments } from '../db/schema.ts';
import { insertTrace, statements } from '../db/statements.ts';
import type { CounterDeltas } from './counters.ts';

export type EnrolmentRow = typeof enrolments.$inferSelect;

export const activeEnrolments = (db: Db, contactId: string): EnrolmentRow[] => statements(db).activeEnrolments.all({ contactId });

/** The contact's latest enrolment in a scenario (any version), for the re-entry policy. */
export const lastEnrolment = (db: Db, contactId: string, scenarioId: string): EnrolmentRow | undefined =>
  statements(db).lastEnrolment.get({ contactId, scenarioId });

/** What the re-entry policy reads of the contact's latest enrolment in a scenario (with `correlation`: the latest with that value). */
export function pastEnrolment(db: Db, contactId: string, scenarioId: string, correlation?: string): PastEnrolment | undefined {
  const last =
    correlation === undefined ? lastEnrolment(db, contactId, scenarioId) : statements(db).lastCorrelatedEnrolment.get({ contactId, scenarioId, correlation });
  return last && { enteredAt: last.enteredAt, pass: last.pass, active: last.status === 'active' };
}

/** Whether anyone ever entered the scenario (any version). */
export const anyoneEntered = (db: Db, scenarioId: string): boolean =>
  db.select({ id: enrolments.id }).from(enrolments).where(eq(enrolments.scenarioId, scenarioId)).limit(1).get() !== undefined;

/**
 * SQLite: the highest enrolment id ever given (AUTOINCREMENT keeps it). PostgreSQL: the next value of the id column's
 * sequence, which gives each value once, to whichever process asks.
 */
const enrolmentIdRead = perDatabase((db) =>
  db.$client
    .prepare<[], number | null>(worded(db.$client, { sqlite: "SELECT seq FROM sqlite_sequence WHERE name = 'enrolments'", postgres: "SELECT nextval('enrolments_id_seq')" }))
    .pluck(),
);

/**
 * How one unit of work numbers its new enrolments. On SQLite, one process writes: it numbers on from the highest id
 * ever given, and every enrolment it opens is written before the next unit of work starts. On PostgreSQL, where
 * several processes write, each id is taken from the sequence.
 */
export function enrolmentNumbering(db: Db): () => number {
  const read = enrolmentIdRead(db);
  if (sharedByProcesses(db.$client)) return () => read.get()!;
  let last = read.get() ?? 0;
  return () => ++last;
}

/**
 * A new enrolment as it stands before its first step, not yet written: its first `persistStep`
 * inserts it as that step leaves it (one write instead of an insert and an update).
 */
export function newEnrolment(
  id: number,
  values: { contactId: string; scenarioId: string; version: number; pass: number; correlation: string; trigger: string; now: number; event?: TriggerEvent },
): EnrolmentRow {
  const { contactId, scenarioId, version, pass, correlation, trigger, event, now } = values;
  // Only the name and properties: the event's time is not what templates read.
  const triggerEvent = event ? { name: event.name, properties: event.properties } : null;
  // Every field named: on this Node, properties after a spread in a literal cost microseconds each (see persistStep).
  return {
    id,
    contactId,
    scenarioId,
    version,
    pass,
    correlation,
    trigger,
    triggerEvent,
    status: 'active',
    node: null,
    snapshot: null,
    visited: null,
    enteredAt: now,
    exitedAt: null,
    updatedAt: now,
    dueAt: null,
    timerNode: null,
    timerSeq: null,
  };
}

/** Messages that count towards frequency caps: every send asked for since `since`, except failed ones. */
export function sentMessages(db: Db, contactId: string, since: number): SentMessage[] {
  return statements(db)
    .sentSince.all({ contactId, since })
    .map(({ channel, at, scenarioId, template, transactional }) => {
      const sent: SentMessage = { channel: channel as PressureChannel, at, scenarioId };
      if (template !== null) sent.template = template;
      if (transactional) sent.transactional = true;
      return sent;
    });
}

/** Whether the contact was ever sent `template` by the scenario (sends that never went out do not count). */
export function receivedTemplate(db: Db, contactId: string, scenarioId: string, template: string): boolean {
  return statements(db).receivedTemplate.get({ contactId, scenarioId, template }) !== undefined;
}

/**
 * Writes what a step did: the trace, outbox rows and the enrolment's new snapshot and timer, and
 * counts it in `counters` (which the caller writes before its transaction commits).
 * Attribute, list and start-scenario effects are the caller's (they touch the contact and other
 * enrolments). Must run inside the caller's transaction. `isNew`: the enrolment's first step (it was
 * made by `newEnrolment`, not written yet). `revenue`: what a conversion earned, in hundredths.
 */
export function persistStep(db: Db, row: EnrolmentRow, result: StepResult, now: number, counters: CounterDeltas, isNew = false, revenue = 0): void {
  // Nothing moved (most events reach enrolments waiting for something else): nothing to write.
  if (!isNew && result.snapshot === row.snapshot && result.status === row.status && result.effects.length === 0 && result.steps.length === 0) return;
  const q = statements(db);
  const ended = result.status !== 'active';
  // An ended enrolment keeps no snapshot and no timer: nothing can move it any more.
  const timer = ended ? undefined : pendingTimer(row, result);
  row.visited = counters.step(row, result, now, revenue);
  row.status = result.status;
  row.node = result.node;
  row.snapshot = ended ? null : result.snapshot;
  row.exitedAt = ended ? now : null;
  row.updatedAt = now;
  row.dueAt = timer?.at ?? null;
  row.timerNode = timer?.node ?? null;
  row.timerSeq = timer?.seq ?? null;
  // A new enrolment is written first: its outbox rows refer to it.
  if (isNew) q.insertEnrolment.run(row);
  else q.updateEnrolment.run(row);
  // The message rows name every field rather than spread a common part: on this Node (20.20), each property after a
  // spread in an object literal cost microseconds, a fifth of a campaign start in all (CPU profile of bench:campaign).
  for (const effect of result.effects) {
    if (effect.kind !== 'send') continue;
    const m = effect.message;
    q.insertMessage.run({
      enrolmentId: row.id,
      scenarioId: row.scenarioId,
      version: row.version,
      contactId: row.contactId,
      idempotencyKey: m.idempotencyKey,
      node: m.node,
      channel: m.channel,
      template: m.template ?? null,
      webhook: m.webhook ?? null,
      event: m.event ?? null,
      transactional: m.transactional === true,
      digest: m.digest ?? null,
      createdAt: now,
    });
    if (m.onsite) placeOnsiteItem(db, m.idempotencyKey, m.onsite, now);
  }
  insertTrace(db, { enrolmentId: row.id, scenarioId: row.scenarioId, version: row.version }, result.steps);
}

/** The enrolment's timer once the step's schedules and cancellations apply. */
function pendingTimer(row: EnrolmentRow, result: StepResult): { node: string; seq: number; at: number } | undefined {
  let timer = row.dueAt === null ? undefined : { node: row.timerNode!, seq: row.timerSeq!, at: row.dueAt };
  for (const effect of result.effects) {
    if (effect.kind === 'schedule') {
      // Only the node the contact stands at waits, so a second timer would mean a broken engine.
      if (timer && timer.node !== effect.node) throw new Error(`enrolment ${row.id} would wait at ${timer.node} and ${effect.node} at once`);
      timer = { node: effect.node, seq: effect.seq, at: effect.at };
    } else if (effect.kind === 'cancelTimers' && timer?.node === effect.node) {
      timer = undefined;
    }
  }
  return timer;
}

/**
 * Ends an active enrolment outside the engine (an engine fault, an identity merge): it exits where
 * it stands, with the reason in its trace, and loses its snapshot and timers.
 */
export function endEnrolment(
  db: Db,
  row: EnrolmentRow,
  at: { node: string; type: TraceStep['type']; reason: string; now: number },
  counters: CounterDeltas,
  isNew = false,
): void {
  // The same writes as a step that ends the enrolment where it stands, with one trace row.
  const trace = { at: at.now, node: at.node, type: at.type, outcome: 'exited' as const, reason: at.reason.slice(0, 500) };
  persistStep(db, row, { snapshot: null, status: 'exited', node: row.node, effects: [], steps: [trace] }, at.now, counters, isNew);
}
