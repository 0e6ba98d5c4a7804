import { formatPath, type PathSegment } from '@parcours/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { delayScenario } from './fixtures/scenarios.ts';
import { ADMIN_KEY, harness, type Harness } from './helpers.ts';

/** A contact who enters at the start and leaves after both emails (the second one a day later). */
const goesThrough = (name: string, secondAt: string) => ({
  name,
  // The emails read first_name without a default: a contact without it would fail to be sent them (and the case with it).
  contact: { id: `c-${secondAt}`, attributes: { first_name: 'Ana' }, consents: { email: true } },
  events: [{ at: '0m', event: 'go' }],
  until: '3d',
  expect: {
    path: ['start', 'send_a', 'wait', 'send_b', 'done'],
    messages: [
      { channel: 'email', template: 'first', at: '0s' },
      { channel: 'email', template: 'second', at: secondAt },
    ],
    status: 'exited',
  },
});

const withCases = (...tests: unknown[]) => ({ ...delayScenario('gated'), tests });

describe('publishing runs the saved test cases first', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  const versions = async () => (await h.call('GET', '/scenarios/gated/versions')).body.items;

  it('publishes a scenario whose cases all pass, with no note', async () => {
    await h.call('POST', '/scenarios', withCases(goesThrough('second email a day later', '1d')));
    const published = await h.call('POST', '/scenarios/gated/publish');
    expect(published).toEqual({ status: 201, body: { version: 1 } });
  });

  it('takes a bare POST that declares JSON but sends no body as no body', async () => {
    await h.call('POST', '/scenarios', withCases(goesThrough('second email a day later', '1d')));
    const response = await h.app.request('/api/scenarios/gated/publish', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', 'content-length': '0' },
    });
    expect(response.status).toBe(201);
    expect(await versions()).toHaveLength(1);
  });

  it('refuses with 422 cases_failed, one issue per failing case located on tests[i], and publishes nothing', async () => {
    const scenario = withCases(goesThrough('passes', '1d'), goesThrough('expects two days', '2d'), goesThrough('expects three days', '3d'));
    await h.call('POST', '/scenarios', scenario);

    const refused = await h.call('POST', '/scenarios/gated/publish');

    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('cases_failed');
    expect(refused.body.error.message).toMatch(/^2 saved test cases fail/);
    expect(refused.body.error.issues.map((i: { path: PathSegment[] }) => formatPath(i.path))).toEqual(['tests[1]', 'tests[2]']);
    expect(refused.body.error.issues[0].message).toMatch(/^expects two days: message 2: expected email template second at 2026-01-07T08:00:00.000Z, got .* at 2026-01-06T08:00:00.000Z/);
    expect(await versions()).toEqual([]);
    expect((await h.call('GET', '/scenarios/gated')).body.status).toBe('draft');
  });

  it('publishes anyway with { override: true } and lists the failing cases in the answer', async () => {
    await h.call('POST', '/scenarios', withCases(goesThrough('expects two days', '2d')));

    const published = await h.call('POST', '/scenarios/gated/publish', { override: true });

    expect(published.status).toBe(201);
    expect(published.body.version).toBe(1);
    expect(published.body.failingCases).toEqual([{ path: ['tests', 0], message: expect.stringMatching(/^expects two days: message 2: /) }]);
    expect(await versions()).toHaveLength(1);
    expect((await h.call('GET', '/scenarios/gated')).body.status).toBe('live');
  });

  it('gates a new version after an edit breaks a case that passed when the first one was published', async () => {
    await h.call('POST', '/scenarios', withCases(goesThrough('second email a day later', '1d')));
    expect((await h.call('POST', '/scenarios/gated/publish')).status).toBe(201);

    const slower = withCases(goesThrough('second email a day later', '1d'));
    slower.nodes = slower.nodes.map((n) => (n.id === 'wait' ? { ...n, config: { duration: '2d' } } : n));
    expect((await h.call('PUT', '/scenarios/gated/draft', slower)).status).toBe(200);

    const refused = await h.call('POST', '/scenarios/gated/publish', { override: false });
    expect(refused.status).toBe(422);
    expect(refused.body.error.issues[0].message).toMatch(/^second email a day later: /);
    expect((await versions()).map((v: { version: number }) => v.version)).toEqual([1]);
  });

  it('checks the graph before the cases: an invalid draft is refused as before, override or not', async () => {
    const broken = withCases(goesThrough('expects two days', '2d'));
    broken.edges = broken.edges.filter((e) => e.id !== 'e2'); // the wait and what follows become unreachable
    await h.call('POST', '/scenarios', broken);

    const refused = await h.call('POST', '/scenarios/gated/publish', { override: true });

    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_scenario');
    expect(await versions()).toEqual([]);
  });

  it('answers a bad body with a located 400 and publishes nothing', async () => {
    await h.call('POST', '/scenarios', withCases(goesThrough('passes', '1d')));

    const wrongType = await h.call('POST', '/scenarios/gated/publish', { override: 'yes' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.issues[0].path).toEqual(['override']);

    const unknownField = await h.call('POST', '/scenarios/gated/publish', { overide: true });
    expect(unknownField.status).toBe(400);

    const malformed = await h.call('POST', '/scenarios/gated/publish', '{"override":');
    expect(malformed.status).toBe(400);

    expect(await versions()).toEqual([]);
  });

  it('documents the optional body and the note in the OpenAPI document', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body;
    const route = doc.paths['/scenarios/{id}/publish'].post;
    expect(route.requestBody.required).toBe(false);
    const body = doc.components.schemas.PublishRequest;
    expect(body.properties.override.type).toBe('boolean');
    expect(doc.components.schemas.PublishResult.properties.failingCases.type).toBe('array');
    expect(Object.keys(route.responses)).toEqual(expect.arrayContaining(['201', '400', '422']));
  });
});
