import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContactProfile, DEFAULT_SIMULATION_START, parseDuration, splitArmOf, type TimelineEntry } from '@parcours/shared';
import { harness, publishScenario, type Harness } from '../server/test/helpers.ts';
import { parsedScenario, replay, serverPasses, simulatedPasses, simulatedResult, type ReplayOptions } from '../server/test/replay.ts';

/**
 * Journey patterns (issue 6): for each case the server (HTTP API, real SQLite, the scheduler's
 * manual clock) and simulate() give the same trace, messages and status, AND both match the path
 * worked out by hand below, so that two engines wrong in the same way cannot pass.
 */

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const START = Date.parse(DEFAULT_SIMULATION_START);
/** How long every case runs its clock unless it says otherwise. */
const UNTIL = '20d';

/** "1d4h10m" for an instant 1 day 4 hours 10 minutes after the start of the case. */
function offset(at: number): string {
  let minutes = Math.round((at - START) / 60_000);
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  return [days ? `${days}d` : '', hours ? `${hours}h` : '', minutes || (!days && !hours) ? `${minutes}m` : ''].join('');
}

type Step = { at: number; node: string; outcome: string; output?: string };
/** A trace as lines "when node outcome [output]", the form the expectations below are written in. */
const trail = (steps: ReadonlyArray<Step>) => steps.map((s) => [offset(s.at), s.node, s.outcome, s.output].filter(Boolean).join(' '));
const sends = (messages: ReadonlyArray<{ at: number; template?: string }>) => messages.map((m) => `${offset(m.at)} ${m.template}`);

const email = (id: string) => ({ id, channel: 'email', subject: `Subject of ${id}`, html: `<p>${id}</p>` });
const node = (id: string, type: string, config: object = {}) => ({ id, type, config });
const edges = (...list: Array<[string, string, string]>) => list.map(([source, sourceHandle, target], i) => ({ id: `e${i + 1}`, source, sourceHandle, target }));

function scenarioFile(id: string, parts: { nodes: object[]; edges: object[]; templates: string[]; settings?: object }) {
  return { schemaVersion: 1, id, name: id, settings: { defaultTimeZone: 'UTC', ...parts.settings }, templates: parts.templates.map(email), nodes: parts.nodes, edges: parts.edges };
}

const contact = (id = 'ana', attributes: Record<string, string> = {}) => ContactProfile.parse({ id, attributes: { email: `${id}@example.test`, ...attributes }, consents: { email: true } });
const event = (at: string, name: string, properties: Record<string, string | number> = {}): TimelineEntry => ({ at, event: name, properties });

interface Expected {
  trail: string[];
  sends: string[];
  status: 'active' | 'exited' | 'converted' | 'not_entered';
}

/** Publishes the scenario, replays the case on the server, and checks server = simulator = the hand-made expectation. */
async function checkCase(file: object, testCase: { contact: ContactProfile; events: TimelineEntry[]; until?: string }, expected: Expected, options?: ReplayOptions) {
  const scenario = parsedScenario(file);
  const tc = { ...testCase, until: testCase.until ?? UNTIL };
  await publishScenario(h, file);
  const server = await replay(h, scenario, tc, options);
  const simulated = simulatedResult(scenario, tc);
  expect(server).toEqual(simulated);
  expect(trail(server.steps)).toEqual(expected.trail);
  expect(sends(server.messages)).toEqual(expected.sends);
  expect(server.status).toBe(expected.status);
  return server;
}

