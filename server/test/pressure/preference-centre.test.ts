import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preferencesUrl } from '../../src/channels/index.ts';
import { START } from '../helpers.ts';
import { pressureHarness, type PressureHarness } from './harness.ts';
import { testConfig } from '../channels/fixtures.ts';

let h: PressureHarness;
let path: string;
beforeEach(async () => {
  h = pressureHarness();
  await h.call('PUT', '/settings/topics', { topics: [{ id: 'offers', name: 'Offers', channels: ['email', 'sms'] }, { id: 'news', name: 'Newsletter', channels: ['email'] }] });
  await h.call('PUT', '/contacts/zoe', { attributes: { email: 'zoe@example.test' }, consents: { email: true } });
  const { secret, ttlDays } = testConfig().unsubscribe;
  path = new URL(preferencesUrl('zoe', { publicUrl: 'https://parcours.test', secret, ttlDays, now: () => h.clock.now() })).pathname;
});
afterEach(() => h.close());

const get = (url: string, headers: Record<string, string> = {}) => h.app.request(url, { headers });
const post = (url: string, form: string) => h.app.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });

describe('the preference centre page', () => {
  it('speaks the language of Accept-Language, or of the switch, with no script and no inline style', async () => {
    const french = await get(path, { 'accept-language': 'fr-CA,en;q=0.5' });
    expect(french.status).toBe(200);
    const text = await french.text();
    expect(text).toContain('<html lang="fr">');
    expect(text).toContain('Vos préférences');
    expect(text).not.toMatch(/<script|style=|<style/i);
    expect(french.headers.get('content-security-policy')).toContain("default-src 'none'");
    const english = await (await get(`${path}?lang=en`, { 'accept-language': 'fr' })).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toMatch(/<legend>Topics<\/legend>/);
    // Every box has its label.
    for (const id of english.matchAll(/<input [^>]*id="([^"]+)"/g)) expect(english).toContain(`<label for="${id[1]}">`);
    const css = await get('/p/assets/preferences.css');
    expect(css.headers.get('content-type')).toContain('text/css');
  });

  it('saves topics, channels and frequency, each change in the consent history with the source preference_centre', async () => {
    h.clock.advance(1000);
    // Offers by SMS only, no newsletter, email consent kept, at most weekly.
    const res = await post(`${path}?lang=en`, 'topic=offers%3Asms&channel=email&frequency=weekly');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('role="status" id="outcome" tabindex="-1" autofocus>Your preferences are saved.');
    const history = (await h.call('GET', '/contacts/zoe/consents')).body;
    expect(history.preferences).toEqual({ topics: { offers: { email: false, sms: true }, news: { email: false } }, frequency: 'weekly' });
    const at = new Date(START + 1000).toISOString();
    expect(history.preferenceChanges).toEqual([
      { topic: 'offers', channel: 'email', granted: false, frequency: null, source: 'preference_centre', at },
      { topic: 'news', channel: 'email', granted: false, frequency: null, source: 'preference_centre', at },
      { topic: null, channel: null, granted: null, frequency: 'weekly', source: 'preference_centre', at },
    ]);
    // Unticking a channel withdraws its consent, recorded with the same source.
    await post(path, 'frequency=weekly');
    const after = (await h.call('GET', '/contacts/zoe/consents')).body;
    expect(after.consents.email).toBe(false);
    expect(after.changes.at(-1)).toMatchObject({ channel: 'email', granted: false, source: 'preference_centre' });
  });

  it('refuses a choice it did not offer, a bad token, and an erased contact, writing nothing', async () => {
    const bad = await post(path, 'topic=gossip%3Aemail&frequency=weekly');
    expect(bad.status).toBe(400);
    expect((await post(path, 'frequency=hourly')).status).toBe(400);
    expect((await h.call('GET', '/contacts/zoe/consents')).body.preferenceChanges).toEqual([]);
    const forged = `${path.slice(0, -3)}abc`;
    expect((await get(forged)).status).toBe(400);
    expect((await post(forged, 'frequency=weekly')).status).toBe(400);
    await h.call('DELETE', '/contacts/zoe');
    expect((await get(path)).status).toBe(404);
    expect((await post(path, 'frequency=weekly')).status).toBe(404);
  });
});
