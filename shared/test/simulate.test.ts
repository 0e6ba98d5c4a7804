import { describe, expect, test } from 'vitest';
import { pathOf, simulate, type SimulationInput } from '../src/index.ts';
import { cartScenario, scenarioOf, shopper } from './fixtures.ts';

const run = (scenario: ReturnType<typeof scenarioOf>, input: Partial<SimulationInput>) =>
  simulate(scenario, { contact: shopper, events: [], ...input });
const iso = (ms: number) => new Date(ms).toISOString();
const email = (id: string) => ({ id, channel: 'email', subject: id, html: `<p>${id}</p>` });

describe('abandoned cart: wait for an event with a timeout', () => {
  const abandon = { at: '1h', event: 'cart_abandoned', properties: { total: 80 } };

  test('no purchase: reminder after 4 h, then the discount a day later for a big cart', () => {
    const result = run(cartScenario(), { events: [abandon] });
    expect(pathOf(result)).toEqual(['abandoned', 'wait_order', 'reminder', 'wait_again', 'big_cart', 'discount', 'done']);
    expect(result.messages.map((m) => [m.template, iso(m.at)])).toEqual([
      ['reminder', '2026-01-05T13:00:00.000Z'],
      ['discount', '2026-01-06T13:00:00.000Z'],
    ]);
    expect(result.status).toBe('exited');
  });

  test('a purchase during the first wait takes the "happened" output and sends nothing', () => {
    const result = run(cartScenario(), { events: [abandon, { at: '3h', event: 'order_completed', properties: {} }] });
    expect(pathOf(result)).toEqual(['abandoned', 'wait_order', 'bought']);
    expect(result.steps.find((s) => s.node === 'wait_order' && s.output)?.output).toBe('happened');
    expect(result.messages).toEqual([]);
  });

  test('a purchase exactly at the deadline still counts as happened', () => {
    const result = run(cartScenario(), { events: [abandon, { at: '5h', event: 'order_completed', properties: {} }] });
    expect(pathOf(result)).toEqual(['abandoned', 'wait_order', 'bought']);
  });

  test('a purchase before the cart was abandoned does not count; a small cart gets no discount', () => {
    const result = run(cartScenario(), {
      events: [{ at: '30m', event: 'order_completed', properties: {} }, { ...abandon, properties: { total: 20 } }],
    });
    expect(pathOf(result)).toEqual(['abandoned', 'wait_order', 'reminder', 'wait_again', 'big_cart', 'done']);
    expect(result.steps.find((s) => s.node === 'big_cart')?.output).toBe('no');
  });

  test('a contact who never abandons a cart never enters', () => {
    const result = run(cartScenario(), { events: [{ at: '1h', event: 'page_viewed', properties: {} }] });
    expect(result.status).toBe('not_entered');
    expect(result.steps).toEqual([]);
  });

  test('the horizon stops the clock with the contact still waiting', () => {
    const result = run(cartScenario(), { events: [abandon], until: '3h' });
    expect(result.status).toBe('active');
    expect(result.at).toBe('wait_order');
  });
});