describe('1. event entry, then waits for an event with a timeout (abandoned cart)', () => {
  const cart = scenarioFile('cart-pattern', {
    templates: ['cart_reminder', 'cart_discount'],
    nodes: [
      node('cart', 'entry.event', { event: 'cart_abandoned' }),
      node('wait_4h', 'wait.event', { event: 'order_completed', timeout: '4h' }),
      node('reminder', 'action.email', { template: 'cart_reminder' }),
      node('wait_1d', 'wait.event', { event: 'order_completed', timeout: '1d' }),
      node('discount', 'action.email', { template: 'cart_discount' }),
      node('bought', 'flow.goal'),
      node('gave_up', 'flow.exit'),
    ],
    edges: edges(
      ['cart', 'next', 'wait_4h'],
      ['wait_4h', 'happened', 'bought'],
      ['wait_4h', 'timedOut', 'reminder'],
      ['reminder', 'next', 'wait_1d'],
      ['wait_1d', 'happened', 'bought'],
      ['wait_1d', 'timedOut', 'discount'],
      ['discount', 'next', 'gave_up'],
    ),
  });
  const entered = ['10m cart entered next', '10m wait_4h waiting'];
  const reminded = ['4h10m wait_4h timed_out timedOut', '4h10m reminder sent next', '4h10m wait_1d waiting'];
  const noOrder = [...entered, ...reminded, '1d4h10m wait_1d timed_out timedOut', '1d4h10m discount sent next', '1d4h10m gave_up exited'];
  const bothEmails = ['4h10m cart_reminder', '1d4h10m cart_discount'];

  const CASES: Record<string, { order: string; expected: Expected }> = {
    'the purchase before the cart event: it does not count, both emails go': { order: '5m', expected: { trail: noOrder, sends: bothEmails, status: 'exited' } },
    'the purchase during the first wait: converted, no email': {
      order: '2h',
      expected: { trail: [...entered, '2h wait_4h resumed happened', '2h bought converted'], sends: [], status: 'converted' },
    },
    'the purchase exactly at the first deadline: the event wins over the timer': {
      order: '4h10m',
      expected: { trail: [...entered, '4h10m wait_4h resumed happened', '4h10m bought converted'], sends: [], status: 'converted' },
    },
    'the purchase a minute after the first deadline: the reminder went, the second wait catches it': {
      order: '4h11m',
      expected: { trail: [...entered, ...reminded, '4h11m wait_1d resumed happened', '4h11m bought converted'], sends: ['4h10m cart_reminder'], status: 'converted' },
    },
    'the purchase during the second wait: reminder only': {
      order: '12h',
      expected: { trail: [...entered, ...reminded, '12h wait_1d resumed happened', '12h bought converted'], sends: ['4h10m cart_reminder'], status: 'converted' },
    },
    'the purchase exactly at the second deadline: converted, no discount': {
      order: '1d4h10m',
      expected: { trail: [...entered, ...reminded, '1d4h10m wait_1d resumed happened', '1d4h10m bought converted'], sends: ['4h10m cart_reminder'], status: 'converted' },
    },
    'the purchase after everything: it changes nothing': { order: '3d', expected: { trail: noOrder, sends: bothEmails, status: 'exited' } },
  };

  it.each(Object.entries(CASES))('%s', async (_name, { order, expected }) => {
    const events = [event('10m', 'cart_abandoned', { cart_total: 80 }), event(order, 'order_completed', { total: 80 })];
    await checkCase(cart, { contact: contact(), events }, expected);
  });

  it('a second cart event while the contact waits neither re-enters nor moves the wait', async () => {
    const events = [event('10m', 'cart_abandoned', { cart_total: 80 }), event('1h', 'cart_abandoned', { cart_total: 200 }), event('1d', 'order_completed', { total: 200 })];
    const server = await checkCase(cart, { contact: contact(), events }, {
      trail: [...entered, ...reminded, '1d wait_1d resumed happened', '1d bought converted'],
      sends: ['4h10m cart_reminder'],
      status: 'converted',
    });
    expect(server.passes).toBe(1);
  });
});

