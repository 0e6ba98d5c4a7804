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