describe('goals and exit events', () => {
  const scenario = (settings: object) =>
    scenarioOf(
      [
        { id: 'start', type: 'entry.event', config: { event: 'signed_up' } },
        { id: 'wait', type: 'wait.event', config: { event: 'purchased', timeout: '3d' } },
        { id: 'thanks', type: 'action.email', config: { template: 'thanks' } },
        { id: 'nudge', type: 'action.email', config: { template: 'nudge' } },
        { id: 'end', type: 'flow.exit' },
      ],
      ['start>wait', 'wait:happened>thanks', 'wait:timedOut>nudge', 'thanks>end', 'nudge>end'],
      { templates: [email('thanks'), email('nudge')], settings },
    );
  const signUp = { at: '0s', event: 'signed_up', properties: {} };

  test('the scenario goal wins over a wait listening to the same event', () => {
    const result = run(scenario({ goal: { event: 'purchased' } }), { events: [signUp, { at: '1d', event: 'purchased', properties: {} }] });
    expect(result.status).toBe('converted');
    expect(result.messages).toEqual([]);
    expect(result.steps.at(-1)).toMatchObject({ node: 'wait', outcome: 'converted', reason: 'goal event purchased' });
  });

  test('an exit event takes the contact out wherever it waits', () => {
    const result = run(scenario({ exitEvents: [{ event: 'unsubscribed' }] }), { events: [signUp, { at: '1d', event: 'unsubscribed', properties: {} }] });
    expect(result.status).toBe('exited');
    expect(result.steps.at(-1)).toMatchObject({ node: 'wait', outcome: 'exited', reason: 'exit event unsubscribed' });
  });

  test('an exit event filtered on properties ignores other values', () => {
    const settings = { exitEvents: [{ event: 'unsubscribed', where: [{ property: 'list', op: 'eq', value: 'all' }] }] };
    const result = run(scenario(settings), { events: [signUp, { at: '1d', event: 'unsubscribed', properties: { list: 'news' } }] });
    expect(result.messages.map((m) => m.template)).toEqual(['nudge']);
  });

  test('a goal node converts the contact when its event happens anywhere', () => {
    const withGoal = scenarioOf(
      [
        { id: 'start', type: 'entry.api' },
        { id: 'wait', type: 'wait.delay', config: { duration: '7d' } },
        { id: 'end', type: 'flow.exit' },
        { id: 'bought', type: 'flow.goal', config: { event: 'purchased' } },
      ],
      ['start>wait', 'wait>end'],
    );
    const result = run(withGoal, { events: [{ at: '2d', event: 'purchased', properties: {} }] });
    expect(result.status).toBe('converted');
    expect(pathOf(result)).toEqual(['start', 'wait', 'bought']);
  });
  test('a wait whose "happened" output leads to a goal records that output as it converts', () => {
    const waitForOrder = scenarioOf(
      [
        { id: 'start', type: 'entry.api' },
        { id: 'wait', type: 'wait.event', config: { event: 'ordered', timeout: '1d' } },
        { id: 'won', type: 'flow.goal', config: { event: 'ordered' } },
        { id: 'lost', type: 'flow.exit' },
      ],
      ['start>wait', 'wait:happened>won', 'wait:timedOut>lost'],
    );
    const result = run(waitForOrder, { events: [{ at: '2h', event: 'ordered', properties: {} }] });
    expect(result.status).toBe('converted');
    expect(result.steps.map((s) => [s.node, s.outcome, s.output])).toEqual([
      ['start', 'entered', 'next'],
      ['wait', 'waiting', undefined],
      ['wait', 'resumed', 'happened'],
      ['won', 'converted', undefined],
    ]);
  });
});

