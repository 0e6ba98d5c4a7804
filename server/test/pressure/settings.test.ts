import { formatPath, type PathSegment } from '@parcours/shared';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meta } from '../../src/db/schema.ts';
import { loadPolicy } from '../../src/store/policy.ts';
import { delayScenario } from '../fixtures/scenarios.ts';
import { INGEST_KEY, publishScenario } from '../helpers.ts';
import { pressureHarness, type PressureHarness } from './harness.ts';

let h: PressureHarness;
beforeEach(() => {
  h = pressureHarness();
});
afterEach(() => h.close());

const stored = () => h.db.select().from(meta).where(eq(meta.key, 'pressure_policy')).get();
const policy = { frequencyCaps: [{ channel: 'email', max: 3, per: '7d' }, { channel: 'sms', max: 1, per: '1d' }], quietHours: { start: '21:00', end: '08:00' } };

describe('operator pressure settings', () => {
  it('has no caps until set; PUT stores them for the API and for the runtime', async () => {
    expect((await h.call('GET', '/settings/pressure')).body).toEqual({ frequencyCaps: [] });
    expect(loadPolicy(h.db)).toEqual({ frequencyCaps: [] });
    const put = await h.call('PUT', '/settings/pressure', policy);
    expect(put).toEqual({ status: 200, body: policy });
    expect((await h.call('GET', '/settings/pressure')).body).toEqual(policy);
    expect(loadPolicy(h.db)).toEqual(policy);
    // Replacing, not merging: no quiet hours any more.
    await h.call('PUT', '/settings/pressure', { frequencyCaps: [] });
    expect(loadPolicy(h.db)).toEqual({ frequencyCaps: [] });
  });

  it.each([
    ['a bad duration', { frequencyCaps: [{ channel: 'email', max: 3, per: '7 days' }] }, 'frequencyCaps[0].per'],
    ['an unknown channel', { frequencyCaps: [{ channel: 'fax', max: 3, per: '7d' }] }, 'frequencyCaps[0].channel'],
    ['a negative max', { frequencyCaps: [{ channel: 'email', max: -1, per: '7d' }] }, 'frequencyCaps[0].max'],
    ['a bad time of day', { frequencyCaps: [], quietHours: { start: '25:00', end: '08:00' } }, 'quietHours.start'],
    ['an unknown field', { frequencyCaps: [], maxPerDay: 4 }, 'maxPerDay'],
    ['no caps at all', { quietHours: { start: '21:00', end: '08:00' } }, 'frequencyCaps'],
  ])('refuses %s with a 400 naming the field, and keeps the stored policy', async (_name, body, path) => {
    await h.call('PUT', '/settings/pressure', policy);
    const before = stored();
    const res = await h.call('PUT', '/settings/pressure', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.issues.map((i: { path: PathSegment[] }) => formatPath(i.path))).toContain(path);
    expect(stored()).toEqual(before);
  });

  it('refuses malformed JSON and ingest keys', async () => {
    expect((await h.call('PUT', '/settings/pressure', '{"frequencyCaps": [')).status).toBe(400);
    expect((await h.call('PUT', '/settings/pressure', policy, INGEST_KEY)).status).toBe(403);
    expect((await h.call('GET', '/settings/pressure', undefined, INGEST_KEY)).status).toBe(403);
    expect(stored()).toBeUndefined();
  });
});

describe('a policy saved through the API', () => {
  it('applies to the very next step of a runtime that has already been working', async () => {
    await publishScenario(h, delayScenario('pair', { delay: '1h' }));
    await h.call('POST', '/track', { userId: 'c', event: 'go' });
    await h.call('PUT', '/settings/pressure', { frequencyCaps: [{ channel: 'email', max: 1, per: '7d' }] });
    h.clock.advance(3_600_000);
    expect(h.runtime.runDue(10)).toBe(1);
    const sent = await h.call('GET', '/messages?contactId=c');
    expect(sent.body.items.map((m: { template: string }) => m.template)).toEqual(['first']);
  });
});