describe('2. waits for a condition with a timeout (loyalty_tier = gold within 10d)', () => {
  const loyalty = scenarioFile('loyalty-pattern', {
    templates: ['gold_welcome', 'gold_nudge'],
    nodes: [
      node('joined', 'entry.event', { event: 'joined_programme' }),
      node('wait_gold', 'wait.condition', { condition: { attribute: 'loyalty_tier', op: 'eq', value: 'gold' }, timeout: '10d' }),
      node('congrats', 'action.email', { template: 'gold_welcome' }),
      node('nudge', 'action.email', { template: 'gold_nudge' }),
      node('done_gold', 'flow.exit'),
      node('done_nudge', 'flow.exit'),
    ],
    edges: edges(['joined', 'next', 'wait_gold'], ['wait_gold', 'met', 'congrats'], ['wait_gold', 'timedOut', 'nudge'], ['congrats', 'next', 'done_gold'], ['nudge', 'next', 'done_nudge']),
  });
  const joined = event('1h', 'joined_programme');
  const tier = (at: string, value: string): TimelineEntry => ({ at, attributes: { loyalty_tier: value } });
  const waiting = ['1h joined entered next', '1h wait_gold waiting'];
  const metAt = (at: string) => [`${at} wait_gold resumed met`, `${at} congrats sent next`, `${at} done_gold exited`];
  const timedOut = ['10d1h wait_gold timed_out timedOut', '10d1h nudge sent next', '10d1h done_nudge exited'];

  it.each([['put'], ['identify']] as const)('met on day 3 by an attribute change (server: %s)', async (via) => {
    await checkCase(loyalty, { contact: contact(), events: [joined, tier('3d', 'gold')] }, { trail: [...waiting, ...metAt('3d')], sends: ['3d gold_welcome'], status: 'exited' }, { attributesVia: via });
  });

  it.each([['put'], ['identify']] as const)('never met: silver on day 3, timed out after 10 days (server: %s)', async (via) => {
    await checkCase(loyalty, { contact: contact(), events: [joined, tier('3d', 'silver')] }, { trail: [...waiting, ...timedOut], sends: ['10d1h gold_nudge'], status: 'exited' }, { attributesVia: via });
  });

  it('already gold on entry: goes on at once', async () => {
    const server = await checkCase(loyalty, { contact: contact('ana', { loyalty_tier: 'gold' }), events: [joined] }, { trail: ['1h joined entered next', ...metAt('1h')], sends: ['1h gold_welcome'], status: 'exited' });
    expect(server.steps[1].reason).toBe('the condition already holds');
  });

  it('met exactly at the deadline: the change wins over the timer', async () => {
    await checkCase(loyalty, { contact: contact(), events: [joined, tier('10d1h', 'gold')] }, { trail: [...waiting, ...metAt('10d1h')], sends: ['10d1h gold_welcome'], status: 'exited' });
  });

  it('met after the timeout: too late, it changes nothing', async () => {
    await checkCase(loyalty, { contact: contact(), events: [joined, tier('11d', 'gold')] }, { trail: [...waiting, ...timedOut], sends: ['10d1h gold_nudge'], status: 'exited' });
  });
});

describe('3. re-entry: each pass is kept apart', () => {
  const visits = (policy: object) =>
    scenarioFile('visits-pattern', {
      settings: { reentry: policy },
      templates: ['hello', 'follow_up'],
      nodes: [
        node('visit', 'entry.event', { event: 'visited' }),
        node('hello', 'action.email', { template: 'hello' }),
        node('pause', 'wait.delay', { duration: '1d' }),
        node('follow', 'action.email', { template: 'follow_up' }),
        node('done', 'flow.exit'),
      ],
      edges: edges(['visit', 'next', 'hello'], ['hello', 'next', 'pause'], ['pause', 'next', 'follow'], ['follow', 'next', 'done']),
    });
  /** One full pass entered `days` and `hours` after the start: its trail and its two emails, worked out by hand. */
  const pass = (days: number, hours: number) => {
    const at = (d: number) => [d ? `${d}d` : '', hours ? `${hours}h` : ''].join('') || '0m';
    return {
      trail: [`${at(days)} visit entered next`, `${at(days)} hello sent next`, `${at(days)} pause waiting`, `${at(days + 1)} pause resumed next`, `${at(days + 1)} follow sent next`, `${at(days + 1)} done exited`],
      sends: [`${at(days)} hello`, `${at(days + 1)} follow_up`],
    };
  };

  const CASES: Record<string, { policy: object; visits: string[]; passes: Array<[number, number]> }> = {
    // 1d1h: pass 1 still waits at that instant (an event comes before a timer due at the same time); 2d12h: pass 2 is active.
    always: { policy: { policy: 'always' }, visits: ['1h', '1d1h', '2d', '2d12h', '5d'], passes: [[0, 1], [2, 0], [5, 0]] },
    // 1d12h: finished but within 2 days of the first entry; 2d1h: exactly 2 days after it; 3d: pass 2 is active; 4d2h: past 2d1h + 2d.
    'after 2d': { policy: { policy: 'after', after: '2d' }, visits: ['1h', '1d12h', '2d1h', '3d', '4d2h'], passes: [[0, 1], [2, 1], [4, 2]] },
    never: { policy: { policy: 'never' }, visits: ['1h', '3d'], passes: [[0, 1]] },
  };

  it.each(Object.entries(CASES))('re-entry %s', async (_name, c) => {
    const file = visits(c.policy);
    const expected = c.passes.map(([d, hr]) => pass(d, hr));
    const tc = { contact: contact(), events: c.visits.map((at) => event(at, 'visited')) };
    const server = await checkCase(file, tc, { trail: expected.flatMap((p) => p.trail), sends: expected.flatMap((p) => p.sends), status: 'exited' });
    expect(server.passes).toBe(c.passes.length);

    // Pass by pass: the server's enrolments carry the same numbers, steps and messages as the simulator's `pass`.
    const byPass = serverPasses(h, 'ana');
    expect(byPass).toEqual(simulatedPasses(parsedScenario(file), { ...tc, until: UNTIL }));
    expect(byPass.map((p) => p.pass)).toEqual(c.passes.map((_, i) => i + 1));
    expect(byPass.map((p) => trail(p.steps))).toEqual(expected.map((p) => p.trail));
    expect(byPass.map((p) => p.messages.length)).toEqual(c.passes.map(() => 2));
    expect(byPass.map((p) => p.status)).toEqual(c.passes.map(() => 'exited'));

    // The contact's timeline over HTTP: every visit is there, and one entry per pass.
    const timeline = await h.call('GET', '/contacts/ana/timeline');
    expect(timeline.status).toBe(200);
    const items: Array<{ kind: string; outcome?: string; event?: string }> = timeline.body.items;
    expect(items.filter((i) => i.kind === 'event' && i.event === 'visited')).toHaveLength(c.visits.length);
    expect(items.filter((i) => i.kind === 'step' && i.outcome === 'entered')).toHaveLength(c.passes.length);
    expect(items.filter((i) => i.kind === 'message')).toHaveLength(2 * c.passes.length);
  });
});

