import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { type AppSession, launchBrowser, openApp, type RunningServer, screenshot, signInAs } from './harness.ts';
import { welcomeVariant } from './examples.ts';

/**
 * Issue 13, "a French interface when the browser asks for it": a chromium whose language is French gets every screen
 * in French (and none of the English words checked), the EN / FR switch changes it and survives a reload, a
 * validation problem reads in French, and an English browser gets English.
 */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

const variant = welcomeVariant;

beforeAll(async () => {
  app = await openApp({
    timeout: 15_000,
    signIn: true,
    locale: 'fr-FR',
    seed: async (s) => {
      expect((await s.api('PUT', '/contacts/ana', { attributes: { firstName: 'Ana' }, consents: { email: true } })).status).toBeLessThan(300);
      expect((await s.api('POST', '/scenarios', variant('typo', 'Coquille', 'Bienvenue {{ contact.frstName }} !'))).status).toBe(201);
      expect((await s.api('POST', '/scenarios', variant('bienvenue', 'Bienvenue', 'Bienvenue {{ contact.firstName }} !'))).status).toBe(201);
    },
  });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

const NBSP = '\u00a0';

/** The text of the page or of one part of it (as written, before CSS capitals), for "shows this, not that" checks. */
const text = async (scope: Page | Locator) => (await ('goto' in scope ? scope.locator('body') : scope).textContent()) ?? '';

async function expectWords(shown: string[], absent: string[], scope: Page | Locator = page) {
  for (const words of shown) await expect.poll(() => text(scope), { message: `shows "${words}"` }).toContain(words);
  const body = await text(scope);
  for (const words of absent) expect(body, `does not show "${words}"`).not.toContain(words);
}

async function openEditor(id: string) {
  await page.goto(`${server.url}/#/scenarios/${id}`);
  await page.locator('.editor-title h1').waitFor();
}

describe('the web app in French', () => {
  it('opens in French for a French browser: the scenario list', async () => {
    await page.goto(server.url);
    await page.getByTestId('scenario-table').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await expectWords(['Parcours', '+ Nouveau parcours', 'Boîte d’envoi', 'Se déconnecter', 'Dernière modification', 'Entrées (7 jours)', 'brouillon'], [
      'New scenario',
      'Sign out',
      'Outbox',
      'Last change',
      'Entries (7 days)',
    ]);
    await screenshot(page, 'french-list');
  });

  it('shows the editor in French: palette, problems list with a validation problem in French, node panel', async () => {
    await openEditor('typo');
    const palette = page.locator('.palette');
    await expectWords(['Déclencheurs', 'Attentes', 'Envoyer un e-mail', 'Objectif'], ['Triggers', 'Goals & exits'], palette);
    const problems = page.getByTestId('problems');
    await expect.poll(() => problems.locator('.problems-head').textContent()).toBe('⚠ 1 problème à corriger avant de publier');
    const problem = await problems.locator('li.error').textContent();
    expect(problem).toContain(`aucun attribut de contact «${NBSP}frstName${NBSP}»${NBSP}; vouliez-vous dire «${NBSP}firstName${NBSP}»${NBSP}?`);
    expect(problem).not.toContain('did you mean');
    await page.locator('[data-testid="node-wait_2d"]').click();
    const panel = page.getByTestId('node-panel');
    await expect.poll(() => panel.locator('h2').textContent()).toBe('Attendre');
    await expectWords(['Nom sur le canevas', 'Durée', 'Attend une durée fixe.'], ['Name on the canvas', 'Duration', 'Waits a fixed duration.'], panel);
    // The stored "2d" reads in French words.
    expect(await panel.getByLabel('Durée').inputValue()).toBe('2 jours');
    await expectWords(['Exporter en JSON', 'Importer'], ['Export JSON', 'Publish changes']);
    await screenshot(page, 'french-editor');
  });

  it('runs the simulator in French', async () => {
    await openEditor('bienvenue');
    await page.getByRole('tab', { name: 'Simuler' }).click();
    const panel = page.getByTestId('simulation-panel');
    await expectWords(['Simuler un contact', '▶ Lancer la simulation'], ['Simulate a contact', 'Run simulation'], panel);
    await panel.getByText('▶ Lancer la simulation').click();
    await panel.getByTestId('sim-result').waitFor();
    await expectWords(['Messages qui seraient envoyés', 'entré'], ['Messages that would be sent', 'Still in the journey', 'Left the journey'], panel);
  });

  it('asks before publishing, in French', async () => {
    await openEditor('bienvenue');
    await expect.poll(() => page.getByTestId('problems').locator('.problems-head').textContent()).toMatch(/^✓ Prêt à publier/);
    await page.locator('.editor-actions button.primary').click();
    const dialog = page.getByTestId('publish-dialog');
    await expect.poll(() => dialog.locator('h3').textContent()).toBe('Publier la première version');
    await expectWords(['Modifications', 'Qui entre', 'Note pour cette version (facultative)', 'Annuler'], ['Who enters', 'Publish the first version', 'Cancel'], dialog);
    await dialog.getByRole('button', { name: 'Annuler' }).click();
  });

  it('switches to English and back with EN / FR, and keeps the choice over a reload', async () => {
    await page.goto(server.url);
    await page.getByTestId('scenario-table').waitFor();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expectWords(['Scenarios', '+ New scenario', 'Sign out'], ['Nouveau parcours', 'Se déconnecter']);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.reload();
    await page.getByTestId('scenario-table').waitFor();
    await expectWords(['+ New scenario', 'Last change'], ['Nouveau parcours', 'Dernière modification']);
    await openEditor('typo');
    await expect.poll(() => page.getByTestId('problems').locator('li.error').textContent()).toContain('did you mean "firstName"?');
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await expect.poll(() => page.getByTestId('problems').locator('li.error').textContent()).toContain('vouliez-vous dire');
    await page.reload();
    await page.locator('.editor-title h1').waitFor();
    await expectWords(['Déclencheurs', 'Exporter en JSON'], ['Triggers', 'Export JSON']);
    expect(pageErrors).toEqual([]);
  });

  it('stays English for an English browser', async () => {
    const english = await launchBrowser({ width: 1280, height: 800 }, { locale: 'en-US' });
    try {
      const p = english.page;
      await signInAs(p, server);
      await p.getByTestId('scenario-table').waitFor();
      expect(await p.evaluate(() => document.documentElement.lang)).toBe('en');
      await expectWords(['Scenarios', '+ New scenario', 'Outbox', 'Last change'], ['Nouveau parcours', 'Boîte d’envoi', 'Dernière modification'], p);
    } finally {
      await english.close();
    }
  });

  it('shows the import question, a message node, templates, settings, test cases, the forecast and analytics in French', async () => {
    await page.goto(server.url);
    await page.getByTestId('scenario-table').waitFor();
    await expectWords(['Statistiques'], ['Analytics'], page.getByTestId('scenario-table'));
    // A file whose scenario exists: the question, in French.
    const file = { name: 'bienvenue.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(variant('bienvenue', 'Bienvenue', 'Bonjour !'))) };
    await page.getByTestId('import-file').setInputFiles(file);
    const clash = page.getByRole('dialog', { name: 'Ce parcours existe déjà' });
    await expectWords(['Remplacer le brouillon', 'Importer comme copie', 'a le même identifiant que le fichier'], ['Replace the draft', 'Import as a copy', 'already exists'], clash);
    await clash.getByRole('button', { name: 'Annuler' }).click();

    await openEditor('bienvenue');
    await expectWords(['Statistiques', 'Prévoir la pression'], ['Analytics', 'Forecast pressure']);
    await page.locator('[data-testid="node-send_welcome"]').click();
    const panel = page.getByTestId('node-panel');
    await expectWords(
      ['Modèle', 'Objet', 'Aperçu pour Camille', 'Aperçu pour un contact', 'Réutiliser un message d’un autre parcours…', 'Ne pas envoyer'],
      ['Subject', 'Preview for', 'Reuse a message', 'Skip', 'Defer'],
      panel,
    );
    expect(await panel.getByPlaceholder('Identifiant du contact, p. ex. camille@example.com').count()).toBe(1);

    await page.getByRole('tab', { name: 'Modèles' }).click();
    await expectWords(['+ Ajouter un modèle', `Le contenu des messages, personnalisé avec Liquid${NBSP}:`, '· utilisé par 1 étape'], ['Add template', 'used by', 'Message content'], page.getByTestId('templates-panel'));
    await page.getByRole('tab', { name: 'Réglages' }).click();
    await expectWords(['Suivre les ouvertures et les clics des e-mails'], ['Track email opens and clicks']);

    await page.getByRole('tab', { name: 'Simuler' }).click();
    const tests = page.getByTestId('saved-tests');
    await expectWords(['Cas de test (5)', 'Lancer tous les tests'], ['Test cases', 'Run all tests'], tests);
    await tests.getByRole('button', { name: 'Lancer tous les tests' }).click();
    await expectWords([`Couverture${NBSP}:`, 'étapes ', 'Suggérer des cas', 'Masquer les résultats'], ['Coverage', 'nodes ', 'Suggest cases', 'Hide results'], tests);

    await page.getByRole('button', { name: 'Prévoir la pression' }).click();
    const forecast = page.getByRole('dialog', { name: 'Prévision de pression marketing' });
    await forecast.getByTestId(/^forecast/).waitFor();
    await expectWords(['Relancer'], ['Run again', 'Pressure forecast', 'No contacts yet', 'Messages per contact per week', 'sampled'], forecast);
    await forecast.getByRole('button', { name: 'Fermer' }).click();

    await page.goto(`${server.url}/#/scenarios/bienvenue/analytics`);
    await page.getByTestId('funnel-canvas').waitFor();
    await expectWords(
      ['Statistiques', 'Entonnoir', 'Par jour', 'Choisissez au moins deux étapes.', 'Entrées et conversions', 'Messages par statut', 'Chiffre d’affaires'],
      ['Analytics', 'Funnel', 'Per day', 'Choose at least two nodes', 'Entries and conversions', 'Messages by status', 'Revenue'],
    );
    await screenshot(page, 'french-analytics');
    expect(pageErrors).toEqual([]);
  });

  it('shows contacts, settings and tasks in French, confirm() texts included', async () => {
    await page.goto(`${server.url}/#/contacts/ana`);
    const detail = page.getByTestId('contact-detail');
    await detail.waitFor();
    await page.getByRole('searchbox', { name: 'Rechercher des contacts' }).waitFor();
    await expectWords(['Attributs', 'Consentements et préférences', 'Historique des consentements', 'Fuseau horaire', 'celui du parcours', 'Historique', 'Effacer ce contact'], [
      'Attributes',
      'Consents',
      'Time zone',
      'Timeline',
      'Erase this contact',
    ], detail);

    await page.goto(`${server.url}/#/settings`);
    await page.getByTestId('pressure-form').waitFor();
    await expectWords(
      ['Réglages', 'Pression marketing', 'Enregistrer les règles de pression', 'Déclarer un attribut', 'Variables d’environnement', 'Liste d’exclusion', 'Clés d’API', 'Dernière utilisation'],
      ['Marketing pressure', 'Save pressure rules', 'Declare an attribute', 'Environment variables', 'Suppression list', 'API keys', 'Last used', 'Create key'],
    );
    expect(await page.getByTestId('pressure-form').getByRole('status').textContent()).toBe(`Enregistré · aucun plafond, pas d’heures de silence`);
    expect(await page.getByTestId('attribute-catalogue').locator('tr', { hasText: 'firstName' }).textContent()).toContain('vu sur des contacts1 sur 1');
    expect(await page.getByRole('table', { name: 'Canaux' }).locator('tr[data-channel="email"]').textContent()).toMatch(/^e-mailbac à sable/);

    // A suppression by hand, then its removal: the row and the confirm() question are in French.
    await page.getByLabel('Exclure une adresse').fill('ana@example.com');
    await page.getByRole('button', { name: 'Exclure', exact: true }).click();
    const row = page.getByTestId('suppression');
    await expect.poll(() => row.textContent()).toContain('Ajoutée à la main');
    expect(await row.textContent()).toContain('e-mail');
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => void d.dismiss().then(() => resolve(d.message()))));
    await row.getByRole('button', { name: 'Supprimer' }).click();
    expect(await asked).toBe(`Retirer ana@example.com de la liste d’exclusion${NBSP}? Des messages pourront de nouveau y être envoyés.`);

    await page.goto(`${server.url}/#/tasks`);
    await expectWords(['Tâches', 'Aucune tâche pour le moment.'], ['No task yet', 'What task nodes asked']);
    expect(pageErrors).toEqual([]);
    await screenshot(page, 'french-tasks');
  });
});
