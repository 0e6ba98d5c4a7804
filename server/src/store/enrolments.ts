import { eq } from 'drizzle-orm';
import type { PastEnrolment, PressureChannel, SentMessage, StepResult, TraceStep, TriggerEvent } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { enrolments } from '../db/schema.ts';
import { statements } from '../db/statements.ts';

export type EnrolmentRow = typeof enrolments.$inferSelect;

export const activeEnrolments = (db: Db, contactId: string): EnrolmentRow[] => statements(db).activeEnrolments.all({ contactId });

/** The contact's latest enrolment in a scenario (any version), for the re-entry policy. */
export const lastEnrolment = (db: Db, contactId: string, scenarioId: string): EnrolmentRow | undefined =>
  statements(db).lastEnrolment.get({ contactId, scenarioId });

/** What the re-entry policy reads of the contact's latest enrolment in a scenario. */
export function pastEnrolment(db: Db, contactId: string, scenarioId: string): PastEnrolment | undefined {
  const last = lastEnrolment(db, contactId, scenarioId);
  return last && { enteredAt: last.enteredAt, pass: last.pass, active: last.status === 'active' };
}

/** Whether anyone ever entered the scenario (any version). */
export const anyoneEntered = (db: Db, scenarioId: string): boolean =>
  db.select({ id: enrolments.id }).from(enrolments).where(eq(enrolments.scenarioId, scenarioId)).limit(1).get() !== undefined;

export function insertEnrolment(
  db: Db,
  values: { contactId: string; scenarioId: string; version: number; pass: number; trigger: string; now: number; event?: TriggerEvent },
): EnrolmentRow {
  const { event, ...fields } = values;
  // Only the name and properties: the event's time is not what templates read.
  const triggerEvent = event ? { name: event.name, properties: event.properties } : null;
  const { lastInsertRowid } = statements(db).insertEnrolment.run({ ...fields, triggerEvent });
  const { now, ...rest } = fields;
  return { ...rest, triggerEvent, id: Number(lastInsertRowid), status: 'active', node: null, snapshot: null, enteredAt: now, exitedAt: null, updatedAt: now };
}

/** Messages that count towards frequency caps: every send asked for since `since`, except failed ones. */
export function sentMessages(db: Db, contactId: string, since: number): SentMessage[] {
  return statements(db)
    .sentSince.all({ contactId, since })
    .map(({ template, ...m }) => ({ ...m, channel: m.channel as PressureChannel, ...(template !== null ? { template } : {}) }));
}

/** Whether the contact was ever sent `template` by the scenario (sends that never went out do not count). */
export function receivedTemplate(db: Db, contactId: string, scenarioId: string, template: string): boolean {
  return statements(db).receivedTemplate.get({ contactId, scenarioId, template }) !== undefined;
}

/**
 * Writes what a step did: the trace, timers, outbox rows and the enrolment's new snapshot.
 * Attribute, list and start-scenario effects are the caller's (they touch the contact and other
 * enrolments). Must run inside the caller's transaction.
 */
export function persistStep(db: Db, row: EnrolmentRow, result: StepResult, now: number): void {
  // Nothing moved (most events reach enrolments waiting for something else): nothing to write.
  if (result.snapshot === row.snapshot && result.status === row.status && result.effects.length === 0 && result.steps.length === 0) return;
  const q = statements(db);
  const enrolmentId = row.id;
  for (const effect of result.effects) {
    if (effect.kind === 'schedule') {
      q.insertTimer.run({ enrolmentId, node: effect.node, seq: effect.seq, dueAt: effect.at });
    } else if (effect.kind === 'cancelTimers') {
      q.cancelTimers.run({ enrolmentId, node: effect.node });
    } else if (effect.kind === 'send') {
      const m = effect.message;
      q.insertMessage.run({
        idempotencyKey: m.idempotencyKey,
        contactId: row.contactId,
        enrolmentId,
        scenarioId: row.scenarioId,
        version: row.version,
        node: m.node,
        channel: m.channel,
        template: m.template ?? null,
        webhook: m.webhook ?? null,
        event: m.event ?? null,
        createdAt: now,
      });
    }
  }
  for (const s of result.steps) {
    q.insertStep.run({
      enrolmentId,
      contactId: row.contactId,
      scenarioId: row.scenarioId,
      version: row.version,
      at: s.at,
      node: s.node,
      type: s.type,
      outcome: s.outcome,
      output: s.output ?? null,
      reason: s.reason ?? null,
      rule: s.rule ?? null,
      until: s.until ?? null,
    });
  }
  const ended = result.status !== 'active';
  // An ended enrolment keeps no snapshot and no timer: nothing can move it any more.
  if (ended) q.deleteTimersOf.run({ enrolmentId });
  const snapshot = ended ? null : result.snapshot;
  q.updateEnrolment.run({ id: enrolmentId, status: result.status, node: result.node, snapshot, exitedAt: ended ? now : null, now });
  row.status = result.status;
  row.node = result.node;
  row.snapshot = snapshot;
}

/**
 * Ends an active enrolment outside the engine (an engine fault, an identity merge): it exits where
 * it stands, with the reason in its trace, and loses its snapshot and timers.
 */
export function endEnrolment(db: Db, row: EnrolmentRow, at: { node: string; type: TraceStep['type']; reason: string; now: number }): void {
  // The same writes as a step that ends the enrolment where it stands, with one trace row.
  const trace = { at: at.now, node: at.node, type: at.type, outcome: 'exited' as const, reason: at.reason.slice(0, 500) };
  persistStep(db, row, { snapshot: null, status: 'exited', node: row.node, effects: [], steps: [trace] }, at.now);
}
