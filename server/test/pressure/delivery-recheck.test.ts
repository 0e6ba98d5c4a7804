import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { messages } from '../../src/db/schema.ts';
import type { SmtpSink } from '../channels/servers.ts';
import { publishScenario } from '../helpers.ts';
import { smtpPressureHarness, type PressureHarness } from './harness.ts';
import { twoSends } from './scenarios.ts';

/** Delivery checks again what the contact may have changed since the engine decided: a consent now awaiting confirmation, a rarer frequency. */
let h: PressureHarness;
let sink: SmtpSink;
afterEach(async () => {
  h.close();
  await sink.close();
});

const zoe = { attributes: { email: 'zoe@example.test', firstName: 'Zoé', nickname: 'Z' } };
const DOUBLE_OPT_IN = { email: true, sms: false, smsKeywords: { confirm: ['OUI'], stop: ['STOP'] }, linkTtlDays: 7 };

const rowOf = (scenarioId: string, node = 'send_first') =>
  h.db.select().from(messages).where(and(eq(messages.contactId, 'zoe'), eq(messages.scenarioId, scenarioId), eq(messages.node, node))).get();
const enrol = async (scenarioId: string) => expect((await h.call('POST', `/scenarios/${scenarioId}/enrol`, { contactId: 'zoe' })).body).toEqual({ enrolled: true });

describe('the re-check at delivery', () => {
  it('holds a message whose consent became pending after the decision, and still sends the confirmation', async () => {
    ({ h, sink } = await smtpPressureHarness());
    // A journey that does not require consent queues an email to a contact who has given none.
    await publishScenario(h, twoSends({ settings: { consentRequired: { email: false, sms: false, push: false } } }));
    expect((await h.call('PUT', '/contacts/zoe', zoe)).status).toBe(200);
    await enrol('two-sends');
    expect(rowOf('two-sends')).toMatchObject({ status: 'pending' });
    // Before the dispatcher runs, Zoé gives her consent on a form, with double opt-in on: it awaits her confirmation.
    expect((await h.call('PUT', '/settings/double-opt-in', DOUBLE_OPT_IN)).status).toBe(200);
    expect((await h.call('PUT', '/contacts/zoe', { consents: { email: true } })).status).toBe(200);
    expect((await h.call('GET', '/contacts/zoe/consents')).body.pending).toEqual(['email']);
    await h.dispatch();
    expect(rowOf('two-sends')).toMatchObject({ status: 'skipped', reason: 'consent for email awaits confirmation', sentAt: null });
    // Only the confirmation went out.
    expect(sink.mails).toHaveLength(1);
    const { body } = await h.call('GET', '/scenarios/two-sends/versions/1/stats');
    expect(body.nodes.send_first).toMatchObject({ sent: 0, skipped: 1 });
    expect(body.nodes.send_first.skippedBy.consent_pending).toBe(1);
  });

  it('holds a message that a frequency choice made after the decision makes one too many; the message that went out first stays', async () => {
    ({ h, sink } = await smtpPressureHarness());
    await publishScenario(h, twoSends({ id: 'welcome' }));
    await publishScenario(h, twoSends({ id: 'offers' }));
    expect((await h.call('PUT', '/contacts/zoe', { ...zoe, consents: { email: true } })).status).toBe(200);
    await enrol('welcome');
    await h.dispatch();
    expect(rowOf('welcome')).toMatchObject({ status: 'sent' });
    await enrol('offers');
    expect(rowOf('offers')).toMatchObject({ status: 'pending' });
    // Before the dispatcher runs, Zoé asks for at most one message a week: the welcome email already went out this week.
    expect((await h.call('PUT', '/contacts/zoe/preferences', { frequency: 'weekly' })).status).toBe(200);
    await h.dispatch();
    expect(rowOf('offers')).toMatchObject({ status: 'skipped', reason: "contact's choice of at most weekly reached", sentAt: null });
    expect(sink.mails).toHaveLength(1);
    const { body } = await h.call('GET', '/scenarios/offers/versions/1/stats');
    expect(body.nodes.send_first.skippedBy.frequency_choice).toBe(1);
    // The volume report counts the hold-back at delivery under its rule.
    const volume = (await h.call('GET', '/scenarios/offers/volume')).body;
    expect(volume.byTopic).toEqual([{ channel: 'email', topic: null, sent: 0, held: [{ rule: 'frequency_choice', skipped: 1, deferred: 0 }] }]);
  });

  it('holds the second of two messages queued together once the first went out, for a contact who chose at most weekly', async () => {
    ({ h, sink } = await smtpPressureHarness());
    await publishScenario(h, twoSends({ id: 'welcome' }));
    await publishScenario(h, twoSends({ id: 'offers' }));
    expect((await h.call('PUT', '/contacts/zoe', { ...zoe, consents: { email: true } })).status).toBe(200);
    await enrol('welcome');
    await enrol('offers');
    // Both wait in the outbox when Zoé asks for at most one message a week: one dispatch must not send both.
    expect((await h.call('PUT', '/contacts/zoe/preferences', { frequency: 'weekly' })).status).toBe(200);
    await h.dispatch();
    expect(rowOf('welcome')).toMatchObject({ status: 'sent' });
    expect(rowOf('offers')).toMatchObject({ status: 'skipped', reason: "contact's choice of at most weekly reached", sentAt: null });
    expect(sink.mails).toHaveLength(1);
  });

  it('lets the only message of a contact who chose at most weekly go: a message does not count against itself', async () => {
    ({ h, sink } = await smtpPressureHarness());
    await publishScenario(h, twoSends());
    expect((await h.call('PUT', '/contacts/zoe', { ...zoe, consents: { email: true } })).status).toBe(200);
    expect((await h.call('PUT', '/contacts/zoe/preferences', { frequency: 'weekly' })).status).toBe(200);
    await enrol('two-sends');
    await h.dispatch();
    expect(rowOf('two-sends')).toMatchObject({ status: 'sent' });
    expect(sink.mails).toHaveLength(1);
  });
});
