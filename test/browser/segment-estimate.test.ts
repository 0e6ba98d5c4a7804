import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, type RunningServer, screenshot } from './harness.ts';

/** Past 5,000 contacts the segment builder's live count is an estimate from a random sample, and says so in both languages. */

let server: RunningServer;
let page: Page;
let app: AppSession;

const CONTACTS = 6_000;
/** Any run of digits with the thousands separators of either language (a comma, a space or a narrow no-break space). */
const N = '[\\d,\\s\\u00a0\\u202f]+';

beforeAll(async () => {
  app = await openApp({
    signIn: true,
    viewport: { width: 1440, height: 900 },
    seed: async (s) => {
      // Through the batch route, 2,000 at a time: one pro customer in three.
      for (let from = 0; from < CONTACTS; from += 2_000) {
        const contacts = Array.from({ length: 2_000 }, (_, i) => ({ id: `c${from + i}`, attributes: { plan: (from + i) % 3 === 0 ? 'pro' : 'free' } }));
        const sent = await s.api('POST', '/contacts/batch', { contacts });
        if (sent.status !== 200) throw new Error(`could not add contacts: ${JSON.stringify(sent.body)}`);
      }
    },
  });
  ({ server, page } = app);
}, 180_000);

afterAll(() => app?.close());

const figure = () => page.getByTestId('segment-editor').getByTestId('live-count-figure');

describe('the live size estimate past 5,000 contacts', () => {
  it('reads as an estimate from a random sample of 5,000, with its margin, in English and in French', async () => {
    await page.goto(`${server.url}/#/segments`);
    await page.getByRole('button', { name: 'New segment' }).click();
    const editor = page.getByTestId('segment-editor');
    await editor.getByLabel('Name', { exact: true }).fill('Pro customers');
    await editor.getByLabel(/^Attribute/).fill('plan');
    await editor.getByLabel(/^Value/).fill('pro');
    await expect
      .poll(() => figure().textContent(), { timeout: 20_000 })
      .toMatch(new RegExp(`^About ${N} of 6,000 contacts match, ± ${N} \\(estimate from a random sample of 5,000 contacts, 95% interval\\)\\.$`));
    await screenshot(page, 'segment-estimate-en');

    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await expect
      .poll(() => figure().textContent(), { timeout: 20_000 })
      .toMatch(new RegExp(`^Environ ${N} contacts sur 6[\\s\\u00a0\\u202f]000 correspondent,\\s±\\s${N} \\(estimation sur un échantillon aléatoire de 5[\\s\\u00a0\\u202f]000 contacts, intervalle à 95[\\s\\u00a0\\u202f]%\\)\\.$`));
    await screenshot(page, 'segment-estimate-fr');
  }, 90_000);
});
