import { describe, expect, test } from 'vitest';
import { forecastPressure, simulateJourneys } from '../src/index.ts';
import { scenarioOf, shopper } from './fixtures.ts';

const email = (id: string) => ({ id, channel: 'email', subject: id, html: `<p>${id}</p>` });

/** An API-entry scenario sending one email a day for `days` days. */
function daily(id: string, days: number) {
  const nodes: Array<{ id: string; type: string; config?: unknown }> = [{ id: 'start', type: 'entry.api' }];
  const edges: string[] = [];
  let previous = 'start';
  for (let d = 0; d < days; d++) {
    nodes.push({ id: `mail${d}`, type: 'action.email', config: { template: 'daily' } }, { id: `wait${d}`, type: 'wait.delay', config: { duration: '1d' } });
    edges.push(`${previous}>mail${d}`, `mail${d}>wait${d}`);
    previous = `wait${d}`;
  }
  nodes.push({ id: 'end', type: 'flow.exit' });
  edges.push(`${previous}>end`);
  return { ...scenarioOf(nodes, edges, { templates: [email('daily')] }), id };
}

describe('several scenarios for one contact', () => {
  test('share the send history, so a global cap counts the messages of both', () => {
    const policy = { frequencyCaps: [{ channel: 'email' as const, max: 3, per: '7d' }] };
    const [news, promo] = simulateJourneys([daily('news', 3), daily('promo', 3)], { contact: shopper, events: [], policy });
    expect(news.messages).toHaveLength(2);
    expect(promo.messages).toHaveLength(1);
    expect(promo.steps.filter((s) => s.rule === 'frequency_cap')).toHaveLength(2);
  });
});

describe('pressure forecast', () => {
  test('counts messages per contact per week and channel, and names the contacts who hit a cap', () => {
    const consenting = { ...shopper, id: 'yes' };
    const refusing = { ...shopper, id: 'no', consents: {} };
    const forecast = forecastPressure({
      scenarios: [daily('news', 10), daily('promo', 2)],
      contacts: [{ contact: consenting, events: [] }, { contact: refusing, events: [] }],
      weeks: 2,
      policy: { frequencyCaps: [{ channel: 'email', max: 5, per: '7d' }] },
    });
    // The consenting contact: week 1 hits the cap of 5 (news days 0-2, promo days 0-1; news days 3-6
    // skipped); in week 2 the window has moved on and news days 7-9 go out.
    // The refusing contact receives nothing, every send skipped for consent.
    expect(forecast.channels.email.histogram).toEqual([
      { messages: 0, contactWeeks: 2 },
      { messages: 3, contactWeeks: 1 },
      { messages: 5, contactWeeks: 1 },
    ]);
    expect(forecast.channels.email.max).toBe(5);
    expect(forecast.channels.email.mean).toBe(2);
    expect(forecast.channels.sms.max).toBe(0);
    expect(forecast.cappedContacts).toEqual(['yes']);
    expect(forecast.byScenario).toEqual([
      { scenarioId: 'news', messages: { email: 6, sms: 0, push: 0 } },
      { scenarioId: 'promo', messages: { email: 2, sms: 0, push: 0 } },
    ]);
    expect(forecast.heldBack.filter((h) => h.contactId === 'no').every((h) => h.rule === 'consent')).toBe(true);
    expect(forecast.heldBack.filter((h) => h.contactId === 'no')).toHaveLength(12);
  });
});

describe('the forecast holds back what the contact chose, as the engine would', () => {
  /** Three emails on the `offers` topic, one a day. */
  const offers = () => {
    const scenario = daily('offers', 3);
    for (const node of scenario.nodes) if (node.type === 'action.email') Object.assign(node.config, { topic: 'offers' });
    return scenario;
  };
  const forecast = (contacts: Array<Record<string, unknown>>) =>
    forecastPressure({ scenarios: [offers()], contacts: contacts.map((c) => ({ contact: { ...shopper, ...c } as typeof shopper, events: [] })), weeks: 1 });

  test('a topic opted out of skips every message on it, counted apart from the caps, per rule and channel', () => {
    const result = forecast([{ id: 'out', preferences: { topics: { offers: { email: false } }, frequency: 'any' } }, { id: 'in' }]);
    expect(result.byScenario[0].messages.email).toBe(3);
    expect(result.heldBack.map((h) => [h.contactId, h.rule])).toEqual([['out', 'topic'], ['out', 'topic'], ['out', 'topic']]);
    expect(result.heldBackByRule).toEqual([{ rule: 'topic', channel: 'email', skipped: 3, deferred: 0, contacts: 1, example: 'opted out of topic offers on email' }]);
    expect(result.cappedContacts).toEqual([]);
  });

  test("a frequency choice of at most weekly lets the first of three daily emails through and holds the others", () => {
    const result = forecast([{ id: 'weekly', preferences: { topics: {}, frequency: 'weekly' } }]);
    expect(result.channels.email.max).toBe(1);
    expect(result.heldBackByRule).toEqual([{ rule: 'frequency_choice', channel: 'email', skipped: 2, deferred: 0, contacts: 1, example: "contact's choice of at most weekly reached" }]);
    // The contact's choice is not an operator's cap.
    expect(result.cappedContacts).toEqual([]);
  });

  test('a consent awaiting confirmation holds every message on its channel', () => {
    const result = forecast([{ id: 'pending', consents: {}, pendingConsents: ['email'] }]);
    expect(result.channels.email.max).toBe(0);
    expect(result.heldBackByRule).toEqual([{ rule: 'consent_pending', channel: 'email', skipped: 3, deferred: 0, contacts: 1, example: 'consent for email awaits confirmation' }]);
  });

  test("the summary lists the contact's choices before the operator's rules", () => {
    const result = forecastPressure({
      scenarios: [offers()],
      contacts: [
        { contact: { ...shopper, id: 'capped' }, events: [] },
        { contact: { ...shopper, id: 'out', preferences: { topics: { offers: { email: false } }, frequency: 'any' } }, events: [] },
      ],
      weeks: 1,
      policy: { frequencyCaps: [{ channel: 'email', max: 1, per: '7d' }] },
    });
    expect(result.heldBackByRule.map((g) => [g.rule, g.skipped + g.deferred])).toEqual([['topic', 3], ['frequency_cap', 2]]);
  });
});
