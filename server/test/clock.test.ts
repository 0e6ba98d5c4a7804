import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { enrolments, messages } from '../src/db/schema.ts';
import { harness, publishScenario, START, type Harness } from './helpers.ts';
import { delayScenario } from './fixtures/scenarios.ts';
import { formatPath, type PathSegment } from '@parcours/shared';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const sentAt = () =>
  h.db
    .select({ template: messages.template, scenarioId: messages.scenarioId, at: messages.createdAt })
    .from(messages)
    .orderBy(asc(messages.id))
    .all()
    .map((m) => [m.scenarioId, m.template, iso(m.at)]);

describe('the manual clock over HTTP', () => {
  it('answers the current instant', async () => {
    expect(await h.call('GET', '/clock')).toEqual({ status: 200, body: { now: iso(START), mode: 'manual' } });
  });

  it('fires every timer due on the way, in due order, each at its due instant, and rests at the target', async () => {
    await publishScenario(h, delayScenario('slow', { delay: '1d' }));
    await publishScenario(h, delayScenario('fast', { delay: '12h', event: 'go_fast' }));
    await h.call('POST', '/track', { userId: 'u1', event: 'go', properties: {} });
    await h.call('POST', '/track', { userId: 'u1', event: 'go_fast', properties: {} });

    expect(await h.call('POST', '/clock', { advance: '2d' })).toEqual({ status: 200, body: { now: iso(START + 2 * DAY), mode: 'manual' } });
    expect(sentAt()).toEqual([
      ['slow', 'first', iso(START)],
      ['fast', 'first', iso(START)],
      ['fast', 'second', iso(START + 12 * HOUR)],
      ['slow', 'second', iso(START + DAY)],
    ]);
    expect((await h.call('GET', '/clock')).body.now).toBe(iso(START + 2 * DAY));
  });

  it('moves to an instant, and enters date entries on the way, at their due instant', async () => {
    const dated = delayScenario('birthday');
    dated.nodes[0] = { id: 'start', type: 'entry.date', config: { attribute: 'birthday', at: '09:00' } } as never;
    await publishScenario(h, dated);
    await h.call('PUT', '/contacts/u1', { timeZone: 'UTC', attributes: { birthday: '2026-01-08' } });

    const to = '2026-01-12T00:00:00.000Z';
    expect(await h.call('POST', '/clock', { to })).toEqual({ status: 200, body: { now: to, mode: 'manual' } });
    const [enrolment] = h.db.select().from(enrolments).where(eq(enrolments.contactId, 'u1')).all();
    // Entered on 8 January at 09:00 (its date row), and a day later the second email.
    expect(enrolment.enteredAt).toBe(Date.parse('2026-01-08T09:00:00Z'));
    expect(sentAt().map(([, template, at]) => [template, at])).toEqual([
      ['first', iso(enrolment.enteredAt)],
      ['second', iso(enrolment.enteredAt + DAY)],
    ]);
  });

  it('refuses to go back, and bad moves, with the field at fault; the clock stays put', async () => {
    const cases: Array<[unknown, string]> = [
      [{ to: iso(START - 1) }, 'to'],
      [{ advance: '2 days' }, 'advance'],
      [{ advance: '2d', to: iso(START + DAY) }, 'to'],
      [{}, 'advance'],
      [{ advance: '2d', speed: 2 }, 'speed'],
      [{ to: 'tomorrow' }, 'to'],
      [{ advance: '1000w' }, 'advance'],
    ];
    for (const [move, path] of cases) {
      const answer = await h.call('POST', '/clock', move);
      expect(answer.status, JSON.stringify(move)).toBe(400);
      expect(answer.body.error.issues.map((i: { path: PathSegment[] }) => formatPath(i.path)), JSON.stringify(move)).toContain(path);
    }
    expect((await h.call('GET', '/clock')).body.now).toBe(iso(START));
  });

  it('needs an admin key', async () => {
    const { INGEST_KEY } = await import('./helpers.ts');
    expect((await h.call('POST', '/clock', { advance: '1d' }, INGEST_KEY)).status).toBe(403);
  });
});
