import { asc, eq } from 'drizzle-orm';
import {
  ContactProfile,
  DEFAULT_SIMULATION_START,
  parseDuration,
  resolveTimelineTime,
  simulate,
  validateScenario,
  type Scenario,
  type TestCase,
} from '@parcours/shared';
import { enrolments, messages, steps } from '../src/db/schema.ts';
import type { Harness } from './helpers.ts';

const HOUR = 3_600_000;

export function parsedScenario(file: unknown): Scenario {
  const result = validateScenario(file);
  if (!result.ok || !result.scenario) throw new Error(`invalid scenario: ${JSON.stringify(result.errors)}`);
  return result.scenario;
}

/**
 * Plays a saved test case against the running server the way the simulator plays it: the contact
 * is created at the start, timeline entries come at their times (before any timer due at the same
 * instant), and timers fire as the clock reaches them. Returns the server's trace and messages.
 */
export async function replay(h: Harness, scenario: Scenario, testCase: Pick<TestCase, 'contact' | 'events' | 'start' | 'until'>) {
  const start = Date.parse(testCase.start ?? DEFAULT_SIMULATION_START);
  const horizon = start + parseDuration(testCase.until ?? '90d');
  const contact = ContactProfile.parse(testCase.contact);
  h.clock.set(start);
  const put = await h.call('PUT', `/contacts/${encodeURIComponent(contact.id)}`, {
    attributes: contact.attributes,
    consents: contact.consents,
    lists: contact.lists,
    ...(contact.timeZone ? { timeZone: contact.timeZone } : {}),
  });
  if (put.status !== 200) throw new Error(`contact: ${JSON.stringify(put.body)}`);
  if (scenario.nodes.some((n) => n.type === 'entry.api')) await h.call('POST', `/scenarios/${scenario.id}/enrol`, { contactId: contact.id });
  const timeline = (testCase.events ?? [])
    .map((item, index) => ({ item, index, at: resolveTimelineTime(item.at, start) }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  // Date entries are due on the hour in these scenarios: an hourly sweep enters contacts when the simulator does.
  const dated = scenario.nodes.some((n) => n.type === 'entry.date');
  let nextSweep = dated ? Math.ceil(start / HOUR) * HOUR : Infinity;
  let cursor = 0;
  for (;;) {
    const next = timeline[cursor];
    const due = h.runtime.nextDueAt() ?? Infinity;
    const at = Math.min(next?.at ?? Infinity, due, nextSweep);
    if (!Number.isFinite(at) || at > horizon) break;
    h.clock.set(Math.max(h.clock.now(), at));
    // At one instant: the timeline entry first, then timers, then date entries — the simulator's order.
    if (next && next.at === at) {
      cursor++;
      const { item } = next;
      const res =
        'event' in item
          ? await h.call('POST', '/track', { userId: contact.id, event: item.event, properties: item.properties })
          : await h.call('PUT', `/contacts/${encodeURIComponent(contact.id)}`, { attributes: item.attributes });
      if (res.status !== 200) throw new Error(`timeline: ${JSON.stringify(res.body)}`);
    } else if (due === at) {
      h.runtime.runDue(1000);
    } else {
      h.runtime.sweepDates();
      nextSweep += HOUR;
    }
  }
  return serverResult(h, contact.id);
}

/** A trace row as the engine's TraceStep has it: optional fields absent rather than null. */
export type ServerStep = {
  at: number;
  node: string;
  type: string;
  outcome: string;
  output?: string;
  reason?: string;
  rule?: string;
  until?: number;
};

/** The server's trace, outbox and enrolment status for one contact (one scenario is live in these tests). */
export function serverResult(h: Harness, contactId: string) {
  const trace = h.db
    .select({ at: steps.at, node: steps.node, type: steps.type, outcome: steps.outcome, output: steps.output, reason: steps.reason, rule: steps.rule, until: steps.until })
    .from(steps)
    .where(eq(steps.contactId, contactId))
    .orderBy(asc(steps.id))
    .all()
    // Absent optional fields of the engine's TraceStep are null columns here.
    .map(
      ({ output, reason, rule, until, ...s }): ServerStep => ({
        ...s,
        ...(output !== null ? { output } : {}),
        ...(reason !== null ? { reason } : {}),
        ...(rule !== null ? { rule } : {}),
        ...(until !== null ? { until } : {}),
      }),
    );
  const sent = h.db
    .select({ at: messages.createdAt, node: messages.node, channel: messages.channel, template: messages.template })
    .from(messages)
    .where(eq(messages.contactId, contactId))
    .orderBy(asc(messages.id))
    .all();
  const passes = h.db.select().from(enrolments).where(eq(enrolments.contactId, contactId)).orderBy(asc(enrolments.id)).all();
  const last = passes.at(-1);
  return {
    steps: trace,
    messages: sent.map((m) => ({ at: m.at, node: m.node, channel: m.channel, ...(m.template !== null ? { template: m.template } : {}) })),
    status: last ? last.status : 'not_entered',
    at: last?.status === 'active' ? last.node : null,
    passes: passes.length,
  };
}

/** The simulator's result in the same shape as `serverResult`. */
export function simulatedResult(scenario: Scenario, testCase: Pick<TestCase, 'contact' | 'events' | 'start' | 'until'>) {
  const result = simulate(scenario, { contact: ContactProfile.parse(testCase.contact), events: testCase.events ?? [], start: testCase.start, until: testCase.until });
  return {
    steps: result.steps.map(({ pass: _pass, ...s }) => s),
    messages: result.messages.map(({ pass: _pass, ...m }) => ({ at: m.at, node: m.node, channel: m.channel, ...(m.template !== undefined ? { template: m.template } : {}) })),
    status: result.status,
    at: result.at,
    passes: result.passes,
  };
}