describe('4. events shortly before the entry are visible to an event-history branch', () => {
  const pricing = scenarioFile('pricing-pattern', {
    templates: ['sales_call', 'nurture'],
    nodes: [
      node('signup', 'entry.event', { event: 'signed_up' }),
      node('saw_pricing', 'branch.condition', { condition: { event: 'page_viewed', where: [{ property: 'path', op: 'eq', value: '/pricing' }], within: '7d' } }),
      node('sales', 'action.email', { template: 'sales_call' }),
      node('nurture', 'action.email', { template: 'nurture' }),
      node('done_sales', 'flow.exit'),
      node('done_nurture', 'flow.exit'),
    ],
    edges: edges(['signup', 'next', 'saw_pricing'], ['saw_pricing', 'yes', 'sales'], ['saw_pricing', 'no', 'nurture'], ['sales', 'next', 'done_sales'], ['nurture', 'next', 'done_nurture']),
  });
  const page = (at: string, path: string) => event(at, 'page_viewed', { path });
  const path = (at: string, yes: boolean) => [
    `${at} signup entered next`,
    `${at} saw_pricing branched ${yes ? 'yes' : 'no'}`,
    `${at} ${yes ? 'sales' : 'nurture'} sent next`,
    `${at} done_${yes ? 'sales' : 'nurture'} exited`,
  ];

  const CASES: Record<string, { events: TimelineEntry[]; signup: string; yes: boolean }> = {
    'viewed pricing the day before signing up': { events: [page('1h', '/pricing'), event('1d2h', 'signed_up')], signup: '1d2h', yes: true },
    'viewed pricing at the same instant, just before the sign-up': { events: [page('1h', '/pricing'), event('1h', 'signed_up')], signup: '1h', yes: true },
    'viewed pricing exactly 7 days before (the window includes its edge)': { events: [page('1h', '/pricing'), event('7d1h', 'signed_up')], signup: '7d1h', yes: true },
    'viewed pricing 8 days before: too old': { events: [page('1h', '/pricing'), event('8d2h', 'signed_up')], signup: '8d2h', yes: false },
    'viewed the blog only: the property filter holds it out': { events: [page('1h', '/blog'), event('1d2h', 'signed_up')], signup: '1d2h', yes: false },
    'viewed pricing only after signing up: the branch was already taken': { events: [event('1h', 'signed_up'), page('2h', '/pricing')], signup: '1h', yes: false },
  };

  it.each(Object.entries(CASES))('%s', async (_name, c) => {
    await checkCase(pricing, { contact: contact(), events: c.events }, { trail: path(c.signup, c.yes), sends: [`${c.signup} ${c.yes ? 'sales_call' : 'nurture'}`], status: 'exited' });
  });
});

