import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, scenarioFile, type Harness } from './helpers.ts';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const catalogue = async () => (await h.call('GET', '/attributes')).body as { contacts: number; attributes: Array<{ name: string; contacts: number; type?: string }> };
const count = (c: Awaited<ReturnType<typeof catalogue>>, name: string) => c.attributes.find((a) => a.name === name)?.contacts;

/** The welcome example with its first email's subject replaced. */
function welcomeWithSubject(subject: string) {
  const welcome = scenarioFile('welcome');
  welcome.templates[0].subject = subject;
  return welcome;
}

describe('attribute catalogue', () => {
  it('counts the known contacts having each attribute through upserts, identify, and erasure', async () => {
    await h.call('PUT', '/contacts/ada', { attributes: { firstName: 'Ada', plan: 'pro' } });
    await h.call('PUT', '/contacts/bob', { attributes: { firstName: 'Bob' } });
    await h.call('POST', '/track', { anonymousId: 'visitor', event: 'page_viewed' });
    let c = await catalogue();
    // The anonymous visitor is not a contact of the catalogue.
    expect(c.contacts).toBe(2);
    expect([count(c, 'firstName'), count(c, 'plan')]).toEqual([2, 1]);

    await h.call('PUT', '/contacts/bob', { attributes: { plan: 'free', firstName: 'Robert' } });
    await h.call('POST', '/identify', { userId: 'cy', anonymousId: 'visitor', traits: { plan: 'free' } });
    c = await catalogue();
    expect(c.contacts).toBe(3);
    expect([count(c, 'firstName'), count(c, 'plan')]).toEqual([2, 3]);

    await h.call('DELETE', '/contacts/ada');
    c = await catalogue();
    expect(c.contacts).toBe(2);
    expect([count(c, 'firstName'), count(c, 'plan')]).toEqual([1, 2]);
  });

  it('merges the attributes declared in the settings, typed, and refuses a bad declaration with its path', async () => {
    const saved = await h.call('PUT', '/settings/attributes', { attributes: [{ name: 'loyaltyTier', type: 'text' }] });
    expect(saved.status).toBe(200);
    expect((await catalogue()).attributes).toEqual([{ name: 'loyaltyTier', contacts: 0, type: 'text' }]);
    const bad = await h.call('PUT', '/settings/attributes', { attributes: [{ name: 'ok', type: 'text' }, { name: 'two words', type: 'colour' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: unknown[] }) => i.path)).toEqual(expect.arrayContaining([['attributes', 1, 'name'], ['attributes', 1, 'type']]));
    expect((await h.call('GET', '/settings/attributes')).body).toEqual({ attributes: [{ name: 'loyaltyTier', type: 'text' }] });
  });
});

describe('publishing checks template variables against the catalogue', () => {
  beforeEach(async () => {
    await h.call('PUT', '/contacts/ada', { attributes: { firstName: 'Ada', plan: 'pro' } });
    await h.call('PUT', '/contacts/bob', { attributes: { firstName: 'Bob' } });
  });

  it('refuses a misspelt attribute, located on the template field and its node, with a suggestion', async () => {
    const scenario = welcomeWithSubject('Welcome to Pro, {{ contact.frstName }}!');
    await h.call('POST', '/scenarios', scenario);
    const res = await h.call('POST', `/scenarios/${scenario.id}/publish`);
    expect(res.status).toBe(422);
    expect(res.body.error.issues).toEqual([
      expect.objectContaining({ path: ['templates', 0, 'subject'], nodeId: 'send_welcome', message: expect.stringContaining('did you mean "firstName"?') }),
    ]);
    expect((await h.call('GET', `/scenarios/${scenario.id}/versions`)).body.items).toEqual([]);
  });

  it('publishes an attribute some contacts lack, with a warning that counts them', async () => {
    // Without its saved cases: their contacts have no plan, so those sends would fail and the cases with them.
    const scenario = { ...welcomeWithSubject('Your {{ contact.plan }} plan'), tests: [] };
    await h.call('POST', '/scenarios', scenario);
    const { validation } = (await h.call('GET', `/scenarios/${scenario.id}`)).body;
    expect(validation.ok).toBe(true);
    const missing = validation.warnings.filter((w: { code: string }) => w.code === 'attribute_often_missing');
    expect(missing).toEqual([expect.objectContaining({ nodeId: 'send_welcome', path: ['templates', 0, 'subject'], message: expect.stringContaining('1 contact of 2 has no "plan"') })]);
    expect((await h.call('POST', `/scenarios/${scenario.id}/publish`)).status).toBe(201);
  });
});

