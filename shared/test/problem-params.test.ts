import { describe, expect, it } from 'vitest';
import { validateScenario } from '../src/index.ts';
import { everyNodeType } from './validate.fixtures.ts';

/**
 * Problems carry the parts of their message as `params`, so that the web app can word them in French; the English
 * `message` the CLI and the API return stays as it was.
 */
type Loose = { nodes: Array<{ id: string; type: string; config?: Record<string, unknown> }>; edges: Array<{ id?: string; source: string; sourceHandle?: string; target: string }>; templates: Array<Record<string, unknown>> };
const scenario = () => JSON.parse(JSON.stringify(everyNodeType())) as Loose;
const node = (s: Loose, id: string) => s.nodes.find((n) => n.id === id)!;

describe('problem params', () => {
  it('name what the message names: the split total, the unknown template, the unconnected output', () => {
    const input = scenario();
    (node(input, 'ab').config!.variants as { percent: number }[])[0].percent += 5;
    node(input, 'mail').config!.template = 'nope';
    input.edges = input.edges.filter((e) => e.source !== 'tag');
    const errors = validateScenario(input).errors;
    const byCode = (code: string) => errors.find((e) => e.code === code);
    expect(byCode('split_not_100')).toMatchObject({ message: 'the variant percentages add up to 105, not 100', params: { total: 105 } });
    expect(byCode('unknown_template')).toMatchObject({ message: `no template "nope" in the scenario's templates`, params: { template: 'nope' } });
    expect(byCode('missing_output')).toMatchObject({ message: 'output "next" is not connected', nodeId: 'tag', params: { output: 'next' } });
  });

  it('say which wording a code with several has, as `variant`', () => {
    const input = scenario();
    input.nodes.push({ ...node(input, 'delay') });
    input.edges.push({ id: 'ghost', source: 'nowhere', sourceHandle: 'next', target: 'delay' });
    const errors = validateScenario(input).errors;
    const delayAt = input.nodes.findIndex((n) => n.id === 'delay');
    expect(errors.find((e) => e.code === 'duplicate_id')?.params).toEqual({ variant: 'nodes', id: 'delay', position: delayAt + 1 });
    expect(errors.find((e) => e.code === 'dangling_edge')?.params).toEqual({ variant: 'no_node', node: 'nowhere' });
  });

  it('give a template problem its field, line and column', () => {
    const input = scenario();
    input.templates[0] = { ...input.templates[0], subject: 'Hi {{ contcat.firstName }}' };
    const problem = validateScenario(input).errors.find((e) => e.code === 'unknown_variable');
    expect(problem?.params).toMatchObject({ field: 'subject', line: 1, variable: 'contcat' });
  });
});
