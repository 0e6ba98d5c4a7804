import { describe, expect, test } from 'vitest';
import { collectItem, forecastPressure, openDigest, simulate, validateScenario, type SimulationInput } from '../src/index.ts';
import { scenarioOf, shopper } from './fixtures.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('collectItem', () => {
  const open = openDigest('digest', 0, 1000);

  test('keeps every event in arrival order, then only the latest maxItems, while count counts them all', () => {
    let state = open;
    for (let i = 1; i <= 5; i++) state = collectItem(state, { maxItems: 3 }, { n: i });
    expect(state.count).toBe(5);
    expect(state.items).toEqual([{ n: 3 }, { n: 4 }, { n: 5 }]);
  });

  test('groupBy keeps one item per value, the latest event of it, moved to the end; an event without the value is its own item', () => {
    let state = open;
    for (const properties of [{ product: 'a', price: 10 }, { product: 'b', price: 20 }, { product: 'a', price: 8 }, { price: 1 }, { price: 2 }] as Array<Record<string, string | number>>) {
      state = collectItem(state, { groupBy: 'product', maxItems: 10 }, properties);
    }
    expect(state.count).toBe(5);
    expect(state.items).toEqual([{ product: 'b', price: 20 }, { product: 'a', price: 8 }, { price: 1 }, { price: 2 }]);
  });

  test('leaves the state it was given as it was (the machine context is replaced, never edited)', () => {
    const before = structuredClone(open);
    collectItem(open, { maxItems: 2 }, { n: 1 });
    expect(open).toEqual(before);
  });
});

const priceDrops = (digest: Record<string, unknown>, settings: Record<string, unknown> = {}) =>
  scenarioOf(
    [
      { id: 'dropped', type: 'entry.event', config: { event: 'price_dropped' } },
      { id: 'digest', type: 'wait.digest', config: { event: 'price_dropped', ...digest } },
      { id: 'mail', type: 'action.email', config: { template: 'drops' } },
      { id: 'done', type: 'flow.exit' },
    ],
    ['dropped>digest', 'digest>mail', 'mail>done'],
    {
      settings: { consentRequired: { email: false, sms: false, push: false }, ...settings },
      templates: [{ id: 'drops', channel: 'email', subject: '{{ digest.count }} prices dropped', html: '{% for item in digest.items %}<li>{{ item.product }}</li>{% endfor %}' }],
    },
  );

const tenDrops = Array.from({ length: 10 }, (_, i) => ({ at: `${1 + i * 5}m`, event: 'price_dropped', properties: { product: `p${i}`, price: 100 - i } }));
const run = (scenario: ReturnType<typeof scenarioOf>, input: Partial<SimulationInput>) => simulate(scenario, { contact: shopper, events: [], until: '1d', ...input });

describe('the digest node in the simulator', () => {
  test('ten price drops in an hour become one email carrying count 10 and the ten items', () => {
    const result = run(priceDrops({ window: '1h' }), { events: tenDrops });
    expect(result.messages).toHaveLength(1);
    const [message] = result.messages;
    expect(iso(message.at)).toBe('2026-01-05T09:01:00.000Z');
    expect(message.digest?.count).toBe(10);
    expect(message.digest?.items.map((i) => i.product)).toEqual(tenDrops.map((e) => e.properties.product));
    expect(message.failure).toBeUndefined();
    // The trace says what was collected and when the window closed.
    const digestSteps = result.steps.filter((s) => s.node === 'digest');
    expect(digestSteps.map((s) => s.outcome)).toEqual(['waiting', ...Array(9).fill('waiting'), 'resumed']);
    expect(digestSteps[1].reason).toBe('collected price_dropped: 2 so far');
    expect(digestSteps.at(-1)).toMatchObject({ output: 'next', reason: 'digest closed: 10 events, 10 items', at: Date.parse('2026-01-05T09:01:00Z') });
  });

  test('with a cap and a group, the email gets the latest item of each group, at most maxItems, and still the whole count', () => {
    const events = tenDrops.map((e, i) => ({ ...e, properties: { product: `p${i % 3}`, price: i } }));
    const [message] = run(priceDrops({ window: '1h', groupBy: 'product', maxItems: 2 }), { events }).messages;
    expect(message.digest).toEqual({ count: 10, items: [{ product: 'p2', price: 8 }, { product: 'p0', price: 9 }] });
  });

  test('a window until a time of day closes at that time in the contact\'s zone', () => {
    const result = run(priceDrops({ until: '18:00' }), { contact: { ...shopper, timeZone: 'Europe/Paris' }, events: tenDrops.slice(0, 2) });
    expect(result.messages.map((m) => iso(m.at))).toEqual(['2026-01-05T17:00:00.000Z']);
  });

  test('a window closing in quiet hours delivers when they end, with what the window collected', () => {
    // 20:30 Paris → closes 21:30 Paris, inside 21:00–08:00: the email waits for 08:00 Paris (07:00 UTC); a drop at 23:00 came too late.
    const events = ['11h30m', '11h50m', '12h10m', '15h'].map((at, i) => ({ at, event: 'price_dropped', properties: { product: `p${i}` } }));
    const scenario = priceDrops({ window: '1h' }, { quietHours: { start: '21:00', end: '08:00' } });
    const result = run(scenario, { contact: { ...shopper, timeZone: 'Europe/Paris' }, events, until: '2d' });
    expect(result.steps.find((s) => s.node === 'digest' && s.output === 'next')?.at).toBe(Date.parse('2026-01-05T20:30:00Z'));
    expect(result.steps.find((s) => s.node === 'mail' && s.outcome === 'deferred')?.rule).toBe('quiet_hours');
    expect(result.messages.map((m) => [iso(m.at), m.digest?.count])).toEqual([['2026-01-06T07:00:00.000Z', 3]]);
  });
});

describe('validation of a digest node', () => {
  test('needs a window or a time of day, not both, located on the node', () => {
    const valid = priceDrops({ window: '1h' });
    const both = { ...valid, nodes: valid.nodes.map((n) => (n.id === 'digest' ? { ...n, config: { event: 'price_dropped', window: '1h', until: '18:00' } } : n)) };
    expect(validateScenario(valid).errors).toEqual([]);
    expect(validateScenario(both).errors).toContainEqual(expect.objectContaining({ nodeId: 'digest', path: ['nodes', 1, 'config', 'window'] }));
  });

  test('a zero window is refused on its field', () => {
    const result = validateScenario(priceDrops({ window: '0m' }));
    expect(result.errors).toContainEqual(expect.objectContaining({ nodeId: 'digest', path: ['nodes', 1, 'config', 'window'] }));
  });
});

describe('the pressure forecast', () => {
  test('counts a digest as one send per window, where an email per event would be ten', () => {
    const perEvent = scenarioOf(
      [
        { id: 'dropped', type: 'entry.event', config: { event: 'price_dropped' } },
        { id: 'mail', type: 'action.email', config: { template: 'drops' } },
        { id: 'done', type: 'flow.exit' },
      ],
      ['dropped>mail', 'mail>done'],
      { settings: { reentry: { policy: 'always' }, consentRequired: { email: false, sms: false, push: false } }, templates: [{ id: 'drops', channel: 'email', subject: 's', html: 'h' }] },
    );
    const emails = (scenario: ReturnType<typeof scenarioOf>) =>
      forecastPressure({ scenarios: [scenario], contacts: [{ contact: shopper, events: tenDrops }], weeks: 1 }).byScenario[0].messages.email;
    expect(emails(perEvent)).toBe(10);
    expect(emails(priceDrops({ window: '1h' }))).toBe(1);
  });
});
