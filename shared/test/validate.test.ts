import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NODE_TYPES, formatValidationError, validateScenario, type ValidationCode, type ValidationContext } from '../src/index.ts';
import { ENTRIES, KNOWN, everyNodeType, mutable } from './validate.fixtures.ts';

/** Validates and keeps the errors of one code (the others are checked to be absent where it matters). */
/** The errors of one code, as the CLI and the API word them (their `params` are checked in problem-params.test.ts). */
function errorsOf(input: unknown, code: ValidationCode, ctx: ValidationContext = KNOWN) {
  return validateScenario(input, ctx)
    .errors.filter((error) => error.code === code)
    .map(({ params, ...error }) => error);
}

const nodeIndex = (scenario: { nodes: { id: string }[] }, id: string) => scenario.nodes.findIndex((node) => node.id === id);

describe('validateScenario on valid scenarios', () => {
  it.each(Object.keys(ENTRIES) as (keyof typeof ENTRIES)[])('accepts every node type, starting with %s', (entry) => {
    const input = everyNodeType(entry);
    const result = validateScenario(input, KNOWN);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.scenario?.nodes.map((node) => node.id)).toEqual(input.nodes.map((node) => node.id));
  });

  it('the fixture really covers every node type', () => {
    const used = new Set(Object.keys(ENTRIES).flatMap((entry) => everyNodeType(entry as keyof typeof ENTRIES).nodes.map((node) => node.type)));
    expect([...used].sort()).toEqual([...NODE_TYPES].sort());
  });

  it('returns the scenario with its defaults applied', () => {
    const result = validateScenario({
      schemaVersion: 1,
      id: 'minimal',
      name: 'Minimal',
      nodes: [
        { id: 'in', type: 'entry.api', config: {} },
        { id: 'out', type: 'flow.exit', config: {} },
      ],
      edges: [{ id: 'e', source: 'in', target: 'out' }],
    });
    expect(result.ok).toBe(true);
    expect(result.scenario?.settings.reentry).toEqual({ policy: 'never' });
    expect(result.scenario?.templates).toEqual([]);
    expect(result.scenario?.nodes[0].position).toEqual({ x: 0, y: 0 });
    expect(result.scenario?.edges[0].sourceHandle).toBe('next');
  });

  it('accepts every example scenario shipped in scenarios/', () => {
    const dir = new URL('../../scenarios/', import.meta.url);
    const files = readdirSync(dir).filter((file) => file.endsWith('.json') && file !== 'scenario.schema.json');
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const result = validateScenario(JSON.parse(readFileSync(new URL(file, dir), 'utf8')));
      expect({ file, errors: result.errors.filter((e) => e.code !== 'unknown_scenario') }).toEqual({ file, errors: [] });
    }
  });
});

