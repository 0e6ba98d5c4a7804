import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, publishScenario, runTimersUntil, type Harness } from './helpers.ts';
import { delayScenario } from './fixtures/scenarios.ts';

/** delayScenario with labels on its first email and its wait; the second email keeps no label. */
function labelled(id: string) {
  const scenario = delayScenario(id, { delay: '1h' });
  const label: Record<string, string> = { send_a: 'Welcome email', wait: 'Give them an hour' };
  return { ...scenario, nodes: scenario.nodes.map((n) => (label[n.id] ? { ...n, label: label[n.id] } : n)) };
}

describe('history names nodes in words: the label of the version that ran them, else their type', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  it('in the outbox and in the timeline', async () => {
    await publishScenario(h, labelled('s'));
    await h.call('POST', '/track', { userId: 'c', event: 'go' });
    runTimersUntil(h, h.clock.now() + 3_600_000);

    const messages = (await h.call('GET', '/messages')).body.items;
    expect(messages.map((m: { node: string; nodeName?: string }) => [m.node, m.nodeName])).toEqual([
      ['send_b', 'Email'],
      ['send_a', 'Welcome email'],
    ]);

    const timeline = (await h.call('GET', '/contacts/c/timeline')).body.items;
    const named = timeline.filter((i: { kind: string }) => i.kind !== 'event').map((i: { kind: string; node: string; nodeName?: string }) => [i.kind, i.node, i.nodeName]);
    expect(named).toEqual([
      ['step', 'start', 'Event trigger'],
      ['step', 'send_a', 'Welcome email'],
      ['message', 'send_a', 'Welcome email'],
      ['step', 'wait', 'Give them an hour'],
      ['step', 'wait', 'Give them an hour'],
      ['step', 'send_b', 'Email'],
      ['message', 'send_b', 'Email'],
      ['step', 'done', 'Exit'],
    ]);
    expect(timeline[0]).not.toHaveProperty('nodeName');
  });

  it('keeps the name a node had in the version that ran it when a later version renames it', async () => {
    await publishScenario(h, labelled('s'));
    await h.call('POST', '/track', { userId: 'c', event: 'go' });
    // Contacts now exist without it: publishing again needs the attribute the templates read declared.
    await h.call('PUT', '/settings/attributes', { attributes: [{ name: 'first_name', type: 'text' }] });
    const renamed = labelled('s');
    renamed.nodes = renamed.nodes.map((n) => (n.id === 'send_a' ? { ...n, label: 'Hello again' } : n));
    await publishScenario(h, renamed);
    await h.call('POST', '/track', { userId: 'd', event: 'go' });
    const messages = (await h.call('GET', '/messages')).body.items;
    expect(messages.map((m: { contactId: string; version: number; nodeName?: string }) => [m.contactId, m.version, m.nodeName])).toEqual([
      ['d', 2, 'Hello again'],
      ['c', 1, 'Welcome email'],
    ]);
  });
});
