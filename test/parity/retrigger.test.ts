import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, publishScenario, START, type Harness } from '../../server/test/helpers.ts';
import { parsedScenario, replay, serverResult, simulatedResult } from '../../server/test/replay.ts';
import { cartScenario } from './cart.ts';

/** The re-trigger choice (ignore, restart, one run per cart) on the server over HTTP and in the simulator, alike. */
let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const HOUR = 3_600_000;
const cart = (retrigger: object) => cartScenario({ retrigger, reentry: { policy: 'always' } }, '<p>cart {{ event.cart_id }}</p>');
const PARALLEL = { mode: 'parallel', key: 'cart_id' };

type Case = Parameters<typeof simulatedResult>[1];
const contact = { id: 'ann', attributes: {}, consents: {}, lists: [] };
const event = (at: string, name: string, cart_id: string) => ({ at, event: name, properties: { cart_id } });

async function agreeing(file: ReturnType<typeof cart>, events: object[]) {
  const parsed = parsedScenario(file);
  await publishScenario(h, file);
  const testCase = { contact, events, until: '3d' } as unknown as Case;
  const server = await replay(h, parsed, testCase);
  expect(server).toEqual(simulatedResult(parsed, testCase));
  return server;
}

const track = async (who: object, name: string, cart_id: string) => expect((await h.call('POST', '/track', { ...who, event: name, properties: { cart_id } })).status).toBe(200);
const runsOf = (contactId: string) => h.db.$client.prepare('select correlation, status from enrolments where contact_id = ? order by id').all(contactId) as Array<{ correlation: string; status: string }>;

describe('two carts in flight for one contact (one run per cart)', () => {
  it('each is followed to its own order, on both sides', async () => {
    const server = await agreeing(cart(PARALLEL), [event('1h', 'cart_abandoned', 'A'), event('2h', 'cart_abandoned', 'B'), event('3h', 'order_completed', 'B'), event('30h', 'order_completed', 'A')]);
    expect(server.runs).toEqual([
      { pass: 1, correlation: 'A', status: 'exited', at: null },
      { pass: 2, correlation: 'B', status: 'converted', at: null },
    ]);
    // A's run timed out a day after its entry: its reminder, for its own cart.
    expect(server.messages).toEqual([{ at: START + 25 * HOUR, node: 'reminder', channel: 'email', template: 'reminder' }]);
    const [reminder] = h.db.$client.prepare('select event from messages').all() as Array<{ event: string }>;
    expect(JSON.parse(reminder.event)).toEqual({ name: 'cart_abandoned', properties: { cart_id: 'A' } });
  });

  it('a second event for the same cart is ignored, on both sides', async () => {
    const server = await agreeing(cart(PARALLEL), [event('1h', 'cart_abandoned', 'A'), event('2h', 'cart_abandoned', 'A')]);
    expect(server.passes).toBe(1);
  });

  it('restart ends the run in progress with its reason and starts anew, on both sides', async () => {
    const server = await agreeing(cart({ mode: 'restart' }), [event('1h', 'cart_abandoned', 'A'), event('2h', 'cart_abandoned', 'B')]);
    expect(server.runs.map((r) => r.pass)).toEqual([1, 2]);
    expect(server.steps).toContainEqual({ at: START + 2 * HOUR, node: 'wait_order', type: 'wait.event', outcome: 'exited', reason: 'restarted: cart_abandoned arrived again' });
    expect(server.messages.map((m) => m.at)).toEqual([START + 26 * HOUR]);
  });
});

describe('several runs per contact on the server', () => {
  beforeEach(async () => {
    await publishScenario(h, cart(PARALLEL));
    h.clock.set(START);
  });

  it('live counts count each run: two carts wait at once', async () => {
    await track({ userId: 'ann' }, 'cart_abandoned', 'A');
    await track({ userId: 'ann' }, 'cart_abandoned', 'B');
    const { body } = await h.call('GET', '/scenarios/cart/versions/1/stats');
    expect(body.nodes.abandoned).toMatchObject({ entered: 2 });
    expect(body.nodes.wait_order).toMatchObject({ waiting: 2 });
    await track({ userId: 'ann' }, 'order_completed', 'A');
    const after = (await h.call('GET', '/scenarios/cart/versions/1/stats')).body;
    expect(after.nodes.wait_order).toMatchObject({ waiting: 1 });
    expect(after.nodes.bought).toMatchObject({ converted: 1 });
  });

  it('erasing the contact erases every run and its timers', async () => {
    await track({ userId: 'ann' }, 'cart_abandoned', 'A');
    await track({ userId: 'ann' }, 'cart_abandoned', 'B');
    expect(h.runtime.nextDueAt()).toBe(START + 24 * HOUR);
    expect((await h.call('DELETE', '/contacts/ann')).status).toBe(204);
    expect(runsOf('ann')).toEqual([]);
    expect(h.runtime.nextDueAt()).toBeUndefined();
  });

  it('a merge keeps the visitor’s run for another cart and ends its run for a cart the contact is following already', async () => {
    await track({ userId: 'ann' }, 'cart_abandoned', 'A');
    await track({ anonymousId: 'v1' }, 'cart_abandoned', 'A');
    await track({ anonymousId: 'v1' }, 'cart_abandoned', 'B');
    expect((await h.call('POST', '/identify', { userId: 'ann', anonymousId: 'v1', traits: {} })).status).toBe(200);
    expect(runsOf('ann').map(({ correlation, status }) => [correlation, status])).toEqual([
      ['A', 'active'],
      ['A', 'exited'],
      ['B', 'active'],
    ]);
    // The cart B the visitor left goes on for ann: its order converts it.
    await track({ userId: 'ann' }, 'order_completed', 'B');
    expect(serverResult(h, 'ann').runs.map((r) => [r.correlation, r.status])).toEqual([
      ['A', 'active'],
      ['A', 'exited'],
      ['B', 'converted'],
    ]);
  });
});
