// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forecastPressure, Scenario, type ForecastContact, type PressureForecast } from '@parcours/shared';
import { ForecastView } from '../src/editor/ForecastPanel.tsx';

const example = (name: string) => Scenario.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../scenarios', `${name}.json`), 'utf8')));
const SCENARIOS = [example('welcome'), example('post-purchase')];

/** Who signs up, then orders the next day; `email` says whether they opted in. */
function shopper(id: string, email: boolean): ForecastContact {
  return {
    contact: { id, attributes: { firstName: id, email: `${id}@example.com` }, consents: { email }, lists: [] },
    events: [
      { at: '1h', event: 'signed_up', properties: {} },
      { at: '1d', event: 'order_completed', properties: { total: 80 } },
    ],
  };
}

/** The two example scenarios for two who opt in and one who does not, under a tight global cap: a forecast computed by shared. */
function realForecast(): PressureForecast {
  return forecastPressure({
    scenarios: SCENARIOS,
    contacts: [shopper('yes', true), shopper('also', true), shopper('no', false)],
    weeks: 2,
    policy: { frequencyCaps: [{ channel: 'email', max: 1, per: '7d' }] },
  });
}

describe('pressure forecast view', () => {
  afterEach(cleanup);

  it('draws one bar per weekly count, as tall as its share of contact-weeks', () => {
    const forecast = realForecast();
    render(<ForecastView forecast={forecast} scenarioId="welcome-series" />);
    const email = screen.getByTestId('forecast').querySelector('[data-channel="email"]') as HTMLElement;
    const bars = [...email.querySelectorAll<HTMLElement>('.bar')];
    // 0 to the worst week, gaps included.
    const counts = Array.from({ length: forecast.channels.email.max + 1 }, (_, m) => m);
    expect(counts.length).toBeGreaterThan(1);
    expect(bars.map((b) => Number(b.dataset.messages))).toEqual(counts);
    const byCount = new Map(forecast.channels.email.histogram.map((h) => [h.messages, h.contactWeeks]));
    expect(bars.map((b) => Number(b.dataset.count))).toEqual(counts.map((m) => byCount.get(m) ?? 0));
    const tallest = Math.max(...byCount.values());
    expect(bars.map((b) => b.style.height)).toEqual(counts.map((m) => `${((byCount.get(m) ?? 0) / tallest) * 100}%`));
    const d = forecast.channels.email;
    expect(screen.getByTestId('stats-email').textContent).toBe(`mean ${d.mean.toFixed(1)} · median ${d.p50} · p95 ${d.p95} · max ${d.max}`);
    // Channels that send nothing and hold nothing back are left out.
    expect(screen.getByTestId('forecast').querySelector('[data-channel="sms"]')).toBeNull();
  });

  it("lists each scenario's share, marks this draft, and names who hits a cap", () => {
    const forecast = realForecast();
    render(<ForecastView forecast={forecast} scenarioId="post-purchase" />);
    const shares = screen.getByRole('table', { name: 'Share per scenario' });
    const rows = within(shares).getAllByRole('row').slice(1).map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
    const sent = (id: string) => forecast.byScenario.find((s) => s.scenarioId === id)!.messages;
    const row = (id: string, label: string) => [label, ...[sent(id).email, sent(id).sms, sent(id).push].map(String), `${Math.round((total(sent(id)) / all) * 100)} %`];
    const total = (m: Record<string, number>) => m.email + m.sms + m.push;
    const all = forecast.byScenario.reduce((sum, s) => sum + total(s.messages), 0);
    const expected = [row('welcome-series', 'welcome-series'), row('post-purchase', 'post-purchase (this draft)')];
    // Largest share first.
    expect(rows).toEqual(total(sent('welcome-series')) >= total(sent('post-purchase')) ? expected : expected.reverse());
    expect(forecast.cappedContacts.length).toBeGreaterThan(0);
    expect(screen.getByTestId('capped').textContent).toBe(`${forecast.cappedContacts.length} of 3 contacts: ${forecast.cappedContacts.join(', ')}`);
    expect(within(screen.getByTestId('capped')).getByRole('link', { name: 'yes' }).getAttribute('href')).toBe('#/contacts/yes');
  });

  it('counts what each rule would hold back, per channel', () => {
    const forecast = realForecast();
    render(<ForecastView forecast={forecast} scenarioId="welcome-series" />);
    const table = screen.getByRole('table', { name: 'Held back by rule' });
    const cells = (rule: string) => [...table.querySelector(`tr[data-rule="${rule}"]`)!.querySelectorAll('td')].map((td) => td.textContent);
    const count = (rule: string, outcome: string) => String(forecast.heldBack.filter((h) => h.rule === rule && h.outcome === outcome).length);
    expect(cells('consent').slice(0, 4)).toEqual(['No consent', 'email', count('consent', 'skipped'), count('consent', 'deferred')]);
    expect(cells('frequency_cap').slice(0, 4)).toEqual(['Frequency cap', 'email', count('frequency_cap', 'skipped'), count('frequency_cap', 'deferred')]);
    expect(Number(cells('consent')[2])).toBeGreaterThan(0);
  });

  it('explains itself when there are no contacts yet', () => {
    const forecast = forecastPressure({ scenarios: SCENARIOS, contacts: [], weeks: 4 });
    render(<ForecastView forecast={forecast} scenarioId="welcome-series" />);
    expect(screen.getByTestId('forecast-empty').textContent).toMatch(/No contacts yet/);
    expect(screen.queryByTestId('forecast')).toBeNull();
  });
});
