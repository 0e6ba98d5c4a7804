import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { START } from '../helpers.ts';
import { pressureHarness, type PressureHarness } from './harness.ts';
import { twoSends } from './scenarios.ts';

const DAY = 86_400_000;
let h: PressureHarness;

/** Two emails on the `offers` topic a day apart, entered by a visit. */
function offers() {
  const draft = twoSends({ entry: { type: 'entry.event', event: 'visit' }, wait: '1d' });
  for (const node of draft.nodes) if (node.type === 'action.email') Object.assign(node.config, { topic: 'offers' });
  return draft;
}

const person = { attributes: { email: 'x@example.test', firstName: 'X', nickname: 'x' }, consents: { email: true } };

beforeEach(async () => {
  h = pressureHarness();
  expect((await h.call('PUT', '/settings/topics', { topics: [{ id: 'offers', name: 'Offers', channels: ['email'] }] })).status).toBe(200);
  expect((await h.call('POST', '/scenarios', offers())).status).toBe(201);
  for (const id of ['free', 'out', 'weekly']) expect((await h.call('PUT', `/contacts/${id}`, person)).status).toBe(200);
  expect((await h.call('PUT', '/contacts/out/preferences', { topics: { offers: { email: false } } })).status).toBe(200);
  expect((await h.call('PUT', '/contacts/weekly/preferences', { frequency: 'weekly' })).status).toBe(200);
  // With double opt-in on email, a new consent waits for its confirmation.
  expect((await h.call('PUT', '/settings/double-opt-in', { email: true, sms: false, smsKeywords: { confirm: ['OUI'], stop: ['STOP'] }, linkTtlDays: 7 })).status).toBe(200);
  expect((await h.call('PUT', '/contacts/pending', person)).status).toBe(200);
  for (const userId of ['free', 'out', 'weekly', 'pending']) {
    expect((await h.call('POST', '/track', { userId, event: 'visit', timestamp: new Date(START - 10 * DAY).toISOString() })).status).toBe(200);
  }
});
afterEach(() => h.close());

describe('pressure forecast on real contacts', () => {
  it("holds back what each sampled contact's topics, frequency choice and pending consent would, apart from caps", async () => {
    const res = await h.call('POST', '/scenarios/two-sends/forecast', { weeks: 4 });
    expect(res.status).toBe(200);
    // Only `free` gets both emails; `weekly` gets the first.
    expect(res.body.byScenario).toEqual([{ scenarioId: 'two-sends', messages: { email: 3, sms: 0, push: 0 } }]);
    const held = (contactId: string) => res.body.heldBack.filter((m: { contactId: string }) => m.contactId === contactId).map((m: { rule: string }) => m.rule);
    expect(held('free')).toEqual([]);
    expect(held('out')).toEqual(['topic', 'topic']);
    expect(held('weekly')).toEqual(['frequency_choice']);
    expect(held('pending')).toEqual(['consent_pending', 'consent_pending']);
    const byRule = Object.fromEntries(res.body.heldBackByRule.map((g: { rule: string; skipped: number; contacts: number }) => [g.rule, [g.skipped, g.contacts]]));
    expect(byRule).toEqual({ topic: [2, 1], frequency_choice: [1, 1], consent_pending: [2, 1] });
    expect(res.body.cappedContacts).toEqual([]);
  });
});