describe('invalid_shape', () => {
  it('locates a bad field inside a node and names the node', () => {
    const input = mutable(everyNodeType());
    input.nodes[nodeIndex(input, 'points')].config.delta = 'five';
    const [error, ...rest] = errorsOf(input, 'invalid_shape');
    expect(rest).toEqual([]);
    expect(error).toEqual({
      code: 'invalid_shape',
      nodeId: 'points',
      path: ['nodes', nodeIndex(input, 'points'), 'config', 'delta'],
      message: 'must be a number, not "five"',
    });
  });

  it('reports a missing field, an unknown field and a bad enum value, each at its own path', () => {
    const input = mutable(everyNodeType());
    delete input.name;
    input.colour = 'blue';
    input.nodes[nodeIndex(input, 'newsletter')].config.op = 'toggle';
    const errors = errorsOf(input, 'invalid_shape');
    expect(errors).toContainEqual({ code: 'invalid_shape', path: ['name'], message: 'is required' });
    expect(errors).toContainEqual({ code: 'invalid_shape', path: ['colour'], message: 'is not a known field' });
    expect(errors).toContainEqual({
      code: 'invalid_shape',
      nodeId: 'newsletter',
      path: ['nodes', nodeIndex(input, 'newsletter'), 'config', 'op'],
      message: 'must be one of "add", "remove"',
    });
  });

  it('points into a condition at the field that is wrong, not at the whole union', () => {
    const input = mutable(everyNodeType());
    const engaged = nodeIndex(input, 'engaged');
    input.nodes[engaged].config.condition.any[0].count.op = 'around';
    expect(errorsOf(input, 'invalid_shape')).toEqual([
      {
        code: 'invalid_shape',
        nodeId: 'engaged',
        path: ['nodes', engaged, 'config', 'condition', 'any', 0, 'count', 'op'],
        message: 'must be one of "eq", "gte", "lte", "gt", "lt"',
      },
    ]);
  });

  it('locates a bad edge and a bad settings field', () => {
    const input = mutable(everyNodeType());
    input.edges[2].target = 42;
    input.settings.frequencyCaps[0].max = -1;
    const errors = errorsOf(input, 'invalid_shape');
    expect(errors).toContainEqual({ code: 'invalid_shape', edgeId: input.edges[2].id, path: ['edges', 2, 'target'], message: 'must be a string, not 42' });
    expect(errors).toContainEqual({ code: 'invalid_shape', path: ['settings', 'frequencyCaps', 0, 'max'], message: 'must be at least 0' });
  });

  it('rejects what is not an object at all, without a scenario', () => {
    for (const input of [null, 'scenario', 42, [], undefined]) {
      const result = validateScenario(input);
      expect(result.ok).toBe(false);
      expect(result.scenario).toBeUndefined();
      expect(result.errors).toEqual([{ code: 'invalid_shape', message: expect.stringMatching(/^a scenario must be a JSON object/) }]);
    }
  });

  it('reports a circular reference and absurd nesting instead of overflowing', () => {
    const circular = mutable(everyNodeType());
    circular.nodes[1].config.self = circular.nodes[1];
    expect(validateScenario(circular).errors).toEqual([
      { code: 'invalid_shape', nodeId: 'delay', path: ['nodes', 1, 'config', 'self'], message: 'contains a circular reference' },
    ]);

    const deep = mutable(everyNodeType());
    let value: unknown = 'bottom';
    for (let i = 0; i < 50_000; i++) value = [value];
    deep.nodes[nodeIndex(deep, 'tag')].config.value = value;
    const [error] = validateScenario(deep).errors;
    expect(error).toMatchObject({ code: 'invalid_shape', nodeId: 'tag', message: expect.stringMatching(/nested more than \d+ levels/) });
  });

  it('reports a property that throws when read', () => {
    const input = mutable(everyNodeType());
    Object.defineProperty(input.nodes[0], 'label', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(validateScenario(input).errors).toEqual([{ code: 'invalid_shape', path: ['nodes', 0, 'label'], message: 'cannot be read as JSON data' }]);
  });
});

describe('unknown_node_type', () => {
  it('names the bad type and suggests the closest known one', () => {
    const input = mutable(everyNodeType());
    const delay = nodeIndex(input, 'delay');
    input.nodes[delay].type = 'wait.dealy';
    expect(errorsOf(input, 'unknown_node_type')).toEqual([
      { code: 'unknown_node_type', nodeId: 'delay', path: ['nodes', delay, 'type'], message: 'unknown node type "wait.dealy"; did you mean "wait.delay"?' },
    ]);
  });

  it('suggests the full name for a bare kind, and nothing for a wild guess', () => {
    const input = mutable(everyNodeType());
    input.nodes[nodeIndex(input, 'mail')].type = 'email';
    input.nodes[nodeIndex(input, 'text')].type = 'carrier-pigeon';
    const [email, pigeon] = errorsOf(input, 'unknown_node_type');
    expect(email.message).toBe('unknown node type "email"; did you mean "action.email"?');
    expect(pigeon.message).toBe('unknown node type "carrier-pigeon"; a type looks like "wait.delay" or "action.email"');
  });

  it('keeps the node in the graph, so its edges are not reported as dangling', () => {
    const input = mutable(everyNodeType());
    input.nodes[nodeIndex(input, 'tag')].type = 'action.tag';
    expect(errorsOf(input, 'dangling_edge')).toEqual([]);
    expect(errorsOf(input, 'unreachable_node')).toEqual([]);
  });
});

describe('duplicate_id', () => {
  it('reports a repeated node id on the second node', () => {
    const input = mutable(everyNodeType());
    const done = nodeIndex(input, 'done');
    input.nodes.push({ ...input.nodes[done] });
    expect(errorsOf(input, 'duplicate_id')).toEqual([
      { code: 'duplicate_id', nodeId: 'done', path: ['nodes', input.nodes.length - 1, 'id'], message: `id "done" is already used by nodes[${done}]` },
    ]);
  });

  it('reports repeated edge and template ids', () => {
    const input = mutable(everyNodeType());
    input.edges[5].id = input.edges[1].id;
    input.templates.push({ ...input.templates[0], subject: 'Other' });
    expect(errorsOf(input, 'duplicate_id')).toEqual([
      { code: 'duplicate_id', edgeId: input.edges[1].id, path: ['edges', 5, 'id'], message: 'id "e1" is already used by edges[1]' },
      { code: 'duplicate_id', path: ['templates', 4, 'id'], message: 'id "welcome_mail" is already used by templates[0]' },
    ]);
  });

  it('reports repeated split variant and switch case ids, and a case called "default"', () => {
    const input = mutable(everyNodeType());
    const ab = nodeIndex(input, 'ab');
    const byPlan = nodeIndex(input, 'by_plan');
    input.nodes[ab].config.variants[1].id = 'a';
    input.nodes[byPlan].config.cases.push({ id: 'default', condition: { inList: 'vip' } });
    expect(errorsOf(input, 'duplicate_id')).toEqual([
      { code: 'duplicate_id', nodeId: 'by_plan', path: ['nodes', byPlan, 'config', 'cases', 1, 'id'], message: 'a case may not be called "default": that is the name of the fallback output' },
      { code: 'duplicate_id', nodeId: 'ab', path: ['nodes', ab, 'config', 'variants', 1, 'id'], message: 'id "a" is already used by variants[0]' },
    ]);
  });
});

describe('dangling_edge', () => {
  it('reports an edge from or to a node that does not exist', () => {
    const input = mutable(everyNodeType());
    input.edges.push({ id: 'stray', source: 'ghost', target: 'phantom' });
    const at = input.edges.length - 1;
    expect(errorsOf(input, 'dangling_edge')).toEqual([
      { code: 'dangling_edge', edgeId: 'stray', path: ['edges', at, 'source'], message: 'no node "ghost"' },
      { code: 'dangling_edge', edgeId: 'stray', path: ['edges', at, 'target'], message: 'no node "phantom"' },
    ]);
  });

  it('reports an edge from an output the node does not have', () => {
    const input = mutable(everyNodeType());
    const edge = input.edges.findIndex((e: { source: string; sourceHandle: string }) => e.source === 'engaged' && e.sourceHandle === 'yes');
    input.edges[edge].sourceHandle = 'maybe';
    expect(errorsOf(input, 'dangling_edge')).toEqual([
      { code: 'dangling_edge', edgeId: input.edges[edge].id, path: ['edges', edge, 'sourceHandle'], message: 'node "engaged" has no output "maybe": its outputs are "yes", "no"' },
    ]);
  });

  it('reports an edge leaving a node that has no outputs', () => {
    const input = mutable(everyNodeType());
    input.edges.push({ id: 'after_exit', source: 'done', sourceHandle: 'next', target: 'tag' });
    expect(errorsOf(input, 'dangling_edge')).toEqual([
      { code: 'dangling_edge', edgeId: 'after_exit', path: ['edges', input.edges.length - 1, 'sourceHandle'], message: 'node "done" has no output "next": Exit nodes have none' },
    ]);
  });
});

describe('missing_output, duplicate_output and missing_default', () => {
  const dropEdge = (input: { edges: { source: string; sourceHandle: string }[] }, source: string, handle: string) => {
    input.edges = input.edges.filter((edge) => !(edge.source === source && edge.sourceHandle === handle));
  };

  it('missing_output: an unconnected output is reported on its node', () => {
    const input = mutable(everyNodeType());
    dropEdge(input, 'wait_open', 'timedOut');
    expect(errorsOf(input, 'missing_output')).toEqual([
      { code: 'missing_output', nodeId: 'wait_open', path: ['nodes', nodeIndex(input, 'wait_open')], message: 'output "timedOut" is not connected' },
    ]);
  });

  it('duplicate_output: a second edge from the same output is reported on that edge', () => {
    const input = mutable(everyNodeType());
    input.edges.push({ id: 'again', source: 'mail', sourceHandle: 'next', target: 'done' });
    const first = input.edges.find((e: { source: string }) => e.source === 'mail');
    expect(errorsOf(input, 'duplicate_output')).toEqual([
      { code: 'duplicate_output', edgeId: 'again', path: ['edges', input.edges.length - 1, 'sourceHandle'], message: `output "next" of node "mail" is already connected by edge "${first.id}"` },
    ]);
  });

  it('missing_default: the "no" of a condition and the "default" of a switch, instead of missing_output', () => {
    const input = mutable(everyNodeType());
    dropEdge(input, 'engaged', 'no');
    dropEdge(input, 'by_plan', 'default');
    const errors = validateScenario(input, KNOWN).errors.filter((e) => e.code === 'missing_default' || e.code === 'missing_output');
    expect(errors).toEqual([
      expect.objectContaining({ code: 'missing_default', nodeId: 'engaged', path: ['nodes', nodeIndex(input, 'engaged')], message: expect.stringContaining('"no"') }),
      expect.objectContaining({ code: 'missing_default', nodeId: 'by_plan', path: ['nodes', nodeIndex(input, 'by_plan')], message: expect.stringContaining('"default"') }),
    ]);
  });
});

describe('entries', () => {
  it('no_entry: a scenario without an entry node', () => {
    const input = mutable(everyNodeType());
    input.nodes[0].type = 'wait.delay';
    input.nodes[0].config = { duration: '1h' };
    expect(errorsOf(input, 'no_entry')).toEqual([{ code: 'no_entry', path: ['nodes'], message: expect.stringContaining('no entry node') }]);
  });

  it('multiple_entries: every entry after the first is reported', () => {
    const input = mutable(everyNodeType());
    input.nodes.push({ id: 'side_door', type: 'entry.api', config: {} });
    input.edges.push({ id: 'side', source: 'side_door', target: 'done' });
    expect(errorsOf(input, 'multiple_entries')).toEqual([
      { code: 'multiple_entries', nodeId: 'side_door', path: ['nodes', input.nodes.length - 1], message: 'a scenario has exactly one entry node, and "start" already is' },
    ]);
  });

  it('entry_has_input: an edge leading into the entry', () => {
    const input = mutable(everyNodeType());
    const edge = input.edges.findIndex((e: { source: string }) => e.source === 'crm');
    input.edges[edge].target = 'start';
    expect(errorsOf(input, 'entry_has_input')).toEqual([
      { code: 'entry_has_input', edgeId: input.edges[edge].id, path: ['edges', edge, 'target'], message: 'node "start" is an entry node: no edge may lead into it' },
    ]);
  });

  it('unreachable_node: nodes no path leads to from the entry', () => {
    const input = mutable(everyNodeType());
    input.nodes.push({ id: 'island', type: 'action.score', config: { delta: 1 } }, { id: 'island_end', type: 'flow.exit', config: {} });
    input.edges.push({ id: 'bridge', source: 'island', target: 'island_end' });
    expect(errorsOf(input, 'unreachable_node')).toEqual([
      { code: 'unreachable_node', nodeId: 'island', path: ['nodes', input.nodes.length - 2], message: 'no path leads here from the entry node "start"' },
      { code: 'unreachable_node', nodeId: 'island_end', path: ['nodes', input.nodes.length - 1], message: 'no path leads here from the entry node "start"' },
    ]);
  });
});

describe('split_not_100', () => {
  it('reports percentages that do not add up to 100', () => {
    const input = mutable(everyNodeType());
    const ab = nodeIndex(input, 'ab');
    input.nodes[ab].config.variants[2].percent = 5;
    expect(errorsOf(input, 'split_not_100')).toEqual([
      { code: 'split_not_100', nodeId: 'ab', path: ['nodes', ab, 'config', 'variants'], message: 'the variant percentages add up to 95, not 100' },
    ]);
  });

  it('tolerates floating-point rounding', () => {
    const input = mutable(everyNodeType());
    input.nodes[nodeIndex(input, 'ab')].config.variants = [
      { id: 'a', percent: 33.3 },
      { id: 'b', percent: 33.3 },
      { id: 'holdout', percent: 33.4 },
    ];
    expect(0.1 + 0.2).not.toBe(0.3); // the kind of rounding this tolerance is for
    expect(validateScenario(input, KNOWN).errors).toEqual([]);
  });
});

describe('loop_without_wait', () => {
  it('reports a loop with no wait node once, on its first node', () => {
    const input = mutable(everyNodeType());
    // points → newsletter → onboard → back to points
    const edge = input.edges.findIndex((e: { source: string }) => e.source === 'onboard');
    input.edges[edge].target = 'points';
    input.nodes.push({ id: 'spare', type: 'flow.exit', config: {} });
    const errors = errorsOf(input, 'loop_without_wait');
    expect(errors).toEqual([
      {
        code: 'loop_without_wait',
        nodeId: 'points',
        path: ['nodes', nodeIndex(input, 'points')],
        message: 'the loop "points" → "newsletter" → "onboard" → "points" has no wait node: a contact would go round it forever',
      },
    ]);
  });

  it('reports each separate loop, including a node looping on itself', () => {
    const input = mutable(everyNodeType());
    const tag = input.edges.findIndex((e: { source: string }) => e.source === 'tag');
    input.edges[tag].target = 'tag';
    const crm = input.edges.findIndex((e: { source: string }) => e.source === 'crm');
    input.edges[crm].target = 'ab';
    expect(errorsOf(input, 'loop_without_wait').map((e) => e.nodeId).sort()).toEqual(['ab', 'tag']);
  });

  it('shortens the route of a long loop', () => {
    const ring = Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, type: 'action.score', config: { delta: 1 } }));
    const input = {
      schemaVersion: 1,
      id: 'ring',
      name: 'Ring',
      nodes: [{ id: 'in', type: 'entry.api', config: {} }, ...ring],
      edges: [{ id: 'enter', source: 'in', target: 'r0' }, ...ring.map((node, i) => ({ id: `e${i}`, source: node.id, target: `r${(i + 1) % 12}` }))],
    };
    expect(errorsOf(input, 'loop_without_wait')).toEqual([
      {
        code: 'loop_without_wait',
        nodeId: 'r0',
        path: ['nodes', 1],
        message: 'the loop "r0" → "r1" → "r2" → "r3" → "r4" → "r5" → "r6" → "r7" → … (12 nodes) → "r0" has no wait node: a contact would go round it forever',
      },
    ]);
  });

  it('accepts a loop that goes through a wait', () => {
    // The fixture already loops: wait_open → wait_score → by_plan → notify → wait_open.
    expect(errorsOf(everyNodeType(), 'loop_without_wait')).toEqual([]);
  });
});

