import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { enrolments, events, messages, steps } from '../db/schema.ts';
import { consentHistory } from './consents.ts';
import { contactSteps, getContactView } from './contacts.ts';
import { messageView } from './messages.ts';

function iso(ms: number): string;
function iso(ms: number | null): string | null;
function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Everything the database holds on one contact, in one document (GDPR right of access). */
export function exportContact(db: Db, id: string, now: number) {
  const contact = getContactView(db, id);
  const stepRows = contactSteps(db, id).orderBy(asc(steps.id)).all();
  const enrolmentRows = db.select().from(enrolments).where(eq(enrolments.contactId, id)).orderBy(asc(enrolments.id)).all();
  return {
    exportedAt: iso(now),
    contact,
    consents: consentHistory(db, id),
    events: db
      .select()
      .from(events)
      .where(eq(events.contactId, id))
      .orderBy(asc(events.at), asc(events.id))
      .all()
      .map((e) => ({ name: e.name, properties: e.properties, at: iso(e.at), receivedAt: iso(e.receivedAt) })),
    enrolments: enrolmentRows.map((e) => ({
      scenarioId: e.scenarioId,
      version: e.version,
      pass: e.pass,
      status: e.status,
      node: e.node,
      trigger: e.trigger,
      enteredAt: iso(e.enteredAt),
      exitedAt: iso(e.exitedAt),
      state: e.snapshot,
      timers: e.dueAt === null ? [] : [{ node: e.timerNode!, dueAt: iso(e.dueAt) }],
      steps: stepRows
        .filter((s) => s.enrolmentId === e.id)
        .map((s) => ({ at: iso(s.at), node: s.node, type: s.type, outcome: s.outcome, output: s.output, reason: s.reason, rule: s.rule, until: iso(s.until) })),
    })),
    messages: db.select().from(messages).where(eq(messages.contactId, id)).orderBy(asc(messages.id)).all().map(messageView),
  };
}

