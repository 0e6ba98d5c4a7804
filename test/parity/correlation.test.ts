import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, publishScenario, type Harness } from '../../server/test/helpers.ts';
import { parsedScenario, replay, simulatedResult } from '../../server/test/replay.ts';
import { cartScenario } from './cart.ts';

/** Waits and goals that match the trigger (`sameAs`), on the server over HTTP and in the simulator, alike. */
let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const cart = cartScenario();

type Case = Parameters<typeof simulatedResult>[1];
const contact = { id: 'ann', attributes: {}, consents: {}, lists: [] };
const event = (at: string, name: string, cart_id: string) => ({ at, event: name, properties: { cart_id, revenue: 40 } });

async function agreeing(events: object[]) {
  const parsed = parsedScenario(cart);
  await publishScenario(h, cart);
  const testCase = { contact, events, until: '3d' } as unknown as Case;
  const server = await replay(h, parsed, testCase);
  expect(server).toEqual(simulatedResult(parsed, testCase));
  return server;
}

describe('an order for another cart', () => {
  it('does not end this cart\'s journey: the reminder goes on both sides', async () => {
    const server = await agreeing([event('1h', 'cart_abandoned', 'A'), event('2h', 'order_completed', 'B')]);
    expect(server.status).toBe('exited');
    expect(server.messages.map((m) => m.node)).toEqual(['reminder']);
  });

  it('while the order of this cart converts at the goal, with its revenue', async () => {
    const server = await agreeing([event('1h', 'cart_abandoned', 'A'), event('2h', 'order_completed', 'B'), event('3h', 'order_completed', 'A')]);
    expect(server.status).toBe('converted');
    expect(server.messages).toEqual([]);
    // The revenue is the goal event's of cart A (40.00), counted in hundredths on the day of the conversion.
    const revenue = h.db.$client.prepare("select n from daily_counters where metric = 'revenue'").all();
    expect(revenue).toEqual([{ n: 4000 }]);
  });
});