describe('bad_duration', () => {
  it('reports a malformed duration with its own code rather than invalid_shape', () => {
    const input = mutable(everyNodeType());
    const delay = nodeIndex(input, 'delay');
    input.nodes[delay].config.duration = '3 days';
    expect(errorsOf(input, 'invalid_shape')).toEqual([]);
    expect(errorsOf(input, 'bad_duration')).toEqual([
      { code: 'bad_duration', nodeId: 'delay', path: ['nodes', delay, 'config', 'duration'], message: 'must be a duration such as "30m", "4h", "3d", "1w" or "1d12h"' },
    ]);
  });

  it('reports an empty, a zero and a longer-than-five-years duration', () => {
    const input = mutable(everyNodeType());
    input.nodes[nodeIndex(input, 'wait_open')].config.timeout = '0m';
    input.nodes[nodeIndex(input, 'wait_score')].config.timeout = '300w';
    input.settings.frequencyCaps[0].per = '';
    const errors = errorsOf(input, 'bad_duration');
    expect(errors).toContainEqual({ code: 'bad_duration', path: ['settings', 'frequencyCaps', 0, 'per'], message: 'must be a duration such as "30m", "4h", "3d", "1w" or "1d12h"' });
    expect(validateScenario({ ...input, settings: everyNodeType().settings }, KNOWN).errors).toEqual([
      { code: 'bad_duration', nodeId: 'wait_open', path: ['nodes', nodeIndex(input, 'wait_open'), 'config', 'timeout'], message: 'must be longer than zero', params: { variant: 'zero' } },
      { code: 'bad_duration', nodeId: 'wait_score', path: ['nodes', nodeIndex(input, 'wait_score'), 'config', 'timeout'], message: 'must not exceed 5 years ("1826d")', params: { variant: 'too_long', max: '1826d' } },
    ]);
  });

  it('checks durations inside conditions and in the settings', () => {
    const input = mutable(everyNodeType());
    input.nodes[nodeIndex(input, 'engaged')].config.condition.any[0].within = '0d';
    input.settings.frequencyCaps[0].per = '0s';
    expect(errorsOf(input, 'bad_duration')).toEqual([
      { code: 'bad_duration', nodeId: 'engaged', path: ['nodes', nodeIndex(input, 'engaged'), 'config', 'condition', 'any', 0, 'within'], message: 'must be longer than zero' },
      { code: 'bad_duration', path: ['settings', 'frequencyCaps', 0, 'per'], message: 'must be longer than zero' },
    ]);
  });
});

