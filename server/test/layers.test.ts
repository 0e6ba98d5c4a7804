import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { SimulationError } from '@parcours/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toApiError } from '../src/http/errors.ts';
import { delayScenario } from './fixtures/scenarios.ts';
import { checkAnswer, harness, type Harness } from './helpers.ts';

const SRC = resolve(import.meta.dirname, '../src');
/** The layers below the HTTP edge: they speak in domain errors and never import from http/. */
const INNER = ['store', 'runtime', 'delivery', 'channels', 'domain', 'db'];

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );

/** Every module a file imports or re-exports, resolved to a path when it is relative. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles.map((i) => i.fileName).filter((name) => name.startsWith('.')).map((name) => resolve(dirname(file), name));
}

describe('layers', () => {
  it('no store, runtime, delivery, channels, domain or db file imports from http/', () => {
    const files = INNER.flatMap((dir) => filesUnder(join(SRC, dir)));
    expect(files.length).toBeGreaterThan(30);
    const leaks = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => relative(join(SRC, 'http'), target).split(/[\\/]/)[0] !== '..')
        .map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`),
    );
    expect(leaks).toEqual([]);
  });

  it('finds an import of http/ when there is one (the check above can fail)', () => {
    expect(importsOf(join(SRC, 'app.ts'))).toContain(join(SRC, 'http/errors.ts'));
  });
});

describe('domain errors answer with their own status, mapped at the HTTP edge', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  const error = (answer: { status: number; body: any }) => ({ status: answer.status, code: answer.body.error.code });

  it('NotFound → 404 not_found', async () => {
    expect(error(await h.call('GET', '/scenarios/nope'))).toEqual({ status: 404, code: 'not_found' });
    expect(error(await h.call('GET', '/contacts/nobody'))).toEqual({ status: 404, code: 'not_found' });
  });

  it('Conflict → 409 conflict', async () => {
    await h.call('POST', '/scenarios', delayScenario('twice'));
    expect(error(await h.call('POST', '/scenarios', delayScenario('twice')))).toEqual({ status: 409, code: 'conflict' });
  });

  it('NotLive → 409 not_live', async () => {
    await h.call('POST', '/scenarios', delayScenario('draft_only', { entry: 'api' }));
    await h.call('PUT', '/contacts/c1', { attributes: {} });
    expect(error(await h.call('POST', '/scenarios/draft_only/enrol', { contactId: 'c1' }))).toEqual({ status: 409, code: 'not_live' });
  });

  it('InvalidScenario → 422 invalid_scenario with located issues', async () => {
    const answer = await h.call('POST', '/scenarios', { ...delayScenario('bad'), nodes: [{ id: 'start', type: 'entry.nope', config: {} }] });
    expect(error(answer)).toEqual({ status: 422, code: 'invalid_scenario' });
    expect(answer.body.error.issues[0].nodeId).toBe('start');
  });

  it('a template problem → 422 with the template error code', async () => {
    const scenario = delayScenario('tpl');
    scenario.templates[0].html = '<p>{{ contact.first_name </p>';
    await h.call('POST', '/scenarios', scenario);
    const answer = await h.call('POST', '/scenarios/tpl/templates/first/preview', {});
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('template_syntax');
  });

  it('CasesFailed → 422 cases_failed', async () => {
    const failing = { name: 'never', contact: { id: 'x' }, events: [], expect: { path: ['start', 'done'] } };
    await h.call('POST', '/scenarios', { ...delayScenario('gated'), tests: [failing] });
    expect(error(await h.call('POST', '/scenarios/gated/publish'))).toEqual({ status: 422, code: 'cases_failed' });
  });

  it("the simulator's SimulationError → 422 simulation_failed; anything else is no API error (500)", () => {
    expect(toApiError(new SimulationError('runaway'))).toMatchObject({ status: 422, code: 'simulation_failed' });
    expect(toApiError(new Error('bug'))).toBeUndefined();
  });
});

describe('answers are checked against the shared answer schemas', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  it('every call through the harness parses its answer; a drifted answer fails the test', async () => {
    const listed = await h.call('GET', '/scenarios');
    expect(listed.status).toBe(200);
    expect(() => checkAnswer(h.app, 'GET', '/scenarios', 200, listed.body)).not.toThrow();
    const drifted = { items: [{ id: 'welcome', name: 'Welcome', status: 'live', latestVersion: '1', updatedAt: 'now' }] };
    expect(() => checkAnswer(h.app, 'GET', '/scenarios', 200, drifted)).toThrow(/latestVersion/);
    expect(() => checkAnswer(h.app, 'GET', '/scenarios/welcome', 200, { id: 'welcome' })).toThrow(/does not match its declared schema/);
    expect(() => checkAnswer(h.app, 'GET', '/scenarios/welcome', 404, { error: { code: 'not_found' } })).toThrow(/Error schema/);
    expect(() => checkAnswer(h.app, 'GET', '/scenarios', 201, listed.body)).toThrow(/declares no 201/);
  });

  it('the OpenAPI document describes the shared answers as named components', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body;
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['ScenarioDetail', 'Issue', 'Error', 'Contact', 'Message', 'VersionStats']));
    expect(doc.components.schemas.Issue.properties.path).toEqual({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } });
    expect(doc.paths['/scenarios/{id}'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ScenarioDetail' });
  });
});

describe('SQL lives in store/ and db/', () => {
  // The lead moves these runtime files' queries into store/ (issue 10); drop each from here when done.
  it('no other server file imports the query builder or the raw statements', () => {
    const outside = filesUnder(SRC).filter((file) => !/^(store|db)[\\/]/.test(relative(SRC, file)));
    const querying = outside.filter((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      return importedFiles.some(({ fileName }) => fileName === 'drizzle-orm' || resolve(dirname(file), fileName) === join(SRC, 'db/statements.ts'));
    });
    expect(querying.map((file) => relative(SRC, file))).toEqual([]);
  });
});