describe('drafts', () => {
  it('save an Email node without a template and an event trigger without an event; publishing and simulating refuse them', async () => {
    const scenario = scenarioFile('welcome');
    await h.call('POST', '/scenarios', scenario);
    scenario.nodes[0].config = { event: '' };
    scenario.nodes[1].config = { template: '', onCap: 'skip', once: false };
    const saved = await h.call('PUT', `/scenarios/${scenario.id}/draft`, scenario);
    expect(saved.status).toBe(200);
    expect(saved.body.draft.nodes[1].config).toEqual({ template: '', onCap: 'skip', once: false });
    expect(saved.body.validation.ok).toBe(false);
    expect(saved.body.validation.errors.map((e: { nodeId?: string }) => e.nodeId)).toEqual(expect.arrayContaining(['signed_up', 'send_welcome']));
    expect((await h.call('GET', `/scenarios/${scenario.id}`)).body.draft.nodes[0].config).toEqual({ event: '' });
    expect((await h.call('POST', `/scenarios/${scenario.id}/publish`)).status).toBe(422);
    expect((await h.call('POST', `/scenarios/${scenario.id}/simulate`, { contact: { id: 'c' } })).status).toBe(422);
  });
});

describe('publish summary and note', () => {
  it('lists the changes since the live version, ignores positions, and keeps the note with the version', async () => {
    const scenario = scenarioFile('welcome');
    await h.call('POST', '/scenarios', scenario);
    const first = await h.call('GET', `/scenarios/${scenario.id}/publish-summary`);
    expect(first.body).toMatchObject({ liveVersion: null, changed: true, entry: { estimate: null } });
    expect((await h.call('POST', `/scenarios/${scenario.id}/publish`, { note: 'First version' })).status).toBe(201);

    const moved = structuredClone(scenario);
    moved.nodes = moved.nodes.map((n: { position?: { x: number; y: number } }) => ({ ...n, position: { x: 999, y: 999 } }));
    await h.call('PUT', `/scenarios/${scenario.id}/draft`, moved);
    expect((await h.call('GET', `/scenarios/${scenario.id}/publish-summary`)).body).toMatchObject({ liveVersion: 1, changed: false });

    moved.nodes = moved.nodes.filter((n: { id: string }) => n.id !== 'send_offer');
    moved.edges = moved.edges.filter((e: { source: string; target: string }) => e.source !== 'send_offer' && e.target !== 'send_offer');
    moved.nodes.find((n: { id: string }) => n.id === 'wait_2d').config.duration = '3d';
    await h.call('PUT', `/scenarios/${scenario.id}/draft`, moved);
    const summary = (await h.call('GET', `/scenarios/${scenario.id}/publish-summary`)).body;
    expect(summary.changed).toBe(true);
    expect(summary.changes).toMatchObject({ added: [], removed: [{ id: 'send_offer' }], changed: [{ id: 'wait_2d' }], other: ['connections'] });

    expect((await h.call('GET', `/scenarios/${scenario.id}/versions`)).body.items).toEqual([expect.objectContaining({ version: 1, note: 'First version' })]);
  });

  it('estimates how many contacts a segment entry would take in now', async () => {
    for (let i = 0; i < 10; i++) await h.call('PUT', `/contacts/c${i}`, { attributes: { plan: i < 3 ? 'pro' : 'free' } });
    const scenario = scenarioFile('welcome');
    scenario.nodes[0] = { id: 'signed_up', type: 'entry.segment', config: { condition: { attribute: 'plan', op: 'eq', value: 'pro' } }, position: { x: 0, y: 0 } };
    await h.call('POST', '/scenarios', scenario);
    const summary = (await h.call('GET', `/scenarios/${scenario.id}/publish-summary`)).body;
    // Ten contacts: the sample is all of them, so the estimate is exact.
    expect(summary.entry).toEqual({ estimate: 3, sampled: 10, contacts: 10 });
  });
});
