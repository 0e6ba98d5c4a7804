import fc from 'fast-check';
import { outputsOf, type Condition, type NodeType, type ScenarioInput, type ScenarioNode, type TimelineEntry } from '../../src/index.ts';

/**
 * fast-check arbitraries for whole simulation cases: a valid scenario over every node type, a contact
 * and a short timeline, in the coarse vocabulary below (a few events, attributes, lists and time
 * zones) so that conditions, entries and waits actually meet what the timeline does.
 */

export const EVENTS = ['viewed', 'ordered', 'clicked', 'unsubscribed'] as const;
export const LISTS = ['newsletter', 'vip'] as const;
export const PLANS = ['free', 'pro'] as const;
/** Whole-hour offsets from UTC only (no DST in the short windows used): date entries fall on the hour. */
export const TIME_ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo'] as const;
export const STARTS = ['2026-01-05T08:00:00Z', '2026-01-09T22:00:00Z'] as const;
/** How long a generated case runs: short, so that a case (and a loop round it) stays cheap. */
export const HORIZONS = ['2d', '5d', '8d'] as const;

/** Templates, one or two per channel: every message node sends one of them. */
export const TEMPLATES: NonNullable<ScenarioInput['templates']> = [
  { id: 'mail_a', channel: 'email', subject: 'A', html: '<p>A {{ contact.plan }}</p>' },
  { id: 'mail_b', channel: 'email', subject: 'B', html: '<p>B</p>' },
  { id: 'text_a', channel: 'sms', text: 'A' },
  { id: 'push_a', channel: 'push', title: 'A', body: 'a' },
  { id: 'hook_a', channel: 'webhook', body: '{"id":"{{ contact.id }}"}' },
];

const DAY = 86_400_000;
const dayOf = (from: string, offset: number) => new Date(Date.parse(from.slice(0, 10)) + offset * DAY).toISOString().slice(0, 10);
/** Which calendar days, counted from the day of the start, the dates the cases use may fall on. */
export interface DateRange {
  min: number;
  max: number;
}
const DATES_AROUND_START: DateRange = { min: -4, max: 10 };
/** Calendar dates near a start (as held in `renewal`, or a birthday's month and day). */
const dateNear = (start: string, range: DateRange = DATES_AROUND_START) => fc.integer(range).map((offset) => dayOf(start, offset));
const birthdayNear = (start: string) =>
  fc.tuple(fc.integer({ min: 1970, max: 2005 }), dateNear(start)).map(([year, day]) => `${year}${day.slice(4)}`);
/** Fixed dates of `wait.until` nodes: around both starts. */
const nearDate = fc.constantFrom(...STARTS).chain((start) => dateNear(start));
const wholeHour = fc.integer({ min: 0, max: 23 }).map((h) => `${String(h).padStart(2, '0')}:00`);
const timeOfDay = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 30)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const weekdays = fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const, { minLength: 1 });

const amount = fc.integer({ min: 0, max: 100 });
const sku = fc.constantFrom('a', 'b');
const eventName = fc.constantFrom(...EVENTS);
const propertyFilter = fc.oneof(
  amount.map((value) => ({ property: 'amount', op: 'gte' as const, value })),
  sku.map((value) => ({ property: 'sku', op: 'eq' as const, value })),
);
const where = fc.option(fc.array(propertyFilter, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 3 });
const eventMatcher = fc.record({ event: eventName, where }, { requiredKeys: ['event'] });
const historyWindow = fc.constantFrom('2h', '1d', '3d', '7d');

