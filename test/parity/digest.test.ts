import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChannels, loadChannelConfig } from '../../server/src/channels/index.ts';
import { createDeliver } from '../../server/src/delivery/index.ts';
import { dispatchPending } from '../../server/src/runtime/dispatcher.ts';
import { harness, publishScenario, type Harness } from '../../server/test/helpers.ts';
import { parsedScenario, replay, simulatedResult } from '../../server/test/replay.ts';
import { priceDropsScenario } from '../support/price-drops.ts';

/**
 * The digest node on the server (over HTTP, manual clock) and in the simulator: the same trace, the same
 * messages at the same times, and what the digest collected in the sent content.
 */
let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const drops = (digest: object, settings: object = {}) =>
  priceDropsScenario(digest, '<ul>{% for item in digest.items %}<li>{{ item.product }} at {{ item.price }}</li>{% endfor %}</ul>', settings);

type Case = Parameters<typeof simulatedResult>[1];
const contact = { id: 'ann', attributes: { email: 'ann@example.com' }, consents: {}, lists: [], timeZone: 'Europe/Paris' };

/** Both sides' whole results (trace with times and reasons, messages, status), which must agree. */
async function agreeing(file: object, testCase: Case) {
  const parsed = parsedScenario(file);
  await publishScenario(h, file);
  const server = await replay(h, parsed, testCase);
  expect(server).toEqual(simulatedResult(parsed, testCase));
  return server;
}

/** The server's messages for the contact once delivered to the sandbox: what the email said. */
async function delivered() {
  await dispatchPending(h.db, createDeliver({ db: h.db, channels: createChannels(loadChannelConfig({})), versions: h.runtime.versions }), () => h.clock.now());
  return (await h.call('GET', '/messages?contactId=ann')).body.items as Array<{ createdAt: string; rendered: { subject: string; html: string } }>;
}

describe('the digest node, server and simulator alike', () => {
  it('turns ten price drops in an hour into one email with count 10 and the ten items', async () => {
    const events = Array.from({ length: 10 }, (_, i) => ({ at: `${1 + i * 5}m`, event: 'price_dropped', properties: { product: `p${i}`, price: 100 - i } }));
    const server = await agreeing(drops({ window: '1h' }), { contact, events, until: '1d' } as unknown as Case);
    expect(server.messages).toHaveLength(1);
    expect(server.steps.filter((s) => s.node === 'digest' && s.outcome === 'waiting')).toHaveLength(10);
    expect(server.steps.find((s) => s.node === 'digest' && s.output === 'next')?.reason).toBe('digest closed: 10 events, 10 items');
    const [mail] = await delivered();
    expect(mail.rendered.subject).toBe('10 prices dropped');
    for (let i = 0; i < 10; i++) expect(mail.rendered.html).toContain(`<li>p${i} at ${100 - i}</li>`);
  });

  it('delivers a window that closes inside quiet hours at their end, with what the window collected', async () => {
    // Drops from 20:30 Paris for an hour: the window closes at 21:30, inside 21:00–08:00; a drop at 23:00 is not in it.
    const events = ['11h30m', '11h50m', '12h10m', '15h'].map((at, i) => ({ at, event: 'price_dropped', properties: { product: `p${i}`, price: i } }));
    const file = drops({ window: '1h' }, { quietHours: { start: '21:00', end: '08:00' } });
    const server = await agreeing(file, { contact, events, until: '2d' } as unknown as Case);
    expect(server.steps.find((s) => s.node === 'mail' && s.outcome === 'deferred')).toMatchObject({ rule: 'quiet_hours', at: Date.parse('2026-01-05T20:30:00Z') });
    const [mail] = await delivered();
    expect(mail.createdAt).toBe('2026-01-06T07:00:00.000Z');
    expect(mail.rendered.subject).toBe('3 prices dropped');
    // The items only: the footer's signed links are random text that may hold "p3".
    expect(mail.rendered.html).toContain('<li>p0 at 0</li><li>p1 at 1</li><li>p2 at 2</li></ul>');
    expect(mail.rendered.html).not.toContain('<li>p3');
  });

  it('closes a window at a time of day in the contact\'s zone', async () => {
    const events = [{ at: '1h', event: 'price_dropped', properties: { product: 'p0', price: 1 } }];
    const server = await agreeing(drops({ until: '18:00', groupBy: 'product' }), { contact, events, until: '1d' } as unknown as Case);
    expect(server.messages.map((m) => m.at)).toEqual([Date.parse('2026-01-05T17:00:00Z')]);
  });
});
