import { describe, expect, it } from 'vitest';
import { draftDiffersFromLive, sameJson } from '../src/index.ts';
import { cartScenario } from './fixtures.ts';

describe('comparing a draft with a version', () => {
  it('ignores key order and absent keys, not values', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1, label: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: [] }, { a: {} })).toBe(false);
  });
});

describe('draftDiffersFromLive', () => {
  const live = cartScenario();
  const moved = { ...live, nodes: live.nodes.map((n, i) => ({ ...n, position: { x: i * 300, y: 40 } })) };

  it('does not count moved nodes as a change', () => {
    expect(draftDiffersFromLive(live, moved)).toBe(false);
  });

  it('still sees a change beside moved nodes', () => {
    const renamed = { ...moved, nodes: moved.nodes.map((n, i) => (i === 0 ? { ...n, label: 'Cart left' } : n)) };
    expect(draftDiffersFromLive(live, renamed)).toBe(true);
    const rewired = { ...moved, edges: moved.edges.slice(1) };
    expect(draftDiffersFromLive(live, rewired)).toBe(true);
  });

  it('finds no difference between a scenario and its copy', () => {
    expect(draftDiffersFromLive(live, structuredClone(live))).toBe(false);
  });
});