const leafCondition: fc.Arbitrary<Condition> = fc.oneof(
  fc.constantFrom(...PLANS).map((value) => ({ attribute: 'plan', op: 'eq' as const, value })),
  fc.integer({ min: 0, max: 6 }).map((value) => ({ attribute: 'score', op: 'gte' as const, value })),
  fc.constant({ attribute: 'vip', op: 'exists' as const }),
  fc.record(
    {
      event: eventName,
      where,
      within: historyWindow,
      count: fc.record({ op: fc.constantFrom('eq', 'gte', 'lt') as fc.Arbitrary<'eq' | 'gte' | 'lt'>, value: fc.integer({ min: 0, max: 2 }) }),
    },
    { requiredKeys: ['event'] },
  ),
  fc.constantFrom(...LISTS).map((inList) => ({ inList })),
);
/** A condition on attributes, lists and event history, at most two levels deep. */
export const condition: fc.Arbitrary<Condition> = fc.oneof(
  { weight: 3, arbitrary: leafCondition },
  fc.array(leafCondition, { minLength: 1, maxLength: 2 }).map((all) => ({ all })),
  fc.array(leafCondition, { minLength: 1, maxLength: 2 }).map((any) => ({ any })),
  leafCondition.map((not) => ({ not })),
);

/** Coarse durations for waits; loops only go back to waits of `LOOP_WAITS` (6 h or more), so that a loop stays cheap. */
const waitDuration = fc.constantFrom('30m', '2h', '6h', '1d', '2d');
const LOOP_WAITS = new Set(['6h', '1d', '2d']);

const message = (template: fc.Arbitrary<string>) =>
  fc.record({ template, onCap: fc.constantFrom('skip', 'defer'), once: fc.boolean() });

type Config = Record<string, unknown>;

/**
 * One config generator per node type. Typed over every `NodeType`: a node type added to the schema
 * does not compile here until it gets a generator, so the parity property covers it from day one.
 * `scenarioId` is the generated scenario's own id (the only scenario a "start scenario" node can name).
 */
