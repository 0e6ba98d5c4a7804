import { formatPath, type PathSegment } from '@parcours/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { START } from '../helpers.ts';
import { pressureHarness, type PressureHarness } from './harness.ts';
import { twoSends } from './scenarios.ts';

const DAY = 86_400_000;
let h: PressureHarness;

const visit = (userId: string, daysAgo: number) =>
  h.call('POST', '/track', { userId, event: 'visit', timestamp: new Date(START - daysAgo * DAY).toISOString() });

beforeEach(async () => {
  h = pressureHarness();
  // Each visit enters the draft again and sends two emails an hour apart.
  const draft = twoSends({ entry: { type: 'entry.event', event: 'visit' }, wait: '1h', reentry: { policy: 'always' } });
  expect((await h.call('POST', '/scenarios', draft)).status).toBe(201);
  const contact = (email: boolean) => ({ attributes: { email: 'x@example.test', firstName: 'X', nickname: 'x' }, consents: { email } });
  await h.call('PUT', '/contacts/busy', contact(true));
  await h.call('PUT', '/contacts/calm', contact(true));
  await h.call('PUT', '/contacts/opted-out', contact(false));
  for (const daysAgo of [20, 19, 18]) await visit('busy', daysAgo);
  await visit('calm', 10);
  await visit('opted-out', 10);
  // Older than the four weeks looked at: not replayed.
  await visit('calm', 40);
});
afterEach(() => h.close());

const forecast = (body: unknown = {}) => h.call('POST', '/scenarios/two-sends/forecast', body);

describe('pressure forecast', () => {
  it("replays the contacts' last weeks through the draft under the stored policy, showing who gets capped", async () => {
    const free = await forecast({ weeks: 4 });
    expect(free.status).toBe(200);
    expect(free.body).toMatchObject({ contacts: 3, weeks: 4, cappedContacts: [] });
    expect(free.body.byScenario).toEqual([{ scenarioId: 'two-sends', messages: { email: 8, sms: 0, push: 0 } }]);
    expect(free.body.channels.email.max).toBe(6);
    const consentHeld = free.body.heldBack.filter((m: { rule: string }) => m.rule === 'consent');
    expect(consentHeld.map((m: { contactId: string }) => m.contactId)).toEqual(['opted-out', 'opted-out']);

    expect((await h.call('PUT', '/settings/pressure', { frequencyCaps: [{ channel: 'email', max: 2, per: '7d' }] })).status).toBe(200);
    const capped = await forecast({ weeks: 4 });
    expect(capped.status).toBe(200);
    expect(capped.body.cappedContacts).toEqual(['busy']);
    expect(capped.body.channels.email.max).toBe(2);
    expect(capped.body.byScenario[0].messages.email).toBe(4);
    const capHeld = capped.body.heldBack.filter((m: { rule: string }) => m.rule === 'frequency_cap');
    expect(capHeld).toHaveLength(4);
    expect(capHeld[0]).toMatchObject({ contactId: 'busy', outcome: 'skipped', reason: 'global cap of 2 email per 7d reached' });
  });

  it('counts the live scenarios next to the draft, and samples as many contacts as asked', async () => {
    const other = twoSends({ id: 'other', entry: { type: 'entry.event', event: 'visit' }, wait: '1h' });
    expect((await h.call('POST', '/scenarios/import', other)).status).toBe(201);
    expect((await h.call('POST', '/scenarios/other/publish')).status).toBe(201);
    const res = await forecast({ sample: 2 });
    expect(res.status).toBe(200);
    expect(res.body.contacts).toBe(2);
    expect(res.body.byScenario.map((s: { scenarioId: string }) => s.scenarioId)).toEqual(['two-sends', 'other']);
  });

  it('refuses a bad body with 400, an unknown scenario with 404 and a draft with graph errors with 422', async () => {
    const bad = await forecast({ weeks: 0, sample: 'all' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: PathSegment[] }) => formatPath(i.path)).sort()).toEqual(['sample', 'weeks']);
    expect((await h.call('POST', '/scenarios/nope/forecast', {})).status).toBe(404);
    const broken = twoSends();
    broken.edges.pop();
    await h.call('PUT', '/scenarios/two-sends/draft', broken);
    const invalid = await forecast();
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.issues[0]).toMatchObject({ nodeId: expect.any(String) });
  });
});