describe('a goal reached is a conversion only when the goal happens', () => {
  // entry on signed_up, wait a day, email, goal: the path of the marketer.
  const journey = (goal: object) =>
    scenarioOf(
      [
        { id: 'start', type: 'entry.event', config: { event: 'signed_up' } },
        { id: 'day', type: 'wait.delay', config: { duration: '1d' } },
        { id: 'mail', type: 'action.email', config: { template: 'hello' } },
        { id: 'goal', type: 'flow.goal', config: goal },
      ],
      ['start>day', 'day>mail', 'mail>goal'],
      { templates: [email('hello')] },
    );
  const signUp = { at: '0s', event: 'signed_up', properties: {} };

  test('reaching the goal without its event is completed, not converted', () => {
    const result = run(journey({ event: 'upgraded' }), { events: [signUp] });
    expect(result.status).toBe('completed');
    expect(result.steps.at(-1)).toMatchObject({ node: 'goal', outcome: 'completed', reason: 'reached the goal without its event upgraded' });
  });

  test('a goal with neither event nor condition reached along the path is completed', () => {
    expect(run(journey({}), { events: [signUp] }).status).toBe('completed');
  });

  test('the goal event done since entering, before reaching the goal, converts on arrival', () => {
    const result = run(journey({ event: 'upgraded' }), { events: [signUp, { at: '1h', event: 'upgraded', properties: {} }] });
    // Doing the goal event converts at once, wherever the contact waits.
    expect(result.status).toBe('converted');
    expect(result.messages).toEqual([]);
  });

  test('the goal event done before entering does not count; within its window it does', () => {
    const before = { at: '0s', event: 'upgraded', properties: {} };
    const late = { at: '2h', event: 'signed_up', properties: {} };
    expect(run(journey({ event: 'upgraded' }), { events: [before, late] }).status).toBe('completed');
    expect(run(journey({ event: 'upgraded', within: '3d' }), { events: [before, late] }).status).toBe('converted');
    expect(run(journey({ event: 'upgraded', within: '1h' }), { events: [before, late] }).status).toBe('completed');
  });

  test('a goal condition true on arrival converts; false, completes', () => {
    const condition = { attribute: 'plan', op: 'eq', value: 'pro' };
    const pro = { ...shopper, attributes: { plan: 'pro' } };
    expect(run(journey({ condition }), { contact: pro, events: [signUp] }).steps.at(-1)).toMatchObject({ outcome: 'converted', reason: 'goal condition met' });
    expect(run(journey({ condition }), { events: [signUp] }).status).toBe('completed');
  });

  test('a contact who received nothing (no consent) and reached the goal did not convert', () => {
    const result = run(journey({ event: 'upgraded' }), { contact: { ...shopper, consents: {} }, events: [signUp] });
    expect(result.steps.find((s) => s.node === 'mail')?.outcome).toBe('skipped');
    expect(result.status).toBe('completed');
  });

  test('a goal without event reached straight from a wait whose event happened converts', () => {
    const waitForOrder = scenarioOf(
      [
        { id: 'start', type: 'entry.api' },
        { id: 'wait', type: 'wait.event', config: { event: 'ordered', timeout: '1d' } },
        { id: 'won', type: 'flow.goal' },
        { id: 'lost', type: 'flow.goal' },
      ],
      ['start>wait', 'wait:happened>won', 'wait:timedOut>lost'],
    );
    expect(run(waitForOrder, { events: [{ at: '2h', event: 'ordered', properties: {} }] }).status).toBe('converted');
    expect(run(waitForOrder, { events: [] }).status).toBe('completed');
  });
});

describe('marketing pressure and consent', () => {
  const series = (settings: object, onCap = 'skip') =>
    scenarioOf(
      [
        { id: 'start', type: 'entry.api' },
        { id: 'first', type: 'action.email', config: { template: 'a', onCap } },
        { id: 'pause', type: 'wait.delay', config: { duration: '1h' } },
        { id: 'second', type: 'action.email', config: { template: 'b', onCap } },
        { id: 'sms', type: 'action.sms', config: { template: 'text' } },
        { id: 'end', type: 'flow.exit' },
      ],
      ['start>first', 'first>pause', 'pause>second', 'second>sms', 'sms>end'],
      { templates: [email('a'), email('b'), { id: 'text', channel: 'sms', text: 'Hi' }], settings },
    );

  test('a send without consent is skipped and the trace says why', () => {
    const result = run(series({}), { contact: { ...shopper, consents: { email: true } } });
    expect(result.messages.map((m) => m.channel)).toEqual(['email', 'email']);
    expect(result.steps.find((s) => s.node === 'sms')).toMatchObject({ outcome: 'skipped', reason: 'no consent for sms' });
  });

  test('consent is not needed on a channel the scenario marks as not requiring it', () => {
    const result = run(series({ consentRequired: { sms: false } }), {});
    expect(result.messages.map((m) => m.channel)).toEqual(['email', 'email', 'sms']);
  });

  test('a frequency cap skips a send, naming the cap', () => {
    const result = run(series({ frequencyCaps: [{ channel: 'email', max: 1, per: '1d' }] }), {});
    expect(result.messages.map((m) => m.template)).toEqual(['a']);
    expect(result.steps.find((s) => s.node === 'second')).toMatchObject({ outcome: 'skipped', reason: 'scenario cap of 1 email per 1d reached' });
  });

  test('a capped send set to defer goes out when the cap frees up', () => {
    const result = run(series({ frequencyCaps: [{ channel: 'email', max: 1, per: '1d' }] }, 'defer'), {});
    expect(result.messages.map((m) => [m.template, iso(m.at)])).toEqual([
      ['a', '2026-01-05T08:00:00.000Z'],
      ['b', '2026-01-06T08:00:00.000Z'],
    ]);
  });

  test('global caps count the messages of other scenarios', () => {
    const policy = { frequencyCaps: [{ channel: 'email' as const, max: 1, per: '7d' }] };
    const result = run(series({}), { policy });
    expect(result.messages.map((m) => m.template)).toEqual(['a']);
    expect(result.steps.find((s) => s.node === 'second')?.reason).toBe('global cap of 1 email per 7d reached');
  });

  test('quiet hours defer a send to their end in the contact time zone', () => {
    // 08:00 UTC is 17:00 in Tokyo; quiet from 16:00 to 09:00 there.
    const result = run(series({ quietHours: { start: '16:00', end: '09:00' } }), { contact: { ...shopper, timeZone: 'Asia/Tokyo' } });
    expect(result.steps.find((s) => s.node === 'first')).toMatchObject({ outcome: 'deferred', reason: 'quiet hours 16:00-09:00' });
    expect(iso(result.messages[0].at)).toBe('2026-01-06T00:00:00.000Z');
  });
});

