import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { scenarios, scenarioVersions } from '../src/db/schema.ts';
import { harness, scenarioFile, type Harness } from './helpers.ts';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const rows = (table: typeof scenarios | typeof scenarioVersions) => h.db.select({ n: count() }).from(table).get()!.n;

describe('scenarios API', () => {
  it('creates, lists, reads, validates, publishes and versions a scenario', async () => {
    const welcome = scenarioFile('welcome');
    const created = await h.call('POST', '/scenarios', welcome);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: welcome.id, name: welcome.name, status: 'draft', latestVersion: null, validation: { ok: true, errors: [] } });
    expect(created.body.draft.nodes).toHaveLength(welcome.nodes.length);

    expect((await h.call('POST', '/scenarios', welcome)).status).toBe(409);

    const list = await h.call('GET', '/scenarios');
    expect(list.body.items).toEqual([expect.objectContaining({ id: welcome.id, status: 'draft', latestVersion: null })]);

    expect((await h.call('POST', `/scenarios/${welcome.id}/validate`)).body).toEqual({ ok: true, errors: [], warnings: [] });

    const published = await h.call('POST', `/scenarios/${welcome.id}/publish`);
    expect(published).toEqual({ status: 201, body: { version: 1 } });
    // Publishing an unchanged draft adds no version.
    expect(await h.call('POST', `/scenarios/${welcome.id}/publish`)).toEqual({ status: 200, body: { version: 1 } });

    const edited = { ...welcome, name: 'Welcome v2' };
    const saved = await h.call('PUT', `/scenarios/${welcome.id}/draft`, edited);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ name: 'Welcome v2', status: 'live', latestVersion: 1 });
    expect((await h.call('POST', `/scenarios/${welcome.id}/publish`)).body).toEqual({ version: 2 });

    const versions = await h.call('GET', `/scenarios/${welcome.id}/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v1 = await h.call('GET', `/scenarios/${welcome.id}/versions/1`);
    expect(v1.body).toMatchObject({ version: 1, scenario: { name: welcome.name } });
    expect((await h.call('GET', `/scenarios/${welcome.id}/versions/9`)).status).toBe(404);

    const exported = await h.call('GET', `/scenarios/${welcome.id}/export`);
    expect(exported.body).toMatchObject({ id: welcome.id, name: 'Welcome v2', schemaVersion: 1 });

    const archived = await h.call('POST', `/scenarios/${welcome.id}/archive`);
    expect(archived.body.status).toBe('archived');
  });

  it('saves a draft with graph errors, reports them, and refuses to publish it', async () => {
    const welcome = scenarioFile('welcome');
    await h.call('POST', '/scenarios', welcome);
    const broken = { ...welcome, edges: welcome.edges.filter((e: { source: string }) => e.source !== 'wait_2d') };
    const saved = await h.call('PUT', `/scenarios/${welcome.id}/draft`, broken);
    expect(saved.status).toBe(200);
    expect(saved.body.validation.ok).toBe(false);
    expect(saved.body.validation.errors.some((e: { nodeId?: string }) => e.nodeId === 'wait_2d')).toBe(true);

    const publish = await h.call('POST', `/scenarios/${welcome.id}/publish`);
    expect(publish.status).toBe(422);
    expect(publish.body.error.code).toBe('invalid_scenario');
    expect(publish.body.error.issues.some((i: { nodeId?: string }) => i.nodeId === 'wait_2d')).toBe(true);
    expect(rows(scenarioVersions)).toBe(0);
  });

  it('refuses a scenario of the wrong shape with a located 422 and writes nothing', async () => {
    const welcome = scenarioFile('welcome');
    // A node config is allowed to be unfinished in a draft (below); a node of no known type is not a scenario.
    const bad = structuredClone(welcome);
    bad.nodes[2].type = 'wait.forever';
    const res = await h.call('POST', '/scenarios', bad);
    expect(res.status).toBe(422);
    expect(res.body.error.issues[0]).toMatchObject({ path: ['nodes', 2, 'type'], nodeId: 'wait_2d' });
    expect(rows(scenarios)).toBe(0);

    await h.call('POST', '/scenarios', welcome);
    const put = await h.call('PUT', `/scenarios/${welcome.id}/draft`, bad);
    expect(put.status).toBe(422);
    expect((await h.call('GET', `/scenarios/${welcome.id}`)).body.draft.nodes[2].type).toBe('wait.delay');

    const otherId = await h.call('PUT', `/scenarios/${welcome.id}/draft`, { ...welcome, id: 'other' });
    expect(otherId.status).toBe(422);
    expect(otherId.body.error.issues[0].path).toEqual(['id']);
  });

  it('answers malformed JSON, a wrong content type and unknown ids with clear 4xx', async () => {
    const malformed = await h.call('POST', '/scenarios', '{"id": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');
    const empty = await h.app.request('/api/scenarios/import', { method: 'POST', headers: { authorization: 'Bearer pk_test_admin_key_0123456789', 'content-type': 'text/plain' }, body: 'x' });
    expect(empty.status).toBe(415);
    expect((await h.call('GET', '/scenarios/nope')).status).toBe(404);
    expect((await h.call('PUT', '/scenarios/nope/draft', scenarioFile('welcome'))).status).toBe(404);
    expect((await h.call('POST', '/scenarios/nope/publish')).status).toBe(404);
    expect((await h.call('GET', '/scenarios/bad%20id')).status).toBe(400);
    expect((await h.call('GET', '/scenarios/welcome/versions/zero')).body.error.issues[0].path).toEqual(['v']);
    expect((await h.call('GET', '/no/such/route')).status).toBe(404);
    expect(rows(scenarios)).toBe(0);
  });

  it('imports: creates a new scenario (201) or replaces the draft of an existing one (200)', async () => {
    const cart = scenarioFile('abandoned-cart');
    expect((await h.call('POST', '/scenarios/import', cart)).status).toBe(201);
    const again = await h.call('POST', '/scenarios/import', { ...cart, name: 'Cart v2' });
    expect(again.status).toBe(200);
    expect(again.body.name).toBe('Cart v2');
    const bad = await h.call('POST', '/scenarios/import', { ...cart, nodes: [{ id: 'x', type: 'wait.forever', config: {} }] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues[0].path.slice(0, 2)).toEqual(['nodes', 0]);
  });

  it('simulates the draft and checks the simulation input', async () => {
    const welcome = scenarioFile('welcome');
    await h.call('POST', '/scenarios', welcome);
    const sim = await h.call('POST', `/scenarios/${welcome.id}/simulate`, {
      contact: { id: 'c1', consents: { email: true } },
      events: [{ at: '1h', event: 'signed_up' }],
      until: '30d',
    });
    expect(sim.status).toBe(200);
    expect(sim.body.messages.length).toBeGreaterThan(0);
    expect(sim.body.steps[0]).toMatchObject({ node: 'signed_up', outcome: 'entered' });
    const bad = await h.call('POST', `/scenarios/${welcome.id}/simulate`, { contact: { id: 'c1' }, events: [{ at: 'soon', event: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path.slice(0, 2)).toEqual(['events', 0]);
  });

  it('serves an OpenAPI 3.1 document with the scenario schema as a component', async () => {
    const doc = await h.call('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/scenarios', '/scenarios/{id}/publish', '/contacts/{id}', '/track', '/batch', '/identify', '/messages', '/keys']),
    );
    expect(doc.body.components.schemas.Scenario.properties.nodes).toBeDefined();
    expect(doc.body.paths['/scenarios'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/Scenario');
    // Every reference resolves inside the document.
    const refs = JSON.stringify(doc.body).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const name = ref.slice('"$ref":"#/components/schemas/'.length, -1);
      expect(doc.body.components.schemas[name], ref).toBeDefined();
    }
  });

  it('describes every JSON answer of every route with a schema, none left as "any JSON"', async () => {
    const doc = await h.call('GET', '/openapi.json');
    const undescribed: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, any>>(doc.body.paths)) {
      for (const [method, operation] of Object.entries<any>(operations)) {
        for (const [status, answer] of Object.entries<any>(operation.responses ?? {})) {
          const schema = answer.content?.['application/json']?.schema;
          if (schema && Object.keys(schema).length === 0) undescribed.push(`${method.toUpperCase()} ${path} → ${status}`);
        }
      }
    }
    expect(undescribed).toEqual([]);
  });
});
