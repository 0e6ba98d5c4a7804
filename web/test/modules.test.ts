import { describe, expect, it } from 'vitest';
import { ApiError, describeError, errorFromBody } from '../src/api/errors.ts';
import { humanDuration, outputLabel, conditionSummary } from '../src/editor/summary.ts';
import { nodeSummary } from '../src/editor/visuals.ts';
import { errorsUnder, locate, problemsOf } from '../src/editor/validation.ts';
import { pathUpTo, sinceStart } from '../src/simulation/path.ts';
import { parseRoute, href } from '../src/router.ts';
import { slugify } from '../src/pages/ScenarioList.tsx';
import { vocabularyOf } from '../src/editor/vocabulary.ts';
import { simulate, type ScenarioNode } from '@parcours/shared';
import * as graph from '../src/editor/graph.ts';
import { welcomeScenario } from './fixtures.ts';

describe('API errors', () => {
  it('reads the contract error shape with its located issues', () => {
    const e = errorFromBody(422, { error: { code: 'invalid_scenario', message: 'The scenario is invalid', issues: [{ path: ['nodes', 2, 'config', 'duration'], message: 'bad duration', nodeId: 'wait' }] } });
    expect(e).toMatchObject({ status: 422, code: 'invalid_scenario', issues: [{ nodeId: 'wait' }] });
    expect(describeError(e)).toBe('The scenario is invalid — nodes[2].config.duration: bad duration');
  });
  it('explains answers without a body and a lost connection', () => {
    expect(describeError(errorFromBody(401, null))).toMatch(/API key was refused/);
    expect(describeError(errorFromBody(502, '<html>'))).toMatch(/server failed/);
    // Not the API's error shape (issue paths as text): a generic error, not half-read issues.
    expect(errorFromBody(400, { error: { code: 'x', message: 'm', issues: [{ path: 'a.b', message: 'bad' }] } })).toMatchObject({ code: 'http_400', issues: [] });
    expect(describeError(new ApiError(0, 'offline', 'x'))).toMatch(/Cannot reach/);
  });
});

describe('node summaries', () => {
  const s = welcomeScenario();
  const node = (type: string, config: unknown) => ({ id: 'n', type, config, position: { x: 0, y: 0 } }) as ScenarioNode;
  it('reads like a sentence', () => {
    expect(humanDuration('1d12h')).toBe('1 day 12 hours');
    expect(nodeSummary(s.nodes[1], s)).toBe('Wait 3 days');
    expect(nodeSummary(s.nodes[2], s)).toBe('Email: Welcome #1');
    expect(nodeSummary(node('branch.split', { variants: [{ id: 'a', percent: 50 }, { id: 'b', percent: 50 }] }), s)).toBe('Split 50/50');
    expect(nodeSummary(node('wait.window', { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }), s)).toBe('Mon–Fri 09:00–18:00');
    expect(conditionSummary({ all: [{ attribute: 'plan', op: 'eq', value: 'pro' }, { event: 'purchase', within: '30d' }] })).toBe('plan is "pro" and did purchase in 30 days');
    expect(conditionSummary({ any: [{ attribute: 'visits', op: 'gte', value: 3 }, { event: 'purchase', count: { op: 'gt', value: 1 } }] })).toBe(
      'visits at least 3 or did purchase more than 1 time',
    );
  });
  it('summarises a condition typed as JSON before it is valid', () => {
    expect(conditionSummary({ all: 5 } as never)).toBe('?');
    expect(conditionSummary(null as never)).toBe('?');
  });
  it('labels outputs', () => {
    expect(outputLabel(node('wait.event', { event: 'x', timeout: '1d' }), 'timedOut')).toBe('Timed out');
    expect(outputLabel(node('branch.split', { variants: [{ id: 'ctl', label: 'Holdout', percent: 10, control: true }] }), 'ctl')).toBe('Holdout 10% (control)');
    expect(outputLabel(s.nodes[1], 'next')).toBe('');
  });
});

describe('validation on the canvas', () => {
  it('finds no problem in a complete journey', () => {
    expect(problemsOf(welcomeScenario()).ok).toBe(true);
  });
  it('puts errors on the node at fault, by id or by path index', () => {
    const s = graph.updateConfig(welcomeScenario(), 'wait', { duration: 'soon' });
    const problems = problemsOf(s);
    expect(problems.ok).toBe(false);
    expect(problems.byNode.get('wait')?.length).toBeGreaterThan(0);
    const located = locate(s, [{ code: 'bad_duration', message: 'x', path: ['nodes', 2, 'config', 'template'] }]);
    expect([...located.byNode.keys()]).toEqual(['mail']);
  });
  it('marks a node left unconnected', () => {
    const s = graph.deleteElements(welcomeScenario(), [], ['e2']);
    const problems = problemsOf(s);
    expect([...problems.byNode.keys()]).toEqual(expect.arrayContaining(['mail']));
  });
  it('keys the errors under a path by the rest of their segments, as form fields are keyed', () => {
    const errors = [
      { path: ['nodes', 2, 'config', 'variants', 1, 'percent'], message: 'too big' },
      { path: ['nodes', 2, 'config'], message: 'odd' },
      { path: ['nodes', 20, 'config', 'duration'], message: 'elsewhere' },
      { path: ['nodes', 2], message: 'on the node' },
    ];
    expect(errorsUnder(errors, ['nodes', 2, 'config'])).toEqual(new Map([['variants.1.percent', ['too big']], ['', ['odd']]]));
  });
});

describe('simulated path on the canvas', () => {
  it('lights nodes and edges up to the replayed step', () => {
    const s = welcomeScenario();
    const result = simulate(s, { contact: { id: 'c1', attributes: {}, consents: { email: true }, lists: [] }, events: [{ at: '0m', event: 'signed_up', properties: {} }] });
    expect(result.messages).toHaveLength(1);
    const all = pathUpTo(s, result.steps, result.steps.length - 1);
    expect([...all.visited.keys()]).toEqual(['start', 'wait', 'mail', 'end']);
    expect([...all.takenEdges]).toEqual(['e1', 'e2', 'e3']);
    const first = pathUpTo(s, result.steps, 0);
    expect(first.current).toBe('start');
    expect(first.takenEdges.size).toBe(0);
    expect(sinceStart(result.messages[0].at, result.start)).toBe('+3d');
  });
});

describe('routes and names', () => {
  it('round-trips routes', () => {
    const r = { page: 'editor', id: 'welcome series', version: 3 } as const;
    expect(parseRoute(href(r))).toEqual(r);
    expect(parseRoute('#/nowhere')).toEqual({ page: 'scenarios' });
  });
  it('makes ids from names', () => {
    expect(slugify('Bienvenue élève #2 !')).toBe('bienvenue-eleve-2');
    expect(slugify('!!!')).toBe('scenario');
  });
});

describe('vocabulary of a journey', () => {
  it('collects the events, attributes and lists it already uses', () => {
    let s = welcomeScenario();
    s = graph.addNode(s, 'branch.condition', { x: 0, y: 0 }).scenario;
    s = graph.updateConfig(s, 'condition-1', { condition: { any: [{ attribute: 'plan', op: 'eq', value: 'pro' }, { event: 'purchase' }, { inList: 'vip' }] } });
    s = { ...s, settings: { ...s.settings, exitEvents: [{ event: 'unsubscribed' }] } };
    expect(vocabularyOf(s)).toEqual({ event: ['purchase', 'signed_up', 'unsubscribed'], attribute: ['plan'], list: ['vip'] });
  });
});
