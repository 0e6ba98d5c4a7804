import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { messages } from '../../src/db/schema.ts';
import type { SmtpSink } from '../channels/servers.ts';
import { publishScenario } from '../helpers.ts';
import { smtpPressureHarness, type PressureHarness } from './harness.ts';
import { twoSends } from './scenarios.ts';

/** The dispatcher checks the contact's topics again at delivery: a change of mind after the engine decided counts. */
let h: PressureHarness;
let sink: SmtpSink;
afterEach(async () => {
  h.close();
  await sink.close();
});

const zoe = { attributes: { email: 'zoe@example.test', firstName: 'Zoé', nickname: 'Z' }, consents: { email: true } };
const topics = { topics: [{ id: 'offers', name: 'Offers', channels: ['email'] }] };

/** Two sends whose first is on the topic "offers" (transactional or not). */
function offersScenario(transactional = false) {
  const file = twoSends();
  const first: { config: object } = file.nodes.find((n) => n.id === 'send_first')!;
  first.config = { ...first.config, topic: 'offers', ...(transactional ? { transactional: true } : {}) };
  return file;
}

async function queuedThenOptedOut(transactional = false) {
  ({ h, sink } = await smtpPressureHarness());
  expect((await h.call('PUT', '/settings/topics', topics)).status).toBe(200);
  await publishScenario(h, offersScenario(transactional));
  expect((await h.call('PUT', '/contacts/zoe', zoe)).status).toBe(200);
  expect((await h.call('POST', '/scenarios/two-sends/enrol', { contactId: 'zoe' })).body).toEqual({ enrolled: true });
  // Between the step that queued the email and the dispatcher, Zoé opts out of offers by email.
  expect((await h.call('PUT', '/contacts/zoe/preferences', { topics: { offers: { email: false } } })).status).toBe(200);
  expect(await h.dispatch()).toBe(1);
}

describe('topic preferences at delivery', () => {
  it('a contact who opted out of the topic after the decision gets nothing; the send is skipped with its reason', async () => {
    await queuedThenOptedOut();
    expect(sink.mails).toHaveLength(0);
    const [row] = h.db.select().from(messages).where(eq(messages.contactId, 'zoe')).all();
    expect(row).toMatchObject({ status: 'skipped', reason: 'opted out of topic offers on email', sentAt: null });
    // The canvas counts it as skipped by the topic rule, no longer as sent.
    const { body } = await h.call('GET', '/scenarios/two-sends/versions/1/stats');
    expect(body.nodes.send_first).toMatchObject({ sent: 0, skipped: 1 });
    expect(body.nodes.send_first.skippedBy.topic).toBe(1);
  });

  it('a transactional message on the topic still goes', async () => {
    await queuedThenOptedOut(true);
    expect(sink.mails).toHaveLength(1);
    expect(h.db.select().from(messages).where(eq(messages.contactId, 'zoe')).all()).toMatchObject([{ status: 'sent' }]);
  });
});
