import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createChannels, loadChannelConfig, type Channels } from '../src/channels/index.ts';
import { messages } from '../src/db/schema.ts';
import { createDeliver } from '../src/delivery/index.ts';
import { feedbackSignature } from '../src/engagement/signature.ts';
import { Dispatcher } from '../src/runtime/dispatcher.ts';
import { SECRET } from './channels/fixtures.ts';
import { parseMail } from './channels/mime.ts';
import { startSmtpSink, type SmtpSink } from './channels/servers.ts';
import { harness, publishScenario, START, type Harness } from './helpers.ts';

/**
 * Open and click tracking, delivery feedback and the suppression list, end to end: the real app over HTTP, a real
 * SMTP sink, the real dispatcher, on the harness's manual clock.
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const FEEDBACK_SECRET = 'feedback-secret-0123456789abcdef';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

interface World {
  h: Harness;
  sink: SmtpSink;
  /** Sends what is pending, once, and waits for the outcomes to be written. */
  dispatch(): Promise<void>;
}

async function world(reject?: (n: number) => number | undefined): Promise<World> {
  const sink = await startSmtpSink(reject);
  cleanups.push(() => sink.close());
  const config = loadChannelConfig({
    PARCOURS_SMTP_HOST: '127.0.0.1',
    PARCOURS_SMTP_PORT: String(sink.port),
    PARCOURS_FROM: 'Parcours <news@parcours.test>',
    PARCOURS_PUBLIC_URL: 'https://parcours.test',
    PARCOURS_UNSUBSCRIBE_SECRET: SECRET,
    PARCOURS_DELIVERY_ATTEMPTS: '1',
    PARCOURS_FEEDBACK_PROVIDERS: JSON.stringify({ mailer: { secret: FEEDBACK_SECRET } }),
  });
  let channels!: Channels;
  const h = harness(START, { channels: (clock) => (channels = createChannels(config, () => clock.now())) });
  cleanups.push(() => h.close());
  const deliver = createDeliver({ db: h.db, channels, versions: h.runtime.versions });
  const dispatcher = new Dispatcher({ db: h.db, deliver, now: () => h.clock.now(), settings: config.delivery });
  return {
    h,
    sink,
    dispatch: async () => {
      dispatcher.dispatch(100);
      await dispatcher.settled();
    },
  };
}

/** An email with a link, then a wait for its click (3 days): the engine reacts to the tracked event. */
function offer(settings: Record<string, unknown> = {}) {
  const nodes = [
    { id: 'start', type: 'entry.api', config: {} },
    { id: 'mail', type: 'action.email', config: { template: 'offer' } },
    { id: 'clicked', type: 'wait.event', config: { event: 'email_clicked', timeout: '3d' } },
    { id: 'yes', type: 'flow.exit', config: {} },
    { id: 'no', type: 'flow.exit', config: {} },
  ];
  return {
    schemaVersion: 1,
    id: 'offer',
    name: 'Offer',
    settings: { consentRequired: { email: false, sms: false, push: false }, ...settings },
    templates: [
      {
        id: 'offer',
        channel: 'email',
        subject: 'Our offer',
        html: '<html><body><p>Hi</p><a href="https://shop.example.test/offer?a=1&b=2">See the offer</a> <a href="mailto:help@example.test">Help</a></body></html>',
        text: 'See the offer: https://shop.example.test/offer?a=1&b=2',
      },
    ],
    nodes: nodes.map((n, i) => ({ ...n, position: { x: 0, y: i * 150 } })),
    edges: [
      { id: 'a', source: 'start', target: 'mail' },
      { id: 'b', source: 'mail', target: 'clicked' },
      { id: 'c', source: 'clicked', sourceHandle: 'happened', target: 'yes' },
      { id: 'd', source: 'clicked', sourceHandle: 'timedOut', target: 'no' },
    ],
  };
}

async function sendOffer(w: World, contactId = 'ada', email = 'ada@example.test', settings?: Record<string, unknown>) {
  await publishScenario(w.h, offer(settings));
  expect((await w.h.call('PUT', `/contacts/${contactId}`, { attributes: { email } })).status).toBe(200);
  expect((await w.h.call('POST', '/scenarios/offer/enrol', { contactId })).status).toBe(200);
  await w.dispatch();
}

