import type { ScenarioInput } from '../src/index.ts';
import { scenarioOf } from './fixtures.ts';

/** The entry nodes a scenario may start with, one of each type. */
export const ENTRIES = {
  'entry.event': { event: 'signed_up', where: [{ property: 'plan', op: 'eq', value: 'pro' }] },
  'entry.segment': { condition: { all: [{ attribute: 'country', op: 'eq', value: 'FR' }, { not: { inList: 'vip' } }] } },
  'entry.date': { attribute: 'birthday', offsetDays: -3, at: '10:00' },
  'entry.api': {},
  'entry.membership': { segment: 'seg-vip', enrolExisting: true },
} as const;

/**
 * A valid scenario that uses every node type but the entries (a scenario has one entry: `entry` picks it),
 * with every output connected, every node reachable and a wait in its only loop.
 */
export function everyNodeType(entry: keyof typeof ENTRIES = 'entry.event'): ScenarioInput {
  return scenarioOf(
    [
      { id: 'start', type: entry, config: ENTRIES[entry] },
      { id: 'delay', type: 'wait.delay', config: { duration: '1d12h' } },
      { id: 'price_digest', type: 'wait.digest', config: { event: 'price_dropped', window: '1h', groupBy: 'product_id', maxItems: 10 } },
      { id: 'morning', type: 'wait.until', config: { attribute: 'renewal', offsetDays: -1, time: '09:00' } },
      { id: 'office_hours', type: 'wait.window', config: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' } },
      { id: 'wait_open', type: 'wait.event', config: { event: 'email_opened', timeout: '3d' } },
      { id: 'wait_score', type: 'wait.condition', config: { condition: { attribute: 'score', op: 'gte', value: 10 }, timeout: '1w' } },
      {
        id: 'engaged',
        type: 'branch.condition',
        config: { condition: { any: [{ event: 'page_viewed', within: '7d', count: { op: 'gte', value: 3 } }, { inList: 'fans' }] } },
      },
      { id: 'by_plan', type: 'branch.switch', config: { cases: [{ id: 'pro', condition: { attribute: 'plan', op: 'eq', value: 'pro' } }] } },
      {
        id: 'nba',
        type: 'branch.best',
        config: {
          candidates: [
            { id: 'premium', valuedBy: 'score', offerValue: 3, eligibleWhen: { attribute: 'plan', op: 'eq', value: 'pro' } },
            { id: 'basic', offerValue: 5 },
          ],
        },
      },
      { id: 'ab', type: 'branch.split', config: { variants: [{ id: 'a', percent: 45.5 }, { id: 'b', percent: 44.5 }, { id: 'holdout', percent: 10, control: true }] } },
      { id: 'mail', type: 'action.email', config: { template: 'welcome_mail' } },
      { id: 'text', type: 'action.sms', config: { template: 'welcome_sms', onCap: 'defer' } },
      { id: 'notify', type: 'action.push', config: { template: 'welcome_push' } },
      { id: 'crm', type: 'action.webhook', config: { url: 'https://crm.example.com/hooks/welcome', template: 'crm_body' } },
      { id: 'callback', type: 'action.task', config: { kind: 'call', title: 'Call {{ contact.firstName }}', team: 'call-centre', dueIn: '2d' } },
      { id: 'offer', type: 'action.onsite', config: { placement: 'home-hero', content: '<p>Hello {{ contact.firstName }}</p>', priority: 2 } },
      { id: 'tag', type: 'action.attribute', config: { attribute: 'welcomed', value: true } },
      { id: 'points', type: 'action.score', config: { delta: 5 } },
      { id: 'newsletter', type: 'action.list', config: { list: 'newsletter', op: 'add' } },
      { id: 'onboard', type: 'action.scenario', config: { scenario: 'onboarding' } },
      { id: 'converted', type: 'flow.goal', config: { event: 'order_completed' } },
      { id: 'done', type: 'flow.exit' },
    ],
    [
      'start>delay',
      'delay>price_digest',
      'price_digest>morning',
      'morning>office_hours',
      'office_hours>wait_open',
      'wait_open:happened>engaged',
      'wait_open:timedOut>wait_score',
      'wait_score:met>by_plan',
      'wait_score:timedOut>done',
      'engaged:yes>ab',
      'engaged:no>mail',
      'by_plan:pro>text',
      'by_plan:default>nba',
      'nba:premium>notify',
      'nba:basic>notify',
      'nba:fallback>done',
      'ab:a>crm',
      'ab:b>mail',
      'ab:holdout>done',
      'mail>tag',
      'tag>points',
      'points>newsletter',
      'newsletter>onboard',
      'onboard>converted',
      'text>offer',
      'offer>callback',
      'callback>converted',
      'notify>wait_open',
      'crm>done',
    ],
    {
      templates: [
        { id: 'welcome_mail', channel: 'email', subject: 'Welcome {{ contact.firstName }}', html: '<p>Hello</p>' },
        { id: 'welcome_sms', channel: 'sms', text: 'Welcome!' },
        { id: 'welcome_push', channel: 'push', title: 'Welcome', body: 'Glad to see you' },
        { id: 'crm_body', channel: 'webhook', body: '{"id": "{{ contact.id }}"}' },
      ],
      settings: {
        reentry: { policy: 'after', after: '30d' },
        exitEvents: [{ event: 'unsubscribed' }],
        goal: { event: 'order_completed' },
        frequencyCaps: [{ channel: 'email', max: 3, per: '7d' }],
        quietHours: { start: '21:00', end: '08:00' },
      },
      tests: [{ name: 'converts', contact: { id: 'c1' }, events: [{ at: '2d', event: 'email_opened' }], until: '30d', expect: { status: 'converted' } }],
    },
  );
}

/** The known scenarios `everyNodeType` needs for its `action.scenario` node. */
export const KNOWN = { knownScenarios: ['onboarding'] };

/** A deep copy that tests may mutate freely, typed loosely on purpose: tests break scenarios. */
export const mutable = (input: ScenarioInput): any => structuredClone(input);

/** Every path in a JSON value, containers included, root first. */
export function pathsIn(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [at];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [at, ...entries.flatMap(([key, child]) => pathsIn(child, [...at, key]))];
}

/** Sets the value at `path` if earlier mutations left a container there. */
export function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown) {
  if (path.length === 0) return;
  let parent: unknown = root;
  for (const key of path.slice(0, -1)) parent = typeof parent === 'object' && parent !== null ? (parent as Record<string | number, unknown>)[key] : undefined;
  if (typeof parent === 'object' && parent !== null) (parent as Record<string | number, unknown>)[path[path.length - 1]] = value;
}