describe('time zones and windows', () => {
  const waitUntil = (config: object) =>
    scenarioOf(
      [
        { id: 'start', type: 'entry.api' },
        { id: 'wait', type: 'wait.until', config },
        { id: 'end', type: 'flow.exit' },
      ],
      ['start>wait', 'wait>end'],
    );
  const endedAt = (result: ReturnType<typeof run>) => iso(result.steps.at(-1)!.at);

  test('wait until a time of day uses the contact time zone', () => {
    expect(endedAt(run(waitUntil({ time: '09:00' }), { contact: { ...shopper, timeZone: 'America/New_York' } }))).toBe('2026-01-05T14:00:00.000Z');
    // The start, 08:00 UTC, is 09:00 in Paris: the wait is for the next 09:00, a day later, not for now.
    expect(endedAt(run(waitUntil({ time: '09:00' }), { contact: { ...shopper, timeZone: 'Europe/Paris' } }))).toBe('2026-01-06T08:00:00.000Z');
  });

  test('wait until a date held in an attribute, with an offset', () => {
    const contact = { ...shopper, attributes: { renewal_date: '2026-02-10' } };
    const result = run(waitUntil({ attribute: 'renewal_date', offsetDays: -7, time: '10:00' }), { contact });
    expect(endedAt(result)).toBe('2026-02-03T09:00:00.000Z');
  });

  test('a time window lets a contact through at the next allowed slot', () => {
    const windowed = scenarioOf(
      [
        { id: 'start', type: 'entry.api' },
        { id: 'window', type: 'wait.window', config: { days: ['sat', 'sun'], start: '10:00', end: '12:00' } },
        { id: 'end', type: 'flow.exit' },
      ],
      ['start>window', 'window>end'],
    );
    expect(endedAt(run(windowed, {}))).toBe('2026-01-10T09:00:00.000Z');
    expect(run(windowed, { start: '2026-01-10T09:30:00Z' }).steps[1]).toMatchObject({ outcome: 'resumed', reason: 'inside the time window' });
  });
});