describe('templates and scenarios referred to', () => {
  it('unknown_template: a message node sending a template the scenario does not have', () => {
    const input = mutable(everyNodeType());
    const mail = nodeIndex(input, 'mail');
    input.nodes[mail].config.template = 'welcome_mial';
    expect(errorsOf(input, 'unknown_template')).toEqual([
      { code: 'unknown_template', nodeId: 'mail', path: ['nodes', mail, 'config', 'template'], message: 'no template "welcome_mial" in the scenario\'s templates' },
    ]);
  });

  it('template_channel_mismatch: an SMS node sending an email template', () => {
    const input = mutable(everyNodeType());
    const text = nodeIndex(input, 'text');
    input.nodes[text].config.template = 'welcome_mail';
    expect(errorsOf(input, 'template_channel_mismatch')).toEqual([
      { code: 'template_channel_mismatch', nodeId: 'text', path: ['nodes', text, 'config', 'template'], message: 'template "welcome_mail" is for email, not sms' },
    ]);
  });

  it('unknown_scenario: only checked when the known scenarios are given', () => {
    const input = mutable(everyNodeType());
    const onboard = nodeIndex(input, 'onboard');
    expect(errorsOf(input, 'unknown_scenario', { knownScenarios: ['other'] })).toEqual([
      { code: 'unknown_scenario', nodeId: 'onboard', path: ['nodes', onboard, 'config', 'scenario'], message: 'no scenario "onboarding"' },
    ]);
    expect(errorsOf(input, 'unknown_scenario', {})).toEqual([]);
    input.nodes[onboard].config.scenario = input.id; // starting itself again is allowed: re-entry rules govern it
    expect(errorsOf(input, 'unknown_scenario', { knownScenarios: [] })).toEqual([]);
  });

  it('unknown_segment: a saved segment entry on a segment that does not exist, only checked when the known segments are given', () => {
    const input = mutable(everyNodeType('entry.membership'));
    const start = nodeIndex(input, 'start');
    expect(errorsOf(input, 'unknown_segment', { knownSegments: ['seg-other'] })).toEqual([
      { code: 'unknown_segment', nodeId: 'start', path: ['nodes', start, 'config', 'segment'], message: 'no saved segment "seg-vip"' },
    ]);
    expect(errorsOf(input, 'unknown_segment', { knownSegments: ['seg-vip'] })).toEqual([]);
    expect(errorsOf(input, 'unknown_segment', {})).toEqual([]);
  });
});