describe('5. A/B split into `once` email variants, with re-entry', () => {
  const abFile = (once: boolean) =>
    scenarioFile('ab-pattern', {
      settings: { reentry: { policy: 'always' } },
      templates: ['offer_a', 'offer_b'],
      nodes: [
        node('visit', 'entry.event', { event: 'visited' }),
        node('split', 'branch.split', { variants: [{ id: 'a', percent: 50 }, { id: 'b', percent: 50 }] }),
        node('offer_a', 'action.email', { template: 'offer_a', once }),
        node('offer_b', 'action.email', { template: 'offer_b', once }),
        node('done', 'flow.exit'),
      ],
      edges: edges(['visit', 'next', 'split'], ['split', 'a', 'offer_a'], ['split', 'b', 'offer_b'], ['offer_a', 'next', 'done'], ['offer_b', 'next', 'done']),
    });
  const variants = [{ id: 'a', percent: 50 }, { id: 'b', percent: 50 }];
  /** The first contact id (lea-0, lea-1...) the split sends to `arm`: one contact per arm. */
  const contactIn = (arm: string) => {
    for (let i = 0; ; i++) if (splitArmOf(variants, `lea-${i}`, 'split') === arm) return `lea-${i}`;
  };
  const passTrail = (at: string, arm: string, sent: boolean) => [
    `${at} visit entered next`,
    `${at} split branched ${arm}`,
    `${at} offer_${arm} ${sent ? 'sent' : 'skipped'} next`,
    `${at} done exited`,
  ];

  // The second visit comes 2 days later, and once 30 days later: past any frequency-cap window.
  it.each([
    ['a', '2d'],
    ['b', '2d'],
    ['a', '30d'],
  ])('arm %s, second pass %s later: the variant is skipped the second time', async (arm, second) => {
    const id = contactIn(arm);
    const tc = { contact: contact(id), events: [event('1h', 'visited'), event(second, 'visited')], until: '40d' };
    const server = await checkCase(abFile(true), tc, {
      trail: [...passTrail('1h', arm, true), ...passTrail(second, arm, false)],
      sends: [`1h offer_${arm}`],
      status: 'exited',
    });
    const skipped = server.steps.find((s) => s.outcome === 'skipped');
    expect(skipped).toMatchObject({ node: `offer_${arm}`, rule: 'repeat', reason: `already received template offer_${arm}` });
    const byPass = serverPasses(h, id);
    expect(byPass).toEqual(simulatedPasses(parsedScenario(abFile(true)), tc));
    expect(byPass.map((p) => p.messages.length)).toEqual([1, 0]);
  });

  it('without `once` the second pass sends the variant again', async () => {
    const id = contactIn('b');
    const tc = { contact: contact(id), events: [event('1h', 'visited'), event('2d', 'visited')] };
    await checkCase(abFile(false), tc, { trail: [...passTrail('1h', 'b', true), ...passTrail('2d', 'b', true)], sends: ['1h offer_b', '2d offer_b'], status: 'exited' });
  });
});