const htmlOf = (w: World, n = 0) => parseMail(w.sink.mails[n].raw).parts.get('text/html')!;
const textOf = (w: World, n = 0) => parseMail(w.sink.mails[n].raw).parts.get('text/plain')!;
const pixelOf = (html: string) => /<img src="([^"]+\/t\/o\/[^"]+)"/.exec(html)![1].replace(/&amp;/g, '&');
const trackedLinksOf = (html: string) => [...html.matchAll(/href="(https:\/\/parcours\.test\/t\/c\/[^"]+)"/g)].map((m) => m[1]);
const path = (url: string) => url.replace('https://parcours.test', '');
const figures = async (h: Harness) => {
  const { body } = await h.call('GET', '/scenarios/offer/versions/1/stats');
  const { sent, delivered, opened, clicked, bounced, complained, unsubscribed, skipped, skippedBy, failed } = body.nodes.mail;
  return { sent, delivered, opened, clicked, bounced, complained, unsubscribed, skipped, suppressed: skippedBy.suppressed, failed };
};
const fetchAs = (w: World, url: string, userAgent: string, method = 'GET') => w.h.app.request(path(url), { method, headers: { 'user-agent': userAgent }, redirect: 'manual' });

describe('open and click tracking', () => {
  it('rewrites the HTML links and adds a pixel; a click redirects, becomes an event the wait reacts to, and counts once', async () => {
    const w = await world();
    await sendOffer(w);
    const html = htmlOf(w);
    const links = trackedLinksOf(html);
    // The web link is tracked; mailto and the unsubscribe link are not; the text part keeps its plain link.
    expect(links).toHaveLength(1);
    expect(html).toContain('href="mailto:help@example.test"');
    expect(html).toMatch(/href="https:\/\/parcours\.test\/u\//);
    expect(textOf(w)).toContain('https://shop.example.test/offer?a=1&b=2');
    // The outbox keeps the message without its tracking: viewing it opens and clicks nothing for the contact.
    const [row] = w.h.db.select().from(messages).where(eq(messages.contactId, 'ada')).all();
    expect(row.rendered).toMatchObject({ channel: 'email', html: expect.stringContaining('href="https://shop.example.test/offer?a=1&b=2"') });
    expect(JSON.stringify(row.rendered)).not.toContain('/t/');

    w.h.clock.advance(60_000);
    const pixel = await fetchAs(w, pixelOf(html), BROWSER);
    expect(pixel.status).toBe(200);
    expect(pixel.headers.get('content-type')).toBe('image/gif');

    const click = await fetchAs(w, links[0], BROWSER);
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe('https://shop.example.test/offer?a=1&b=2');
    await fetchAs(w, links[0], BROWSER); // a second click: an event, not a second count

    expect(await figures(w.h)).toMatchObject({ sent: 1, opened: 1, clicked: 1 });
    const { body } = await w.h.call('GET', '/contacts/ada/timeline');
    const events = body.items.filter((i: any) => i.kind === 'event').map((i: any) => [i.event, i.properties.machine, i.properties.url]);
    expect(events).toEqual([
      ['email_opened', false, undefined],
      ['email_clicked', false, 'https://shop.example.test/offer?a=1&b=2'],
      ['email_clicked', false, 'https://shop.example.test/offer?a=1&b=2'],
    ]);
    // The wait for the click took its "happened" way.
    expect(body.items.some((i: any) => i.kind === 'step' && i.node === 'yes')).toBe(true);
  });

  it('flags privacy proxies, HEAD requests and clicks right after the send as machines, not counted as people', async () => {
    const w = await world();
    await sendOffer(w);
    const html = htmlOf(w);
    const [link] = trackedLinksOf(html);
    // Within a second of the send: a scanner.
    expect((await fetchAs(w, link, BROWSER)).status).toBe(302);
    w.h.clock.advance(60_000);
    expect((await fetchAs(w, link, BROWSER, 'HEAD')).status).toBe(302);
    expect((await fetchAs(w, link, 'Mozilla/5.0 (compatible; Barracuda Sentinel)')).status).toBe(302);
    await fetchAs(w, pixelOf(html), 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)');
    await fetchAs(w, pixelOf(html), 'Mozilla/5.0');

    expect(await figures(w.h)).toMatchObject({ opened: 0, clicked: 0 });
    const { body } = await w.h.call('GET', '/contacts/ada/timeline');
    const machine = body.items.filter((i: any) => i.kind === 'event').map((i: any) => i.properties.machine);
    expect(machine).toEqual([true, true, true, true, true]);
  });

  it('answers the same pixel to a bad token and refuses to redirect a link whose token is forged or names another URL', async () => {
    const w = await world();
    await sendOffer(w);
    const [link] = trackedLinksOf(htmlOf(w));
    const good = await (await fetchAs(w, pixelOf(htmlOf(w)), BROWSER)).arrayBuffer();
    const bad = await fetchAs(w, '/t/o/not-a-token', BROWSER);
    expect(bad.status).toBe(200);
    expect(Buffer.from(await bad.arrayBuffer())).toEqual(Buffer.from(good));

    const [payload, signature] = path(link).slice('/t/c/'.length).split('.');
    const claim = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const evil = Buffer.from(JSON.stringify({ ...claim, u: 'https://evil.example.test/' })).toString('base64url');
    for (const forged of [`/t/c/${evil}.${signature}`, '/t/c/garbage', `/t/c/${payload}`]) {
      const answer = await fetchAs(w, forged, BROWSER);
      expect(answer.status, forged).toBe(404);
      expect(answer.headers.get('location')).toBeNull();
    }
    // An open token does not pass for a click token.
    expect((await fetchAs(w, pixelOf(htmlOf(w)).replace('/t/o/', '/t/c/'), BROWSER)).status).toBe(404);
    const { body } = await w.h.call('GET', '/contacts/ada/timeline');
    expect(body.items.filter((i: any) => i.event === 'email_clicked')).toEqual([]);
  });

  it('leaves the email untouched when the scenario turns tracking off', async () => {
    const w = await world();
    await sendOffer(w, 'ada', 'ada@example.test', { tracking: false });
    expect(htmlOf(w)).toContain('href="https://shop.example.test/offer?a=1&b=2"');
    expect(htmlOf(w)).not.toContain('/t/o/');
  });

  it('counts an unsubscribe through the message link on its node', async () => {
    const w = await world();
    await sendOffer(w);
    const unsubscribe = /href="https:\/\/parcours\.test(\/u\/[^"]+)"/.exec(htmlOf(w))![1];
    const answer = await w.h.app.request(unsubscribe, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) });
    expect(answer.status).toBe(200);
    expect(await figures(w.h)).toMatchObject({ unsubscribed: 1 });
    expect((await w.h.call('GET', '/contacts/ada')).body.consents.email).toBe(false);
  });
});

