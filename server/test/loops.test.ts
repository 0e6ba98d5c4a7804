import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Scenario } from '@parcours/shared';
import { enrolments, scenarios, scenarioVersions } from '../src/db/schema.ts';
import { DEFAULT_DELIVERY_SETTINGS } from '../src/channels/config.ts';
import { systemClock } from '../src/clock.ts';
import { startLoops } from '../src/runtime/loops.ts';
import { Runtime } from '../src/runtime/runtime.ts';
import { createScenario } from '../src/store/scenarios.ts';
import { dailyCheck, RUNAWAY_LOOPS, runawayLoop, type RunawayLoop } from '../../shared/test/loops.fixtures.ts';
import { delayScenario } from './fixtures/scenarios.ts';
import { harness, pendingTimers, publishScenario, runTimersUntil, START, type Harness } from './helpers.ts';

const DAY = 86_400_000;
const NAMES = Object.keys(RUNAWAY_LOOPS) as RunawayLoop[];
let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

/** Stores a live version without validating it, as a version published before validation caught loops would be. */
function storeLiveUnchecked(scenario: Scenario): void {
  createScenario(h.db, scenario, START);
  h.db.insert(scenarioVersions).values({ scenarioId: scenario.id, version: 1, definition: scenario, publishedAt: START }).run();
  h.db.update(scenarios).set({ status: 'live' }).where(eq(scenarios.id, scenario.id)).run();
  h.runtime.scenariosChanged();
}

const track = (userId: string, event: string) => h.call('POST', '/track', { userId, event, properties: {} });
const enrolmentsOf = (contactId: string) => h.db.select().from(enrolments).where(eq(enrolments.contactId, contactId)).all();
const stepsOf = async (contactId: string) => {
  const answer = await h.call('GET', `/contacts/${contactId}/timeline`);
  expect(answer.status).toBe(200);
  return (answer.body.items as Array<{ kind: string; at: string; node: string; outcome: string; reason?: string }>).filter((i) => i.kind === 'step');
};

describe('a stored loop whose only wait can pass at once', () => {
  it.each(NAMES)('ends the enrolment with a located fault, and the contact goes on, when its wait is %s', async (name) => {
    storeLiveUnchecked(runawayLoop(name));
    expect((await track('u1', 'ping')).status).toBe(200);
    // The date loop waits for its date once; the loop spins when the timer fires, after a restart here.
    const restarted = new Runtime(h.db, h.clock);
    runTimersUntil({ ...h, runtime: restarted }, START + 30 * DAY);

    const [enrolment] = enrolmentsOf('u1');
    expect(enrolment).toMatchObject({ status: 'exited', snapshot: null });
    expect([RUNAWAY_LOOPS[name].id, 'count']).toContain(enrolment.node);
    const fault = (await stepsOf('u1')).at(-1)!;
    expect(fault).toMatchObject({ node: enrolment.node, outcome: 'exited', reason: `loop without progress at node ${enrolment.node}` });
    expect(pendingTimers(h.db)).toBe(0);
    // The looping step was undone: no round counted.
    expect((await h.call('GET', '/contacts/u1')).body.attributes).toEqual({});

    // Later events for the contact are answered and recorded.
    const later = await track('u1', 'page_viewed');
    expect(later.status).toBe(200);
    expect((await h.call('GET', '/contacts/u1/timeline')).body.items.filter((i: { kind: string }) => i.kind === 'event')).toHaveLength(2);
  });
});

describe('a draft with such a loop', () => {
  it('is refused by the simulate route and by publishing, located on the loop, rather than run forever', async () => {
    const scenario = runawayLoop('a condition already met');
    expect((await h.call('POST', '/scenarios/import', scenario)).status).toBeLessThan(300);
    for (const path of [`/scenarios/${scenario.id}/simulate`, `/scenarios/${scenario.id}/publish`]) {
      const body = path.endsWith('simulate') ? { contact: { id: 'u1' }, events: [{ at: '1h', event: 'ping' }] } : undefined;
      const answer = await h.call('POST', path, body);
      expect(answer.status, path).toBe(422);
      expect(answer.body.error.issues, path).toContainEqual(expect.objectContaining({ nodeId: 'met', path: ['nodes', 1] }));
    }
  });
});

describe('a daily "at 09:00, has the contact bought?" loop', () => {
  it('asks once a day, at the next 09:00 after the contact arrives at 09:00 exactly, until it buys', async () => {
    await publishScenario(h, dailyCheck());
    await h.call('PUT', '/contacts/u1', { timeZone: 'UTC' });
    const nine = Date.parse('2026-01-05T09:00:00Z');
    h.clock.set(nine);
    expect((await track('u1', 'signed_up')).status).toBe(200);
    runTimersUntil(h, nine + 3 * DAY + 3 * 3_600_000);
    expect((await track('u1', 'order_completed')).status).toBe(200);
    runTimersUntil(h, nine + 10 * DAY);

    const answers = (await stepsOf('u1')).filter((s) => s.node === 'bought').map((s) => [s.at, s.outcome]);
    expect(answers.map(([at]) => at)).toEqual(['2026-01-06T09:00:00.000Z', '2026-01-07T09:00:00.000Z', '2026-01-08T09:00:00.000Z', '2026-01-09T09:00:00.000Z']);
    expect(enrolmentsOf('u1')).toMatchObject([{ status: 'exited', node: 'done' }]);
  });
});

describe('the scheduler on the real clock', () => {
  it('fires a timer when it falls due, not at its next idle tick', async () => {
    const runtime = new Runtime(h.db, systemClock);
    const deliver = async () => ({ status: 'sent' as const });
    await publishScenario(h, delayScenario('s', { delay: '1h' }));
    await track('soon', 'go');
    // The wait is made to end in a moment; the scheduler's idle tick is a minute.
    h.db.update(enrolments).set({ dueAt: Date.now() + 300 }).where(eq(enrolments.contactId, 'soon')).run();
    const stop = startLoops({ runtime, deliver, delivery: DEFAULT_DELIVERY_SETTINGS, tickMs: 60_000, batchSize: 100 });
    try {
      for (const until = Date.now() + 10_000; pendingTimers(h.db) > 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
      expect(pendingTimers(h.db)).toBe(0);
      expect(enrolmentsOf('soon')[0].node).not.toBe('wait');
    } finally {
      await stop();
    }
  });
});
