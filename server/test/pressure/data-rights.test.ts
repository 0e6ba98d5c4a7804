import { eq, inArray } from 'drizzle-orm';
import { contactSteps } from '../../src/store/contacts.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consentChanges, contactAliases, enrolments, events, messages, steps } from '../../src/db/schema.ts';
import { INGEST_KEY, START, pendingTimers, publishScenario } from '../helpers.ts';
import { pressureHarness, type PressureHarness } from './harness.ts';
import { twoSends } from './scenarios.ts';

let h: PressureHarness;
beforeEach(async () => {
  h = pressureHarness();
  await publishScenario(h, twoSends({ entry: { type: 'entry.event', event: 'signup' } }));
  await h.call('POST', '/track', { anonymousId: 'visitor-1', event: 'page', properties: { path: '/pricing' } });
  h.clock.advance(1000);
  await h.call('POST', '/identify', { userId: 'zoe', anonymousId: 'visitor-1', traits: { email: 'zoe@example.test', firstName: 'Zoé', nickname: 'z' } });
  await h.call('PUT', '/contacts/zoe', { consents: { email: true } });
  await h.call('POST', '/track', { userId: 'zoe', event: 'signup', properties: { plan: 'pro' } });
  await h.dispatch();
  await h.call('PUT', '/contacts/someone-else', { attributes: { email: 'x@example.test' } });
});
afterEach(() => h.close());

describe('consent history', () => {
  it('lists the current consents and every change with its time and source', async () => {
    h.clock.advance(5000);
    await h.call('PUT', '/contacts/zoe', { consents: { email: false, sms: true } });
    const res = await h.call('GET', '/contacts/zoe/consents');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      consents: { email: false, sms: true },
      changes: [
        { channel: 'email', granted: true, source: 'api', at: new Date(START + 1000).toISOString() },
        { channel: 'email', granted: false, source: 'api', at: new Date(START + 6000).toISOString() },
        { channel: 'sms', granted: true, source: 'api', at: new Date(START + 6000).toISOString() },
      ],
      preferences: { topics: {}, frequency: 'any' },
      preferenceChanges: [],
    });
    expect((await h.call('GET', '/contacts/nobody/consents')).status).toBe(404);
  });
});

describe('right of access', () => {
  it('exports everything held on the contact, and nothing on anyone else', async () => {
    const res = await h.call('GET', '/contacts/zoe/export');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.contact).toMatchObject({ id: 'zoe', attributes: { email: 'zoe@example.test', firstName: 'Zoé' }, anonymousIds: ['visitor-1'] });
    expect(doc.consents.changes).toHaveLength(1);
    // The anonymous visit followed the visitor into the known contact.
    expect(doc.events.map((e: { name: string }) => e.name)).toEqual(['page', 'signup']);
    expect(doc.events[1]).toMatchObject({ properties: { plan: 'pro' } });
    expect(doc.enrolments).toHaveLength(1);
    expect(doc.enrolments[0]).toMatchObject({ scenarioId: 'two-sends', version: 1, status: 'active', node: 'pause', trigger: 'event' });
    expect(doc.enrolments[0].timers).toEqual([{ node: 'pause', dueAt: new Date(START + 1000 + 86_400_000).toISOString() }]);
    expect(doc.enrolments[0].steps.map((s: { node: string; outcome: string }) => `${s.node}:${s.outcome}`)).toEqual(['start:entered', 'send_first:sent', 'pause:waiting']);
    expect(doc.messages).toMatchObject([{ node: 'send_first', status: 'sandboxed', rendered: { subject: 'Hello Zoé' } }]);
    expect(JSON.stringify(doc)).not.toContain('someone-else');
  });

  it('is for admin keys only, and 404 for an unknown contact', async () => {
    expect((await h.call('GET', '/contacts/zoe/export', undefined, INGEST_KEY)).status).toBe(403);
    expect((await h.call('GET', '/contacts/zoe/consents', undefined, INGEST_KEY)).status).toBe(403);
    expect((await h.call('GET', '/contacts/zoe/export', undefined, null)).status).toBe(401);
    expect((await h.call('GET', '/contacts/nobody/export')).status).toBe(404);
  });
});

describe('erasure', () => {
  it('removes the events, messages, enrolments, timers, trace, consents and aliases of the contact', async () => {
    const trace = contactSteps(h.db, 'zoe').all().map((s) => s.id);
    const count = () => [
      ...[events, messages, enrolments, consentChanges, contactAliases].map((table) => h.db.select().from(table).where(eq(table.contactId, 'zoe')).all().length),
      // The trace goes with the enrolments it belongs to.
      h.db.select().from(steps).where(inArray(steps.id, trace)).all().length,
    ];
    expect(count().every((n) => n > 0)).toBe(true);
    expect(pendingTimers(h.db)).toBe(1);
    expect((await h.call('DELETE', '/contacts/zoe')).status).toBe(204);
    expect(count()).toEqual([0, 0, 0, 0, 0, 0]);
    expect(pendingTimers(h.db)).toBe(0);
    expect((await h.call('GET', '/contacts/zoe/export')).status).toBe(404);
  });
});
