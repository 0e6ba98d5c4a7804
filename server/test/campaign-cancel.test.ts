import { afterEach, beforeEach, expect, it } from 'vitest';
import { setCampaignStatus } from '../src/store/campaigns.ts';
import { newsletterJourney } from '../../test/support/newsletter.ts';
import { harness, publishScenario, type Harness } from './helpers.ts';

/** Cancelling a campaign closes the members its runs had not started at once, not each at its own instant. */

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const TEN = Date.parse('2026-01-05T10:00:00Z');
const moveTo = (at: number) => h.call('POST', '/clock', { to: new Date(at).toISOString() });
const runs = async (id: string) => (await h.call('GET', `/campaigns/${id}/runs`)).body.items;
const enrolments = () => (h.db.$client.prepare(`SELECT count(*) AS n FROM enrolments WHERE scenario_id = 'newsletter'`).get() as { n: number }).n;

/** Four pro contacts, the newsletter live, a campaign at 10:00 spread over 4 hours (one member an hour); the clock at 10:00. */
async function runUnderWay(): Promise<string> {
  for (const id of ['ann', 'bob', 'cid', 'dan']) expect((await h.call('PUT', `/contacts/${id}`, { attributes: { plan: 'pro', email: `${id}@example.test` }, consents: { email: true } })).status).toBe(200);
  await publishScenario(h, newsletterJourney());
  const segment = await h.call('POST', '/segments', { name: 'Pro', condition: { attribute: 'plan', op: 'eq', value: 'pro' } });
  const body = { name: 'News', segment: segment.body.id, action: { kind: 'journey', scenario: 'newsletter' }, schedule: { repeat: 'once', date: '2026-01-05', time: '10:00' }, timeZone: 'UTC', spread: '4h' };
  const created = await h.call('POST', '/campaigns', body);
  expect(created.status).toBe(201);
  await moveTo(TEN);
  expect(await runs(created.body.id)).toMatchObject([{ audience: 4, enrolled: 1, pending: 3 }]);
  return created.body.id;
}

it('cancel skips (cancelled) every member not started yet at once: the report has nobody still to start and the run is finished', async () => {
  const id = await runUnderWay();
  expect((await h.call('POST', `/campaigns/${id}/cancel`)).status).toBe(200);
  // Before: still to start until each member's own instant (11:00, 12:00, 13:00).
  const [run] = await runs(id);
  expect(run).toMatchObject({ enrolled: 1, skipped: 3, pending: 0, skippedBy: { cancelled: 3 }, finishedAt: new Date(TEN).toISOString() });
  await moveTo(TEN + 4 * 3_600_000);
  expect(enrolments()).toBe(1);
  expect((await runs(id))[0]).toMatchObject({ enrolled: 1, skipped: 3 });
  // Cancel is one change: one audit entry, nothing for the members it closed.
  expect(h.db.$client.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'campaign.cancel'`).get()).toEqual({ n: 1 });
});

it('closes a large run in time-budgeted slices, each its own short transaction, the campaign job doing the rest', async () => {
  const id = await runUnderWay();
  // The cancellation without the route's first chunk: what the job finds when a run is too large for one.
  setCampaignStatus(h.db, id, 'cancelled', undefined, TEN);
  expect(h.runtime.nextCampaignAt()).toBe(0);
  const slices: number[] = [];
  for (let n; (n = h.runtime.closeCancelledCampaigns(1)) > 0; ) slices.push(n);
  expect(slices).toEqual([1, 1, 1]);
  expect((await runs(id))[0]).toMatchObject({ pending: 0, skippedBy: { cancelled: 3 }, finishedAt: new Date(TEN).toISOString() });
  expect(h.runtime.nextCampaignAt()).toBeUndefined();
});

it('the campaign job closes them too, without waiting for their instant', async () => {
  const id = await runUnderWay();
  setCampaignStatus(h.db, id, 'cancelled', undefined, TEN);
  expect(h.runtime.runCampaigns()).toBeGreaterThan(0);
  expect((await runs(id))[0]).toMatchObject({ pending: 0, skippedBy: { cancelled: 3 } });
});
