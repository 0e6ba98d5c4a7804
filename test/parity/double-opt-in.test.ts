import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, publishScenario, type Harness } from '../../server/test/helpers.ts';
import { parsedScenario, replay, simulatedResult } from '../../server/test/replay.ts';

/** A consent pending confirmation (double opt-in), on the server over HTTP and in the simulator, alike. */
let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const welcome = (consentRequired: boolean) => ({
  schemaVersion: 1,
  id: 'welcome',
  name: 'Welcome',
  settings: { consentRequired: { email: consentRequired, sms: false, push: false } },
  templates: [
    { id: 'hello', channel: 'email', subject: 'Hello', html: '<p>hello</p>' },
    { id: 'receipt', channel: 'email', subject: 'Receipt', html: '<p>receipt</p>' },
  ],
  nodes: [
    { id: 'signup', type: 'entry.event', config: { event: 'signed_up' } },
    { id: 'hello', type: 'action.email', config: { template: 'hello' } },
    { id: 'receipt', type: 'action.email', config: { template: 'receipt', transactional: true } },
    { id: 'done', type: 'flow.exit', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'signup', target: 'hello' },
    { id: 'e2', source: 'hello', target: 'receipt' },
    { id: 'e3', source: 'receipt', target: 'done' },
  ],
});

type Case = Parameters<typeof simulatedResult>[1];

async function agreeing(scenario: object, contact: object) {
  const parsed = parsedScenario(scenario);
  await publishScenario(h, scenario);
  const testCase = { contact, events: [{ at: '1h', event: 'signed_up', properties: {} }], until: '1d' } as unknown as Case;
  const server = await replay(h, parsed, testCase);
  expect(server).toEqual(simulatedResult(parsed, testCase));
  return server;
}

describe('a consent awaiting confirmation', () => {
  it('holds back every message on its channel, transactional ones too, whether or not the scenario requires consent', async () => {
    for (const required of [true, false]) {
      h.close();
      h = harness();
      const server = await agreeing(welcome(required), { id: 'ann', attributes: { email: 'ann@example.test' }, pendingConsents: ['email'] });
      expect(server.messages).toEqual([]);
      expect(server.steps.filter((s: { outcome: string }) => s.outcome === 'skipped').map((s: { node: string; rule?: string }) => [s.node, s.rule])).toEqual([
        ['hello', 'consent_pending'],
        ['receipt', 'consent_pending'],
      ]);
    }
  });

  it('once given, sends as before', async () => {
    const server = await agreeing(welcome(true), { id: 'ann', attributes: { email: 'ann@example.test' }, consents: { email: true } });
    expect(server.messages.map((m: { node: string }) => m.node)).toEqual(['hello', 'receipt']);
  });
});