describe('entries and re-entry', () => {
  const segment = (reentry: object) =>
    scenarioOf(
      [
        { id: 'vip', type: 'entry.segment', config: { condition: { attribute: 'tier', op: 'eq', value: 'gold' } } },
        { id: 'hello', type: 'action.email', config: { template: 'hello' } },
        { id: 'end', type: 'flow.exit' },
      ],
      ['vip>hello', 'hello>end'],
      { templates: [email('hello')], settings: { reentry } },
    );
  const tiers = ['gold', 'silver', 'gold'].map((tier, i) => ({ at: `${i + 1}d`, attributes: { tier } }));

  test('a segment entry fires when the attributes start matching, once by default', () => {
    const result = run(segment({ policy: 'never' }), { events: tiers });
    expect(result.passes).toBe(1);
    expect(iso(result.messages[0].at)).toBe('2026-01-06T08:00:00.000Z');
  });

  test('re-entry "always" enters again each time the condition starts to hold, passes kept apart', () => {
    const result = run(segment({ policy: 'always' }), { events: tiers });
    expect(result.passes).toBe(2);
    expect(result.steps.filter((s) => s.node === 'vip').map((s) => s.pass)).toEqual([1, 2]);
  });

  test('re-entry "after" waits the given time since the last entry', () => {
    expect(run(segment({ policy: 'after', after: '3d' }), { events: tiers }).passes).toBe(1);
    expect(run(segment({ policy: 'after', after: '1d' }), { events: tiers }).passes).toBe(2);
  });

  test('a birthday entry fires at 09:00 local on the next anniversary', () => {
    const birthday = scenarioOf(
      [
        { id: 'bday', type: 'entry.date', config: { attribute: 'birthday', at: '09:00' } },
        { id: 'end', type: 'flow.exit' },
      ],
      ['bday>end'],
    );
    const result = run(birthday, { contact: { ...shopper, attributes: { birthday: '1990-02-14' } } });
    expect(iso(result.steps[0].at)).toBe('2026-02-14T08:00:00.000Z');
  });

  test('events before the start are history that conditions see, and trigger nothing', () => {
    const pricing = scenarioOf(
      [
        { id: 'start', type: 'entry.event', config: { event: 'trial_started' } },
        { id: 'seen', type: 'branch.condition', config: { condition: { event: 'page_viewed', where: [{ property: 'page', op: 'eq', value: 'pricing' }], within: '7d' } } },
        { id: 'sales', type: 'flow.exit' },
        { id: 'nurture', type: 'flow.exit' },
      ],
      ['start>seen', 'seen:yes>sales', 'seen:no>nurture'],
    );
    const viewed = { at: '2026-01-01T10:00:00Z', event: 'page_viewed', properties: { page: 'pricing' } };
    const trial = { at: '1h', event: 'trial_started', properties: {} };
    expect(pathOf(run(pricing, { events: [viewed, trial] }))).toEqual(['start', 'seen', 'sales']);
    expect(pathOf(run(pricing, { events: [trial], start: '2026-01-20T08:00:00Z' }))).toEqual(['start', 'seen', 'nurture']);
  });
});

describe('waiting for a condition, actions that change facts', () => {
  const loyalty = scenarioOf(
    [
      { id: 'start', type: 'entry.api' },
      { id: 'gold', type: 'wait.condition', config: { condition: { attribute: 'loyalty_tier', op: 'eq', value: 'gold' }, timeout: '10d' } },
      { id: 'score', type: 'action.score', config: { delta: 15 } },
      { id: 'high', type: 'branch.condition', config: { condition: { attribute: 'score', op: 'gte', value: 20 } } },
      { id: 'vip', type: 'action.list', config: { list: 'vip', op: 'add' } },
      { id: 'in_vip', type: 'branch.condition', config: { condition: { inList: 'vip' } } },
      { id: 'yes', type: 'flow.exit' },
      { id: 'no', type: 'flow.exit' },
      { id: 'late', type: 'flow.exit' },
    ],
    ['start>gold', 'gold:met>score', 'gold:timedOut>late', 'score>high', 'high:yes>vip', 'high:no>no', 'vip>in_vip', 'in_vip:yes>yes', 'in_vip:no>no'],
  );

  test('met when an attribute change makes it true; the score and list updates are seen by later branches', () => {
    const contact = { ...shopper, attributes: { score: 10 } };
    const result = run(loyalty, { contact, events: [{ at: '2d', attributes: { loyalty_tier: 'gold' } }] });
    expect(pathOf(result)).toEqual(['start', 'gold', 'score', 'high', 'vip', 'in_vip', 'yes']);
    expect(result.steps.find((s) => s.node === 'score')?.reason).toBe('score +15 = 25');
  });

  test('times out when the condition never holds', () => {
    const result = run(loyalty, { events: [{ at: '2d', attributes: { loyalty_tier: 'silver' } }] });
    expect(pathOf(result)).toEqual(['start', 'gold', 'late']);
    expect(iso(result.steps.at(-1)!.at)).toBe('2026-01-15T08:00:00.000Z');
  });
});