describe('6. segment entry: the contact enters when the condition becomes true, also as time passes', () => {
  const segmentFile = (id: string, condition: object) =>
    scenarioFile(id, {
      templates: ['come_back'],
      nodes: [node('lapsed', 'entry.segment', { condition }), node('come_back', 'action.email', { template: 'come_back' }), node('done', 'flow.exit')],
      edges: edges(['lapsed', 'next', 'come_back'], ['come_back', 'next', 'done']),
    });
  const enters = (at: string) => [`${at} lapsed entered next`, `${at} come_back sent next`, `${at} done exited`];

  it('"ordered within 365 days and not within 30": an order on day 0 enters the contact 30 days later, not on a later page view', async () => {
    const file = segmentFile('ordered-not-lately', { all: [{ event: 'order', within: '365d' }, { not: { event: 'order', within: '30d' } }] });
    const tc = { contact: contact('olga'), events: [event('1h', 'order'), event('40d', 'page_viewed')], until: '60d' };
    const server = await checkCase(file, tc, { trail: enters('30d1h'), sends: ['30d1h come_back'], status: 'exited' });
    // The window moves past the order one millisecond after its 30 days.
    expect(server.steps[0].at).toBe(START + parseDuration('1h') + parseDuration('30d') + 1);
  });

  it('an inactivity segment ("has ordered, but not within 60 days") enters by the passage of time alone', async () => {
    const file = segmentFile('lapsed-buyers', { all: [{ event: 'order' }, { not: { event: 'order', within: '60d' } }] });
    const tc = { contact: contact('ivan'), events: [event('1d', 'order')], until: '90d' };
    await checkCase(file, tc, { trail: enters('61d'), sends: ['61d come_back'], status: 'exited' });
  });

  it('a new order before the window ends moves the re-check: the contact enters 60 days after the last order', async () => {
    const file = segmentFile('lapsed-buyers', { all: [{ event: 'order' }, { not: { event: 'order', within: '60d' } }] });
    const tc = { contact: contact('ines'), events: [event('1d', 'order'), event('50d', 'order')], until: '120d' };
    await checkCase(file, tc, { trail: enters('110d'), sends: ['110d come_back'], status: 'exited' });
  });

  it('a condition that holds already when the contact changes does not enter it again', async () => {
    const file = segmentFile('vip', { attribute: 'tier', op: 'eq', value: 'vip' });
    const tc = { contact: contact('vera'), events: [{ at: '1h', attributes: { tier: 'vip' } }, event('2h', 'page_viewed'), { at: '3h', attributes: { city: 'Lyon' } }] };
    await checkCase(file, tc, { trail: enters('1h'), sends: ['1h come_back'], status: 'exited' });
  });
});

describe('7. identity merge: the visitor\'s behaviour follows it into the known contact', () => {
  const nurture = scenarioFile('nurture-pattern', {
    templates: ['offer'],
    nodes: [
      node('viewed', 'entry.event', { event: 'page_viewed' }),
      node('score', 'action.score', { attribute: 'score', delta: 1 }),
      node('wait_1d', 'wait.delay', { duration: '1d' }),
      node('valuable', 'branch.condition', { condition: { attribute: 'score', op: 'gte', value: 4 } }),
      node('offer', 'action.email', { template: 'offer' }),
      node('done', 'flow.exit'),
    ],
    edges: edges(['viewed', 'next', 'score'], ['score', 'next', 'wait_1d'], ['wait_1d', 'next', 'valuable'], ['valuable', 'yes', 'offer'], ['valuable', 'no', 'done'], ['offer', 'next', 'done']),
  });
  const visitor = ContactProfile.parse({ id: 'anon:v-42' });
  const known = { attributes: { email: 'kim@example.test', score: 3 }, consents: { email: true } };

  it('scores add up and the waiting journey moves to the known contact, which then gets the offer', async () => {
    const tc = { contact: visitor, events: [event('1h', 'page_viewed'), { at: '2h', identify: 'kim', profile: known }] };
    const server = await checkCase(nurture, tc, {
      trail: ['1h viewed entered next', '1h score updated next', '1h wait_1d waiting', '1d1h wait_1d resumed next', '1d1h valuable branched yes', '1d1h offer sent next', '1d1h done exited'],
      sends: ['1d1h offer'],
      status: 'exited',
    });
    expect(server.steps[1].reason).toBe('score +1 = 1');
    const kim = await h.call('GET', '/contacts/kim');
    expect(kim.body.attributes.score).toBe(4);
  });

  it('without the visitor\'s score the known contact alone would not qualify', async () => {
    const tc = { contact: visitor, events: [event('1h', 'page_viewed'), { at: '2h', identify: 'kim', profile: { ...known, attributes: { ...known.attributes, score: 2 } } }] };
    await checkCase(nurture, tc, {
      trail: ['1h viewed entered next', '1h score updated next', '1h wait_1d waiting', '1d1h wait_1d resumed next', '1d1h valuable branched no', '1d1h done exited'],
      sends: [],
      status: 'exited',
    });
  });
});

// Keeps the offsets in the expectations honest: "1d4h10m" is what it says.
it('offset() writes days, hours and minutes', () => {
  expect(offset(START + parseDuration('1d4h10m'))).toBe('1d4h10m');
  expect(offset(START)).toBe('0m');
  expect(offset(START + parseDuration('2d'))).toBe('2d');
});
