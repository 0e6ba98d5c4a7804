import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, type RunningServer, screenshot } from './harness.ts';

/** Contacts → Import in a real browser against the real server: preview, mapping, dry run, import, contacts listed. */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;
const dir = mkdtempSync(join(tmpdir(), 'parcours-import-files-'));

const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
};
const HEADER = 'user_id;email;first_name;age;newsletter';
const bad = file('bad.csv', [HEADER, 'zoe;zoe@example.com;Zoé;31;yes', 'yann;yann@example.com;Yann;trente;no']);
const good = file('good.csv', [HEADER, 'zoe;zoe@example.com;Zoé;31;yes', 'yann;yann@example.com;Yann;30;no']);

beforeAll(async () => {
  app = await openApp({ timeout: 15_000, signIn: true });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the flow, chooses the file and maps its columns as a marketer would. */
async function chooseAndMap(path: string) {
  await page.goto(`${server.url}/#/contacts`);
  await page.getByRole('button', { name: 'Import contacts' }).click();
  await page.getByLabel('File to import').setInputFiles(path);
  const flow = page.getByTestId('import-flow');
  // The preview shows the first rows, read with the separator the header uses.
  await expect.poll(() => flow.getByTestId('import-preview').locator('tbody tr').count()).toBe(2);
  expect(await flow.getByTestId('import-preview').locator('thead th').allTextContents()).toEqual(['user_id', 'email', 'first_name', 'age', 'newsletter']);
  // Guessed from the names and the sample: the keys, and typed attributes.
  expect(await flow.getByLabel('Use of column user_id').inputValue()).toBe('id');
  expect(await flow.getByLabel('Use of column email').inputValue()).toBe('email');
  expect(await flow.getByLabel('Type of column first_name').inputValue()).toBe('text');
  await flow.getByLabel('Use of column newsletter').selectOption('consent');
  await flow.getByLabel('Consent channel of column newsletter').selectOption('email');
  await flow.getByLabel('Source of the consents in column newsletter').fill('shop sign-up form');
  await flow.getByLabel('Attribute for column first_name').fill('firstName');
  // The sample of a bad file says text; the marketer says number.
  await flow.getByLabel('Type of column age').selectOption('number');
  return flow;
}

describe('contact import in a real browser', () => {
  it('a dry run shows the bad line and column, and imports nothing', async () => {
    const flow = await chooseAndMap(bad);
    await flow.getByRole('button', { name: 'Check the file (dry run)' }).click();
    const report = flow.getByTestId('import-report');
    await expect.poll(() => report.textContent()).toContain('The file has 1 errors: nothing was imported.');
    const errors = report.getByTestId('import-errors').locator('tbody tr');
    expect(await errors.count()).toBe(1);
    expect(await errors.first().locator('td').allTextContents()).toEqual(['3', 'age', expect.stringContaining('"trente" is not a number')]);
    await screenshot(page, 'import-dry-run');
    expect((await server.api<{ items: unknown[] }>('GET', '/contacts')).body.items).toEqual([]);
  });

  it('imports a good file with progress, and the contacts appear in the list', async () => {
    const flow = await chooseAndMap(good);
    await flow.getByRole('button', { name: 'Import', exact: true }).click();
    const report = flow.getByTestId('import-report');
    await expect.poll(() => report.textContent()).toContain('Import finished.');
    expect(await report.textContent()).toContain('2 of 2 rows written: 2 contacts created, 0 updated, 0 unchanged.');
    const list = page.locator('.pick-list');
    await expect.poll(() => list.locator('li').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('zoe'), expect.stringContaining('yann')]));
    await screenshot(page, 'import-done');

    const zoe = (await server.api<any>('GET', '/contacts/zoe')).body;
    expect(zoe.attributes).toEqual({ email: 'zoe@example.com', firstName: 'Zoé', age: 31 });
    expect(zoe.consents).toEqual({ email: true });
    const history = (await server.api<any>('GET', '/contacts/zoe/consents')).body;
    expect(history.changes).toEqual([expect.objectContaining({ channel: 'email', granted: true, source: 'shop sign-up form' })]);
    expect(pageErrors).toEqual([]);
  });
});
