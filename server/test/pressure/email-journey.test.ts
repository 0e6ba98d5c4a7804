import { and, eq } from 'drizzle-orm';
import { contactSteps } from '../../src/store/contacts.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { messages } from '../../src/db/schema.ts';
import { receivedTemplate, sentMessages } from '../../src/store/enrolments.ts';
import { parseMail } from '../channels/mime.ts';
import type { SmtpSink } from '../channels/servers.ts';
import { START, publishScenario, runTimersUntil } from '../helpers.ts';
import { pressureHarness, smtpPressureHarness, type PressureHarness } from './harness.ts';
import { twoSends } from './scenarios.ts';

const DAY = 86_400_000;
let h: PressureHarness;
let sink: SmtpSink | undefined;
afterEach(async () => {
  h.close();
  await sink?.close();
  sink = undefined;
});

async function smtpServer() {
  ({ h, sink } = await smtpPressureHarness());
}

const zoe = { attributes: { email: 'zoe@example.test', firstName: 'Zoé', nickname: '<b>bold</b>' }, consents: { email: true } };

describe('email through the server to a real SMTP server', () => {
  it('sends a personalised, escaped email with one-click unsubscribe; after the click the next send is skipped for consent', async () => {
    await smtpServer();
    await publishScenario(h, twoSends());
    expect((await h.call('PUT', '/contacts/zoe', zoe)).status).toBe(200);
    expect((await h.call('POST', '/scenarios/two-sends/enrol', { contactId: 'zoe' })).body).toEqual({ enrolled: true });

    expect(await h.dispatch()).toBe(1);
    expect(sink!.mails).toHaveLength(1);
    const [mail] = sink!.mails;
    expect(mail).toMatchObject({ from: 'news@parcours.test', to: ['zoe@example.test'], accepted: true });
    const { headers, parts } = parseMail(mail.raw);
    expect(headers.get('subject')).toContain('Hello');
    const html = parts.get('text/html') ?? '';
    expect(html).toContain('<p>Hi Zoé, you are &lt;b&gt;bold&lt;/b&gt;</p>');
    expect(html).not.toContain('<b>bold</b>');
    expect(headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const link = (headers.get('list-unsubscribe') ?? '').slice(1, -1);
    expect(link).toMatch(/^https:\/\/parcours\.test\/u\/[\w-]+\.[\w-]+$/);

    const outbox = await h.call('GET', '/messages?contactId=zoe');
    expect(outbox.body.items).toMatchObject([{ node: 'send_first', status: 'sent', rendered: { channel: 'email', subject: 'Hello Zoé' } }]);

    // The mail client's one-click button: a POST without any API key.
    const click = await h.unsubscribe(link);
    expect(click.status).toBe(200);
    expect(click.text).toContain('You are unsubscribed');
    expect((await h.call('GET', '/contacts/zoe')).body.consents).toEqual({ email: false });
    const history = await h.call('GET', '/contacts/zoe/consents');
    expect(history.body.changes.at(-1)).toEqual({ channel: 'email', granted: false, source: 'unsubscribe_link', at: new Date(START).toISOString() });

    runTimersUntil(h, START + DAY + 60_000);
    const second = contactSteps(h.db, 'zoe').all().filter((s) => s.node === 'send_second');
    expect(second).toMatchObject([{ outcome: 'skipped', rule: 'consent', reason: 'no consent for email' }]);
    expect(await h.dispatch()).toBe(0);
    expect(sink!.mails).toHaveLength(1);
  });

  it('does not send a message whose consent was withdrawn after the engine decided', async () => {
    await smtpServer();
    await publishScenario(h, twoSends());
    await h.call('PUT', '/contacts/zoe', zoe);
    await h.call('POST', '/scenarios/two-sends/enrol', { contactId: 'zoe' });
    // Withdrawn between the step that queued the email and the dispatcher.
    await h.call('PUT', '/contacts/zoe', { consents: { email: false } });

    expect(await h.dispatch()).toBe(1);
    expect(sink!.mails).toHaveLength(0);
    const [row] = h.db.select().from(messages).where(eq(messages.contactId, 'zoe')).all();
    expect(row).toMatchObject({ status: 'skipped', reason: 'no consent for email', rendered: null, sentAt: null });
    // A message that never went out counts neither towards caps nor as received for `once`.
    expect(sentMessages(h.db, 'zoe', 0)).toEqual([]);
    expect(receivedTemplate(h.db, 'zoe', 'two-sends', row.template!)).toBe(false);
  });
});

describe('delivery in the sandbox', () => {
  it('renders the triggering event and records the content as sandboxed', async () => {
    h = pressureHarness();
    const scenario = twoSends({ entry: { type: 'entry.event', event: 'order' } });
    scenario.templates[0] = { id: 'first', channel: 'email', subject: 'Order {{ event.ref }} for {{ event.total }} €', html: '<p>{{ event.name }}</p>', text: 'x' };
    await h.call('PUT', '/contacts/zoe', zoe);
    // An order from before the scenario went live: not the one that enrolled the contact.
    await h.call('POST', '/track', { userId: 'zoe', event: 'order', properties: { ref: 'A-0', total: 1 } });
    await publishScenario(h, scenario);
    h.clock.advance(60_000);
    expect((await h.call('POST', '/track', { userId: 'zoe', event: 'order', properties: { ref: 'A-1', total: 42 } })).status).toBe(200);

    expect(await h.dispatch()).toBe(1);
    const [row] = h.db.select().from(messages).where(eq(messages.contactId, 'zoe')).all();
    expect(row).toMatchObject({ status: 'sandboxed', rendered: { channel: 'email', subject: 'Order A-1 for 42 €', html: expect.stringContaining('<p>order</p>') } });
    expect(row.sentAt).toBe(h.clock.now());
  });

  it("takes the triggering event from the outbox row, captured when the step ran, for every send of the enrolment", async () => {
    h = pressureHarness();
    const scenario = twoSends({ entry: { type: 'entry.event', event: 'order' } });
    scenario.templates[1] = { id: 'second', channel: 'email', subject: 'Still about {{ event.ref }}', html: '<p>{{ event.total }}</p>', text: 'x' };
    await h.call('PUT', '/contacts/zoe', zoe);
    await publishScenario(h, scenario);
    await h.call('POST', '/track', { userId: 'zoe', event: 'order', properties: { ref: 'A-1', total: 42 } });
    // A later order of the same name, received with the enrolment under way, does not become its trigger.
    h.clock.advance(60_000);
    await h.call('POST', '/track', { userId: 'zoe', event: 'order', properties: { ref: 'A-2', total: 7 } });
    runTimersUntil(h, START + 2 * DAY);

    const second = () => h.db.select().from(messages).where(and(eq(messages.contactId, 'zoe'), eq(messages.template, 'second'))).get()!;
    expect(second()).toMatchObject({ status: 'pending', event: { name: 'order', properties: { ref: 'A-1', total: 42 } } });
    // Delivery renders what the row says, nothing else: rewrite it and the email follows.
    h.db.update(messages).set({ event: { name: 'order', properties: { ref: 'B-9', total: 3 } } }).where(eq(messages.id, second().id)).run();
    await h.dispatch();
    expect(second()).toMatchObject({ status: 'sandboxed', rendered: { subject: 'Still about B-9', html: expect.stringContaining('<p>3</p>') } });
  });

  it('fails a message it cannot compose, with the reason, and sends nothing', async () => {
    h = pressureHarness();
    await publishScenario(h, twoSends());
    await h.call('PUT', '/contacts/noaddress', { attributes: { firstName: 'Nobody', nickname: 'n' }, consents: { email: true } });
    await h.call('POST', '/scenarios/two-sends/enrol', { contactId: 'noaddress' });
    await h.dispatch();
    const [row] = h.db.select().from(messages).where(eq(messages.contactId, 'noaddress')).all();
    expect(row.status).toBe('failed');
    expect(row.reason).toBe('contact noaddress: attribute "email" must hold an email address');
  });
});