describe('random split', () => {
  const ab = scenarioOf(
    [
      { id: 'start', type: 'entry.api' },
      { id: 'split', type: 'branch.split', config: { variants: [{ id: 'a', percent: 45 }, { id: 'b', percent: 45 }, { id: 'control', percent: 10, control: true }] } },
      { id: 'end_a', type: 'flow.exit' },
      { id: 'end_b', type: 'flow.exit' },
      { id: 'held_out', type: 'flow.exit' },
    ],
    ['start>split', 'split:a>end_a', 'split:b>end_b', 'split:control>held_out'],
  );
  const armOf = (id: string) => run(ab, { contact: { ...shopper, id } }).steps[1].output;

  test('is deterministic per contact and close to the percentages over many contacts', () => {
    const counts: Record<string, number> = { a: 0, b: 0, control: 0 };
    for (let i = 0; i < 4000; i++) counts[armOf(`contact-${i}`)!]++;
    expect(counts.a / 4000).toBeGreaterThan(0.41);
    expect(counts.a / 4000).toBeLessThan(0.49);
    expect(counts.control / 4000).toBeGreaterThan(0.08);
    expect(counts.control / 4000).toBeLessThan(0.12);
    expect(armOf('contact-7')).toBe(armOf('contact-7'));
  });
});

describe('segment entry', () => {
  const churn = scenarioOf(
    [
      { id: 'risk', type: 'entry.segment', config: { condition: { attribute: 'churn_risk', op: 'eq', value: 'high' } } },
      { id: 'end', type: 'flow.exit' },
    ],
    ['risk>end'],
    { settings: { reentry: { policy: 'always' } } },
  );

  test('fires when the condition starts to hold, not on every event while it holds', () => {
    const contact = { ...shopper, attributes: { churn_risk: 'high' } };
    const events = [
      { at: '1d', event: 'page_viewed', properties: {} },
      { at: '3d', event: 'page_viewed', properties: {} },
    ];
    expect(run(churn, { contact, events }).passes).toBe(1);
    const flapping = [...events, { at: '4d', attributes: { churn_risk: 'low' } }, { at: '5d', attributes: { churn_risk: 'high' } }];
    expect(run(churn, { contact, events: flapping }).passes).toBe(2);
  });
});

describe('A/B variants sent once', () => {
  const ab = (once: boolean) =>
    scenarioOf(
      [
        { id: 'bought', type: 'entry.event', config: { event: 'order_completed' } },
        { id: 'split', type: 'branch.split', config: { variants: [{ id: 'a', percent: 50 }, { id: 'b', percent: 50 }] } },
        { id: 'offer_a', type: 'action.email', config: { template: 'offer_a', once } },
        { id: 'offer_b', type: 'action.email', config: { template: 'offer_b', once } },
        { id: 'end', type: 'flow.exit' },
      ],
      ['bought>split', 'split:a>offer_a', 'split:b>offer_b', 'offer_a>end', 'offer_b>end'],
      { templates: [email('offer_a'), email('offer_b')], settings: { reentry: { policy: 'always' } } },
    );
  const twoOrders = [
    { at: '1h', event: 'order_completed', properties: {} },
    { at: '30d', event: 'order_completed', properties: {} },
  ];

  test('a contact who re-enters keeps its arm and does not get the same variant again', () => {
    const result = run(ab(true), { events: twoOrders });
    expect(result.passes).toBe(2);
    expect(result.messages).toHaveLength(1);
    const arm = result.steps.find((s) => s.node === 'split')!.output!;
    const second = result.steps.filter((s) => s.pass === 2);
    expect(second.find((s) => s.node === 'split')?.output).toBe(arm);
    expect(second.find((s) => s.node === `offer_${arm}`)).toMatchObject({ outcome: 'skipped', rule: 'repeat', reason: `already received template offer_${arm}` });
  });

  test('without "once" the variant is sent on every pass', () => {
    expect(run(ab(false), { events: twoOrders }).messages).toHaveLength(2);
  });
});
