import { expect } from 'vitest';
import type { Locator } from 'playwright-core';
import { newsletterJourney } from '../support/newsletter.ts';
import { type AppSession, openApp, type RunningServer } from './harness.ts';

/** The app as the campaign browser tests open it: signed in, on the manual clock at 2026-01-05 08:00 UTC, seeded by `seed`. */
export const openCampaignApp = (seed: (server: RunningServer) => Promise<void>): Promise<AppSession> =>
  openApp({ timeout: 15_000, signIn: true, env: () => ({ PARCOURS_CLOCK: 'manual', PARCOURS_CLOCK_START: '2026-01-05T08:00:00Z' }), seed });

/** What the campaign browser tests start from: contacts (attributes, email consent), the live Newsletter journey and the "Pro customers" segment. */
export async function seedCampaigns(s: RunningServer, contacts: Array<{ id: string; attributes: Record<string, unknown>; consent: boolean }>): Promise<void> {
  for (const { id, attributes, consent } of contacts) {
    expect((await s.api('PUT', `/contacts/${id}`, { attributes: { ...attributes, email: `${id}@example.test` }, consents: { email: consent } })).status).toBeLessThan(300);
  }
  expect((await s.api('POST', '/scenarios/import', newsletterJourney())).status).toBeLessThan(300);
  expect((await s.api('POST', '/scenarios/newsletter/publish')).status).toBeLessThan(300);
  expect((await s.api('POST', '/segments', { name: 'Pro customers', condition: { attribute: 'plan', op: 'eq', value: 'pro' } })).status).toBe(201);
  // The segment's membership is computed before the clock moves on.
  expect((await s.api('POST', '/clock', { advance: '1m' })).status).toBe(200);
}

/** Fills the campaign form's basics: the name, the Pro customers, the Newsletter, once on 2026-01-05 at 10:00 UTC. */
export async function fillCampaign(form: Locator, name: string): Promise<void> {
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Audience (saved segment)').selectOption({ label: 'Pro customers' });
  await form.getByLabel('Journey to start').selectOption({ label: 'Newsletter' });
  await form.getByLabel('When').selectOption({ label: 'Once' });
  await form.getByLabel('Day', { exact: true }).fill('2026-01-05');
  await form.getByLabel('Time of day').fill('10:00');
  await form.getByLabel('Time zone', { exact: true }).fill('UTC');
}
