import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.ts';
import { onPostgres } from '../../test/support/test-database.ts';
import { entriesSince } from '../src/store/scenario-activity.ts';

/** The scenario list's overview: tags kept beside the scenario, and entries and conversions over the last days. */

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const DAY = 24 * 60 * 60 * 1000;

const shop = {
  schemaVersion: 1,
  id: 'shop',
  name: 'Shop',
  nodes: [
    { id: 'signed', type: 'entry.event', config: { event: 'signed_up' }, position: { x: 0, y: 0 } },
    { id: 'buys', type: 'wait.event', config: { event: 'purchased', timeout: '30d' }, position: { x: 0, y: 200 } },
    { id: 'bought', type: 'flow.goal', config: { event: 'purchased' }, position: { x: 0, y: 400 } },
    { id: 'gone', type: 'flow.exit', config: {}, position: { x: 300, y: 400 } },
  ],
  edges: [
    { id: 'a', source: 'signed', sourceHandle: 'next', target: 'buys' },
    { id: 'b', source: 'buys', sourceHandle: 'happened', target: 'bought' },
    { id: 'c', source: 'buys', sourceHandle: 'timedOut', target: 'gone' },
  ],
};

const track = (userId: string, event: string) => h.call('POST', '/track', { userId, event });

describe('tags', () => {
  it('are stored beside the scenario, deduplicated, shown in the list and the detail, without changing the draft', async () => {
    expect((await h.call('POST', '/scenarios', shop)).status).toBe(201);
    const before = (await h.call('GET', '/scenarios/shop')).body;
    expect(before.tags).toEqual([]);
    h.clock.advance(60_000);
    const saved = await h.call('PUT', '/scenarios/shop/tags', { tags: ['onboarding', ' Q3 ', 'onboarding'] });
    expect(saved.status).toBe(200);
    expect(saved.body.tags).toEqual(['onboarding', 'Q3']);
    expect(saved.body.draft).toEqual(before.draft);
    expect(saved.body.updatedAt).toBe(before.updatedAt);
    expect((await h.call('GET', '/scenarios')).body.items).toEqual([expect.objectContaining({ id: 'shop', tags: ['onboarding', 'Q3'] })]);
  });

  it('refuses a bad tag with its path, writing nothing, and an unknown scenario with 404', async () => {
    await h.call('POST', '/scenarios', shop);
    await h.call('PUT', '/scenarios/shop/tags', { tags: ['kept'] });
    const empty = await h.call('PUT', '/scenarios/shop/tags', { tags: ['fine', '  '] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.issues).toEqual([expect.objectContaining({ path: ['tags', 1] })]);
    const long = await h.call('PUT', '/scenarios/shop/tags', { tags: ['x'.repeat(41)] });
    expect(long.status).toBe(400);
    expect(long.body.error.issues[0].path).toEqual(['tags', 0]);
    expect((await h.call('GET', '/scenarios/shop')).body.tags).toEqual(['kept']);
    expect((await h.call('PUT', '/scenarios/nope/tags', { tags: [] })).status).toBe(404);
  });
});

describe('activity over the last days', () => {
  it('counts the entries of the period per scenario, and how many of them converted', async () => {
    await h.call('POST', '/scenarios', shop);
    await h.call('POST', '/scenarios', { ...shop, id: 'quiet', name: 'Quiet' });
    expect((await h.call('POST', '/scenarios/shop/publish')).status).toBe(201);
    // Two weeks ago: two entries, one converted.
    await track('old1', 'signed_up');
    await track('old2', 'signed_up');
    await track('old1', 'purchased');
    h.clock.advance(14 * DAY);
    // This week: three entries, two converted.
    for (const id of ['new1', 'new2', 'new3']) await track(id, 'signed_up');
    await track('new1', 'purchased');
    await track('new3', 'purchased');
    h.clock.advance(DAY);

    const week = await h.call('GET', '/scenario-activity');
    expect(week.status).toBe(200);
    expect(week.body.since).toBe(new Date(h.clock.now() - 7 * DAY).toISOString());
    expect(week.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ scenarioId: 'shop', entered: 3, converted: 2 }),
        expect.objectContaining({ scenarioId: 'quiet', entered: 0, converted: 0 }),
      ]),
    );
    const month = await h.call('GET', '/scenario-activity?days=30');
    expect(month.body.items).toContainEqual(expect.objectContaining({ scenarioId: 'shop', entered: 5, converted: 3 }));
    expect((await h.call('GET', '/scenario-activity?days=0')).status).toBe(400);
  });

  // SQLite's plan: PostgreSQL's planner chooses by the table's statistics, a scan for a table this small.
  it.skipIf(onPostgres())('reads an index range per scenario, never the enrolment rows', () => {
    const query = entriesSince(h.db, 'shop', 0).toSQL();
    const plan = h.db.$client.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING COVERING INDEX enrolments_scenario_entered/);
  });
});