export const NODE_CONFIGS: Record<NodeType, (scenarioId: string) => fc.Arbitrary<Config>> = {
  'entry.event': () => eventMatcher,
  'entry.segment': () => fc.record({ condition }),
  'entry.date': () =>
    fc.oneof(
      fc.record({ attribute: fc.constant('birthday'), offsetDays: fc.integer({ min: -2, max: 2 }), at: wholeHour, recurrence: fc.constant('yearly') }),
      fc.record({ attribute: fc.constant('renewal'), offsetDays: fc.integer({ min: -2, max: 2 }), at: wholeHour, recurrence: fc.constant('once') }),
    ),
  'entry.api': () => fc.constant({}),
  'entry.membership': () => fc.record({ segment: fc.constant('vip'), enrolExisting: fc.boolean() }),
  'wait.delay': () => fc.record({ duration: waitDuration }),
  'wait.until': () =>
    fc.oneof(
      fc.record({ time: timeOfDay }),
      fc.record({ date: nearDate, time: timeOfDay }),
      fc.record({ attribute: fc.constant('renewal'), offsetDays: fc.integer({ min: -1, max: 1 }), time: timeOfDay }),
    ),
  'wait.event': () => eventMatcher.chain((matcher) => waitDuration.map((timeout) => ({ ...matcher, timeout }))),
  'wait.condition': () => fc.record({ condition, timeout: waitDuration }),
  'wait.digest': () =>
    eventMatcher.chain((matcher) =>
      fc
        .record({ span: fc.oneof(waitDuration.map((window) => ({ window })), timeOfDay.map((until) => ({ until }))), groupBy: fc.option(fc.constant('plan'), { nil: undefined }), maxItems: fc.integer({ min: 1, max: 3 }) })
        .map(({ span, groupBy, maxItems }) => ({ ...matcher, ...span, ...(groupBy ? { groupBy } : {}), maxItems })),
    ),
  'wait.window': () => fc.record({ days: weekdays, start: timeOfDay, end: timeOfDay }).filter((w) => w.start !== w.end),
  'branch.condition': () => fc.record({ condition }),
  'branch.switch': () =>
    fc.array(condition, { minLength: 1, maxLength: 3 }).map((conditions) => ({ cases: conditions.map((c, i) => ({ id: `case${i + 1}`, condition: c })) })),
  'branch.best': () =>
    fc
      .array(
        fc.record(
          {
            valuedBy: fc.option(fc.constant('score'), { nil: undefined }),
            offerValue: fc.integer({ min: 0, max: 3 }),
            eligibleWhen: fc.option(condition, { nil: undefined }),
          },
          { requiredKeys: ['offerValue'] },
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map((candidates) => ({ candidates: candidates.map((c, i) => ({ id: `offer${i + 1}`, ...c })) })),
  'branch.split': () =>
    fc
      .tuple(fc.integer({ min: 0, max: 100 }), fc.boolean(), fc.boolean())
      .map(([first, third, control]) => {
        const percents = third ? [Math.floor(first / 2), Math.ceil(first / 2), 100 - first] : [first, 100 - first];
        return { variants: percents.map((percent, i) => ({ id: `arm${i + 1}`, percent, control: control && i === percents.length - 1 })) };
      }),
  'action.email': () => message(fc.constantFrom('mail_a', 'mail_b')),
  'action.sms': () => message(fc.constant('text_a')),
  'action.push': () => message(fc.constant('push_a')),
  'action.webhook': () =>
    fc.record({ url: fc.constant('https://hooks.example.com/parcours'), method: fc.constantFrom('POST', 'PUT'), template: fc.constant('hook_a') }, { requiredKeys: ['url', 'method'] }),
  'action.attribute': () =>
    fc.oneof(
      fc.constantFrom(...PLANS).map((value) => ({ attribute: 'plan', op: 'set', value })),
      fc.constant({ attribute: 'vip', op: 'set', value: true }),
      fc.constantFrom('plan', 'vip').map((attribute) => ({ attribute, op: 'unset' })),
    ),
  'action.score': () => fc.record({ attribute: fc.constant('score'), delta: fc.integer({ min: -2, max: 3 }) }),
  'action.list': () => fc.record({ list: fc.constantFrom(...LISTS), op: fc.constantFrom('add', 'remove') }),
  'action.scenario': (scenarioId) => fc.constant({ scenario: scenarioId }),
  'action.onsite': () =>
    fc.record(
      {
        placement: fc.constantFrom('hero', 'sidebar'),
        format: fc.constantFrom('html', 'text'),
        content: fc.constant('<b>{{ contact.id }}</b>'),
        priority: fc.integer({ min: 0, max: 3 }),
        expires: fc.constantFrom('1d', '7d'),
        onCap: fc.constantFrom('skip', 'defer'),
        once: fc.boolean(),
      },
      { requiredKeys: ['placement', 'content'] },
    ),
  'action.task': () =>
    fc.record(
      {
        kind: fc.constantFrom('call', 'letter'),
        title: fc.constant('Call {{ contact.id }}'),
        team: fc.constant('call-centre'),
        dueIn: fc.constantFrom('1d', '2d'),
        onCap: fc.constantFrom('skip', 'defer'),
        once: fc.boolean(),
      },
      { requiredKeys: ['kind', 'title'] },
    ),
  'flow.goal': () => fc.record({ event: eventName }, { requiredKeys: [] }),
  'flow.exit': () => fc.constant({}),
};

const typesOf = (family: string) => (Object.keys(NODE_CONFIGS) as NodeType[]).filter((t) => t.startsWith(`${family}.`));
export const ENTRY_TYPES = typesOf('entry');
export const STEP_TYPES = (Object.keys(NODE_CONFIGS) as NodeType[]).filter((t) => !t.startsWith('entry.'));

/** What the generator may use (a test leaves out constructs on which two engines are known to disagree). */
export interface ScenarioOptions {
  entryTypes?: readonly NodeType[];
  stepTypes?: readonly NodeType[];
  /** The scenario "start scenario" nodes name; by default the scenario itself. */
  startScenario?: string;
}

type GeneratedNode = { id: string; type: NodeType; config: Config };

/** The outputs of a generated node: `outputsOf` reads only its type and its cases or variants. */
const outputs = (node: GeneratedNode): string[] => outputsOf(node as unknown as ScenarioNode);

/** A wait that always takes time or a new event, long enough to loop back to cheaply. */
function loopTarget(node: GeneratedNode): boolean {
  if (node.type === 'wait.delay') return LOOP_WAITS.has(node.config.duration as string);
  if (node.type === 'wait.event') return LOOP_WAITS.has(node.config.timeout as string);
  return false;
}

/**
 * Wires nodes into a valid graph. Node i (after the entry) takes one still-open output of an earlier
 * node, so every node is reachable; the outputs left open at the end go forward to a later node, to a
 * final exit, or back to a delay or a wait for an event — so that every loop passes such a wait.
 * `picks` are the random choices, consumed in turn (shrinking them simplifies the wiring).
 */
function wire(nodes: GeneratedNode[], picks: number[]) {
  let p = 0;
  const pick = (n: number) => (picks.length ? picks[p++ % picks.length] : 0) % n;
  const edges: Array<{ id: string; source: string; sourceHandle: string; target: string }> = [];
  const connect = (source: GeneratedNode, sourceHandle: string, target: GeneratedNode) =>
    edges.push({ id: `e${edges.length + 1}`, source: source.id, sourceHandle, target: target.id });
  const open: Array<{ index: number; handle: string }> = outputs(nodes[0]).map((handle) => ({ index: 0, handle }));
  const placed: GeneratedNode[] = [nodes[0]];
  for (const node of nodes.slice(1)) {
    if (open.length === 0) break;
    const [from] = open.splice(pick(open.length), 1);
    connect(placed[from.index], from.handle, node);
    placed.push(node);
    open.push(...outputs(node).map((handle) => ({ index: placed.length - 1, handle })));
  }
  const end: GeneratedNode = { id: 'end', type: 'flow.exit', config: {} };
  let endUsed = false;
  for (const { index, handle } of open) {
    const targets = [end, ...placed.slice(index + 1), ...placed.slice(0, index + 1).filter(loopTarget)];
    const target = targets[pick(targets.length)];
    if (target === end) endUsed = true;
    connect(placed[index], handle, target);
  }
  return { nodes: endUsed ? [...placed, end] : placed, edges };
}

const reentry = fc.oneof(
  fc.constant({ policy: 'never' as const }),
  fc.constant({ policy: 'always' as const }),
  fc.constantFrom('6h', '1d', '3d').map((after) => ({ policy: 'after' as const, after })),
);

const settings = fc.record(
  {
    reentry,
    exitEvents: fc.array(eventMatcher, { maxLength: 1 }),
    goal: eventMatcher,
    frequencyCaps: fc.array(
      fc.record({ channel: fc.constantFrom('email', 'sms', 'push'), max: fc.integer({ min: 0, max: 2 }), per: fc.constantFrom('6h', '1d', '7d') }),
      { maxLength: 2 },
    ),
    quietHours: fc.record({ start: timeOfDay, end: timeOfDay, days: weekdays }, { requiredKeys: ['start', 'end'] }).filter((q) => q.start !== q.end),
    consentRequired: fc.record({ email: fc.boolean(), sms: fc.boolean(), push: fc.boolean() }),
    defaultTimeZone: fc.constantFrom(...TIME_ZONES),
  },
  { requiredKeys: ['reentry'] },
);

/** A valid scenario file (before defaults): one entry, up to `maxSteps` other nodes, every output wired. */
export function scenarioArbitrary(id: string, options: ScenarioOptions = {}, maxSteps = 8): fc.Arbitrary<ScenarioInput> {
  const entryTypes = options.entryTypes ?? ENTRY_TYPES;
  const stepTypes = options.stepTypes ?? STEP_TYPES;
  const nodeOf = (type: NodeType) => NODE_CONFIGS[type](options.startScenario ?? id).map((config) => ({ type, config }));
  return fc
    .record({
      entry: fc.constantFrom(...entryTypes).chain(nodeOf),
      steps: fc.array(fc.constantFrom(...stepTypes).chain(nodeOf), { minLength: 1, maxLength: maxSteps }),
      picks: fc.array(fc.nat({ max: 1000 }), { maxLength: 12 }),
      settings,
    })
    .map(({ entry, steps, picks, settings }) => {
      const nodes = [entry, ...steps].map((node, i) => ({ id: `n${i}`, ...node }));
      const graph = wire(nodes, picks);
      return { schemaVersion: 1 as const, id, name: `generated ${id}`, settings, templates: TEMPLATES, ...graph } as ScenarioInput;
    });
}

/** A contact profile in the vocabulary the scenarios test, its dates near `start`. */
export const contactArbitrary = (start: string) => fc.record(
  {
    id: fc.constantFrom('ana', 'bob', 'chloe', 'dev'),
    attributes: fc.record(
      { email: fc.constant('someone@example.test'), plan: fc.constantFrom(...PLANS), score: fc.integer({ min: 0, max: 6 }), vip: fc.constant(true), birthday: birthdayNear(start), renewal: dateNear(start) },
      { requiredKeys: ['email'] },
    ),
    consents: fc.record({ email: fc.boolean(), sms: fc.boolean(), push: fc.boolean(), onsite: fc.boolean() }, { requiredKeys: [] }),
    timeZone: fc.constantFrom(...TIME_ZONES),
    lists: fc.subarray([...LISTS]),
  },
  { requiredKeys: ['id', 'attributes', 'consents', 'lists'] },
);

/** "1d4h30m" for a number of minutes. */
function offset(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return `${d ? `${d}d` : ''}${h ? `${h}h` : ''}${m || (!d && !h) ? `${m}m` : ''}`;
}

/** Coarse instants (10-minute steps) up to `maxMinutes`, so that events meet timers and deadlines exactly now and then. */
const instant = (maxMinutes: number) => fc.integer({ min: 0, max: Math.floor(maxMinutes / 10) }).map((n) => offset(n * 10));

/** What a timeline may hold besides events: changes of plan, score and vip, and of `renewal` unless `dates` is null. */
const timelineEntry = (horizonMinutes: number, start: string): fc.Arbitrary<TimelineEntry> => {
  const at = instant(horizonMinutes);
  const event = fc.record({ at, event: eventName, properties: fc.record({ amount, sku }, { requiredKeys: [] }) });
  const attributes = fc.record({
    at,
    attributes: fc.oneof(
      fc.constantFrom(...PLANS).map((plan) => ({ plan })),
      fc.integer({ min: 0, max: 6 }).map((score) => ({ score })),
      fc.constant({ vip: true }),
      dateNear(start).map((renewal) => ({ renewal })),
    ),
  });
  return fc.oneof({ weight: 3, arbitrary: event }, { weight: 1, arbitrary: attributes });
};

/** A timeline of at most `maxLength` events and attribute changes within `until` ("8d") of `start`. */
export const timelineArbitrary = (start: string, until: string, maxLength = 5) =>
  fc.array(timelineEntry(Number.parseInt(until, 10) * 1440, start), { maxLength });

/** One whole case: a scenario, a contact, a timeline, a start and a horizon. */
export function caseArbitrary(id: string, options: ScenarioOptions = {}) {
  return fc
    .record({ scenario: scenarioArbitrary(id, options), start: fc.constantFrom(...STARTS), until: fc.constantFrom(...HORIZONS) })
    .chain((c) => {
      const horizon = Number.parseInt(c.until, 10) * 1440;
      return fc
        .record({
          contact: contactArbitrary(c.start),
          events: timelineArbitrary(c.start, c.until),
          entry: fc.option(entryEvent(c.scenario, horizon), { freq: 4 }),
        })
        .map(({ entry, events, contact }) => ({ ...c, contact, events: entry ? [entry, ...events] : events }));
    });
}

/** The event an event-entry scenario enters on, early in the case, so that most cases do enter. */
function entryEvent(scenario: ScenarioInput, horizonMinutes: number): fc.Arbitrary<TimelineEntry | null> {
  const entry = scenario.nodes[0];
  if (entry.type !== 'entry.event') return fc.constant(null);
  return fc
    .record({ at: instant(Math.floor(horizonMinutes / 2)), properties: fc.record({ amount, sku }) })
    .map(({ at, properties }) => ({ at, event: entry.config.event, properties }));
}