describe('reporting everything in one pass', () => {
  it('a shape error in one node does not hide graph errors elsewhere', () => {
    const input = mutable(everyNodeType());
    input.nodes[nodeIndex(input, 'delay')].config.duration = 42;
    input.edges = input.edges.filter((e: { source: string }) => e.source !== 'crm');
    const result = validateScenario(input, KNOWN);
    expect(result.scenario).toBeUndefined();
    expect(result.errors.map((e) => [e.code, e.nodeId])).toEqual([
      ['invalid_shape', 'delay'],
      ['missing_output', 'crm'],
    ]);
  });

  it('still returns the parsed scenario when only the graph is wrong, so a draft can be saved', () => {
    const input = mutable(everyNodeType());
    input.edges.pop();
    const result = validateScenario(input, KNOWN);
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.code)).toEqual(['missing_output']);
    expect(result.scenario?.id).toBe(input.id);
  });
});

describe('formatValidationError', () => {
  it('leads with the node, the edge or the path', () => {
    expect(formatValidationError({ code: 'bad_duration', nodeId: 'w1', path: ['nodes', 2, 'config', 'duration'], message: 'must be longer than zero' })).toBe(
      'node w1: config.duration: must be longer than zero',
    );
    expect(formatValidationError({ code: 'missing_output', nodeId: 'w1', path: ['nodes', 2], message: 'output "next" is not connected' })).toBe(
      'node w1: output "next" is not connected',
    );
    expect(formatValidationError({ code: 'dangling_edge', edgeId: 'e4', path: ['edges', 4, 'target'], message: 'no node "x"' })).toBe('edge e4: target: no node "x"');
    expect(formatValidationError({ code: 'bad_duration', path: ['settings', 'frequencyCaps', 0, 'per'], message: 'must not be empty' })).toBe(
      'settings.frequencyCaps[0].per: must not be empty',
    );
    expect(formatValidationError({ code: 'invalid_shape', message: 'a scenario must be a JSON object, not null' })).toBe('a scenario must be a JSON object, not null');
  });
});
