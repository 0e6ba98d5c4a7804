import { describe, expect, it } from 'vitest';
import { NODE_TYPES, outputsOf, type Scenario } from '@parcours/shared';
import * as graph from '../src/editor/graph.ts';
import { welcomeScenario } from './fixtures.ts';

describe('graph edits', () => {
  it('adds a node of every type with a fresh id and its starter config, without touching the input', () => {
    let s: Scenario = welcomeScenario();
    const before = JSON.stringify(s);
    for (const type of NODE_TYPES) {
      const added = graph.addNode(s, type, { x: 10.4, y: 20.6 });
      expect(added.scenario.nodes.at(-1)).toMatchObject({ id: added.id, type, position: { x: 10, y: 21 } });
      s = added.scenario;
    }
    expect(new Set(s.nodes.map((n) => n.id)).size).toBe(s.nodes.length);
    expect(JSON.stringify(welcomeScenario())).toBe(before);
  });

  it('picks the first template of the channel for a new message node', () => {
    const { scenario, id } = graph.addNode(welcomeScenario(), 'action.email', { x: 0, y: 0 });
    expect(scenario.nodes.find((n) => n.id === id)?.config).toEqual({ template: 'welcome-1', onCap: 'skip', once: false });
  });

  it('connects an output, replacing the edge the output had', () => {
    let s = graph.addNode(welcomeScenario(), 'flow.goal', { x: 0, y: 0 }).scenario;
    s = graph.connect(s, { source: 'mail', sourceHandle: 'next', target: 'goal-1' });
    const fromMail = s.edges.filter((e) => e.source === 'mail');
    expect(fromMail).toEqual([{ id: 'e3', source: 'mail', sourceHandle: 'next', target: 'goal-1' }]);
  });

  it('adds a next step connected to the output it was dragged from', () => {
    const { scenario, id } = graph.addNodeAfter(welcomeScenario(), 'flow.goal', { x: 0, y: 600 }, { source: 'mail', sourceHandle: 'next' });
    expect(id).toBe('goal-1');
    expect(scenario.edges.filter((e) => e.source === 'mail')).toEqual([{ id: 'e3', source: 'mail', sourceHandle: 'next', target: 'goal-1' }]);
  });

  it('inserts a step into an edge and makes room below it', () => {
    const result = graph.insertOnEdge(welcomeScenario(), 'e2', 'branch.condition')!;
    expect(result.id).toBe('condition-1');
    const { scenario } = result;
    expect(scenario.edges.find((e) => e.id === 'e2')).toMatchObject({ source: 'wait', target: 'condition-1' });
    expect(scenario.edges.find((e) => e.source === 'condition-1')).toMatchObject({ sourceHandle: 'yes', target: 'mail' });
    expect(scenario.nodes.find((n) => n.id === 'condition-1')?.position).toEqual({ x: 0, y: 300 });
    expect(scenario.nodes.find((n) => n.id === 'mail')?.position.y).toBe(300 + graph.INSERT_GAP);
    expect(scenario.nodes.find((n) => n.id === 'end')?.position.y).toBe(450 + graph.INSERT_GAP);
    expect(scenario.nodes.find((n) => n.id === 'wait')?.position.y).toBe(150);
    expect(graph.insertOnEdge(welcomeScenario(), 'nope', 'flow.exit')).toBeNull();
  });

  it('refuses self-loops, unknown outputs and unknown nodes', () => {
    const s = welcomeScenario();
    expect(graph.connect(s, { source: 'wait', sourceHandle: 'next', target: 'wait' })).toBe(s);
    expect(graph.connect(s, { source: 'wait', sourceHandle: 'yes', target: 'end' })).toBe(s);
    expect(graph.connect(s, { source: 'nope', sourceHandle: 'next', target: 'end' })).toBe(s);
    expect(graph.connect(s, { source: 'end', sourceHandle: 'next', target: 'wait' })).toBe(s);
  });

  it('deletes nodes with their edges', () => {
    const s = graph.deleteElements(welcomeScenario(), ['wait']);
    expect(s.nodes.map((n) => n.id)).toEqual(['start', 'mail', 'end']);
    expect(s.edges.map((e) => e.id)).toEqual(['e3']);
  });

  it('drops the edges of outputs a config change removed', () => {
    let s = graph.addNode(welcomeScenario(), 'branch.split', { x: 0, y: 0 }).scenario;
    s = graph.connect(s, { source: 'split-1', sourceHandle: 'a', target: 'mail' });
    s = graph.connect(s, { source: 'split-1', sourceHandle: 'b', target: 'end' });
    s = graph.updateConfig(s, 'split-1', { variants: [{ id: 'a', percent: 100, control: false }] });
    expect(s.edges.filter((e) => e.source === 'split-1').map((e) => e.sourceHandle)).toEqual(['a']);
    expect(outputsOf(s.nodes.find((n) => n.id === 'split-1')!)).toEqual(['a']);
  });

  it('pastes a copy with fresh ids, internal edges kept, shifted', () => {
    const s = welcomeScenario();
    const clip = graph.copy(s, ['wait', 'mail']);
    expect(clip.edges.map((e) => e.id)).toEqual(['e2']);
    const pasted = graph.paste(s, clip, { x: 100, y: 0 });
    expect(pasted.ids).toEqual(['delay-1', 'email-1']);
    const copyEdge = pasted.scenario.edges.at(-1)!;
    expect(copyEdge).toMatchObject({ source: 'delay-1', target: 'email-1', sourceHandle: 'next' });
    expect(pasted.scenario.nodes.find((n) => n.id === 'delay-1')?.position).toEqual({ x: 100, y: 150 });
    expect(s.nodes).toHaveLength(4);
  });
});
