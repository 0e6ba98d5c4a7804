import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContactProfile, type PressureRule } from '@parcours/shared';
import { harness, publishScenario, type Harness } from '../helpers.ts';
import { parsedScenario, replay, simulatedResult } from '../replay.ts';
import { twoSends } from './scenarios.ts';

/**
 * Topics, the contact's frequency choice and transactional messages decide the same way on the server
 * as in the simulator: the replayed trace equals simulate()'s, and the rule shows in both.
 */

let h: Harness;
beforeEach(async () => {
  h = harness();
  const topics = { topics: [{ id: 'offers', name: 'Offers', channels: ['email', 'sms'] }] };
  expect((await h.call('PUT', '/settings/topics', topics)).status).toBe(200);
});
afterEach(() => h.close());

const attributes = { email: 'zoe@example.test', firstName: 'Zoé', nickname: 'z' };
const onVisit = { entry: { type: 'entry.event' as const, event: 'visit' }, wait: '1d' };

/** The two sends on topic `offers`; the second transactional when asked. */
function offers(options: { onCap?: 'skip' | 'defer'; transactionalSecond?: boolean } = {}) {
  const file = twoSends({ ...onVisit, onCap: options.onCap });
  for (const node of file.nodes) {
    if (node.type !== 'action.email') continue;
    Object.assign(node.config, { topic: 'offers' }, node.id === 'send_second' && options.transactionalSecond ? { transactional: true } : {});
  }
  return file;
}

const CASES: Record<string, { file: ReturnType<typeof offers>; preferences: object; rule: PressureRule; outcome: 'skipped' | 'deferred' | 'sent'; sent: number }> = {
  'opted out of the topic on email: both skipped': { file: offers(), preferences: { topics: { offers: { email: false } } }, rule: 'topic', outcome: 'skipped', sent: 0 },
  'at most weekly, skip: the second skipped': { file: offers(), preferences: { frequency: 'weekly' }, rule: 'frequency_choice', outcome: 'skipped', sent: 1 },
  'at most weekly, defer: the second a week after the first': { file: offers({ onCap: 'defer' }), preferences: { frequency: 'weekly' }, rule: 'frequency_choice', outcome: 'deferred', sent: 2 },
  'opted out, transactional second: the receipt goes': {
    file: offers({ transactionalSecond: true }),
    preferences: { topics: { offers: { email: false } }, frequency: 'weekly' },
    rule: 'topic',
    outcome: 'skipped',
    sent: 1,
  },
};

describe('topics and frequency choices: server trace equals simulate()', () => {
  it.each(Object.entries(CASES))('%s', async (_name, c) => {
    const scenario = parsedScenario(c.file);
    await publishScenario(h, c.file);
    const testCase = {
      contact: ContactProfile.parse({ id: 'zoe', attributes, consents: { email: true }, preferences: c.preferences }),
      events: [{ at: '0h', event: 'visit', properties: {} }],
      until: '10d',
    };
    const server = await replay(h, scenario, testCase);
    expect(server).toEqual(simulatedResult(scenario, testCase));
    expect(server.steps.filter((s) => s.rule === c.rule && s.outcome === c.outcome)).not.toHaveLength(0);
    expect(server.messages).toHaveLength(c.sent);
    // Without preferences both messages go: the preferences made the difference.
    const free = simulatedResult(scenario, { ...testCase, contact: { ...testCase.contact, preferences: undefined } });
    expect(free.messages).toHaveLength(2);
  });

  it('the skips count on the node, by rule', async () => {
    await publishScenario(h, offers());
    const testCase = { contact: ContactProfile.parse({ id: 'zoe', attributes, consents: { email: true }, preferences: { topics: { offers: { email: false } } } }), events: [{ at: '0h', event: 'visit', properties: {} }], until: '3d' };
    await replay(h, parsedScenario(offers()), testCase);
    const stats = await h.call('GET', '/scenarios/two-sends/versions/1/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.nodes.send_first).toMatchObject({ skipped: 1, skippedBy: { topic: 1 } });
  });
});