/** A signed feedback request as a provider sends it. */
function feedback(w: World, body: unknown, options: { secret?: string; at?: number; provider?: string } = {}) {
  const text = JSON.stringify(body);
  const timestamp = String(Math.floor((options.at ?? w.h.clock.now()) / 1000));
  return w.h.app.request(`/api/feedback/${options.provider ?? 'mailer'}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-parcours-timestamp': timestamp,
      'x-parcours-signature': feedbackSignature(options.secret ?? FEEDBACK_SECRET, timestamp, text),
    },
    body: text,
  });
}

const messageIdOf = (w: World) => parseMail(w.sink.mails[0].raw).headers.get('message-id')!;
const suppressionsOf = async (h: Harness) => (await h.call('GET', '/suppressions')).body.items.map((s: any) => [s.channel, s.address, s.reason, s.source]);

describe('delivery feedback', () => {
  it('records delivered and a complaint from a good signature, suppressing the address', async () => {
    const w = await world();
    await sendOffer(w, 'ada', 'Ada@Example.test');
    const answer = await feedback(w, [
      { id: 'evt-1', message_id: messageIdOf(w), type: 'delivered' },
      { id: 'evt-2', message_id: messageIdOf(w), type: 'complaint' },
      { id: 'evt-3', message_id: '<unknown@parcours.test>', type: 'delivered' },
    ]);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ recorded: 2, unknown: 1 });
    expect(await figures(w.h)).toMatchObject({ sent: 1, delivered: 1, complained: 1 });
    expect(await suppressionsOf(w.h)).toEqual([['email', 'ada@example.test', 'complaint', 'feedback:mailer']]);
  });

  it('refuses a bad signature, a stale timestamp and a replayed delivery id, writing nothing', async () => {
    const w = await world();
    await sendOffer(w);
    const event = { id: 'evt-1', message_id: messageIdOf(w), type: 'bounced', bounce_type: 'hard' };
    const refused = [
      await feedback(w, event, { secret: 'another-secret-0123456789abcdef' }),
      await feedback(w, event, { at: w.h.clock.now() - 10 * 60_000 }),
      await w.h.app.request('/api/feedback/mailer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) }),
      await feedback(w, event, { provider: 'nobody' }),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 404]);
    expect((await refused[1].json()).error.code).toBe('stale_request');
    expect(await figures(w.h)).toMatchObject({ bounced: 0 });

    expect((await feedback(w, event)).status).toBe(200);
    const replay = await feedback(w, [{ ...event, id: 'evt-2', type: 'complaint' }, event]);
    expect(replay.status).toBe(409);
    // The first event of the refused request was rolled back with it.
    expect(await figures(w.h)).toMatchObject({ bounced: 1, complained: 0 });
    expect(await suppressionsOf(w.h)).toEqual([['email', 'ada@example.test', 'hard_bounce', 'feedback:mailer']]);
  });

  it('names the bad field of a body the mapping cannot read', async () => {
    const w = await world();
    const answer = await feedback(w, [{ id: 'evt-1', message_id: 'x', type: 'opened-by-robot' }]);
    expect(answer.status).toBe(400);
    const { error } = await answer.json();
    expect(error.issues[0].path).toEqual([0, 'type']);
  });
});

describe('suppression', () => {
  it('turns an SMTP 5xx into a hard bounce and suppresses the address; the engine then skips it as suppressed', async () => {
    const w = await world((n) => (n === 1 ? 550 : undefined));
    await sendOffer(w);
    expect(await figures(w.h)).toMatchObject({ sent: 0, failed: 1, bounced: 1 });
    expect(await suppressionsOf(w.h)).toEqual([['email', 'ada@example.test', 'hard_bounce', 'smtp']]);

    // Another contact with the same address, enrolled later: the engine holds the send back.
    expect((await w.h.call('PUT', '/contacts/bob', { attributes: { email: 'ADA@example.test' } })).status).toBe(200);
    expect((await w.h.call('POST', '/scenarios/offer/enrol', { contactId: 'bob' })).status).toBe(200);
    await w.dispatch();
    expect(w.sink.mails).toHaveLength(1);
    expect(await figures(w.h)).toMatchObject({ skipped: 1, suppressed: 1 });
    const steps = (await w.h.call('GET', '/contacts/bob/timeline')).body.items.filter((i: any) => i.kind === 'step' && i.node === 'mail');
    expect(steps[0]).toMatchObject({ outcome: 'skipped', reason: 'email address on the suppression list' });
  });

  it('is checked again at delivery: an address suppressed after the engine decided is not sent to', async () => {
    const w = await world();
    await publishScenario(w.h, offer());
    expect((await w.h.call('PUT', '/contacts/ada', { attributes: { email: 'ada@example.test' } })).status).toBe(200);
    expect((await w.h.call('POST', '/scenarios/offer/enrol', { contactId: 'ada' })).status).toBe(200);
    expect((await w.h.call('POST', '/suppressions', { channel: 'email', address: 'ada@example.test' })).status).toBe(201);
    await w.dispatch();
    expect(w.sink.mails).toHaveLength(0);
    const [row] = w.h.db.select().from(messages).where(eq(messages.contactId, 'ada')).all();
    expect(row).toMatchObject({ status: 'skipped', reason: 'address on the suppression list (manual)' });
    expect(await figures(w.h)).toMatchObject({ sent: 0, skipped: 1, suppressed: 1 });
  });

  it('is listed, searched, added to by hand and removed over the API, with located errors', async () => {
    const w = await world();
    const add = (body: unknown) => w.h.call('POST', '/suppressions', body);
    expect((await add({ channel: 'email', address: 'Zoe@Example.test' })).body).toMatchObject({ address: 'zoe@example.test', reason: 'manual', source: 'manual' });
    expect((await add({ channel: 'sms', address: '+33612345678' })).status).toBe(201);
    expect((await add({ channel: 'email', address: 'zoe@example.test' })).status).toBe(409);
    const bad = await add({ channel: 'sms', address: '0612' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toEqual(['address']);

    expect((await w.h.call('GET', '/suppressions?search=ZOE')).body).toMatchObject({ total: 1, items: [{ address: 'zoe@example.test' }] });
    expect((await w.h.call('GET', '/suppressions?channel=sms')).body.items.map((s: any) => s.address)).toEqual(['+33612345678']);
    expect((await w.h.call('DELETE', `/suppressions/sms/${encodeURIComponent('+33612345678')}`)).status).toBe(204);
    expect((await w.h.call('DELETE', `/suppressions/sms/${encodeURIComponent('+33612345678')}`)).status).toBe(404);
    expect((await w.h.call('GET', '/suppressions')).body.total).toBe(1);
  });
});
