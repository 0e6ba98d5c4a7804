import { describe, expect, test } from 'vitest';
import { combineVersionStats, emptyNodeCounts, type NodeCounts } from '../src/index.ts';

const counts = (values: Partial<NodeCounts>): NodeCounts => ({ ...emptyNodeCounts(), ...values });

describe('the canvas counts of a version add up every version by node id', () => {
  const v2 = { version: 2, nodes: { start: counts({ entered: 1 }), mail: counts({ entered: 1, sent: 1 }) }, outputs: { start: { next: { taken: 1, converted: 0 } } } };
  const v1 = {
    version: 1,
    nodes: {
      start: counts({ entered: 2 }),
      mail: counts({ entered: 2, skipped: 2, skippedBy: { ...emptyNodeCounts().skippedBy, consent: 2 } }),
      old_wait: counts({ entered: 2, waiting: 2 }),
      gone: counts({ entered: 4, exited: 4 }),
    },
    outputs: { start: { next: { taken: 2, converted: 1 } }, old_wait: { next: { taken: 1, converted: 0 } } },
  };

  test('same ids add up, field by field and per rule; outputs too', () => {
    const stats = combineVersionStats(['start', 'mail'], [v2, v1]);
    expect(stats.nodes.start).toEqual(counts({ entered: 3 }));
    expect(stats.nodes.mail).toMatchObject({ entered: 3, sent: 1, skipped: 2, skippedBy: { consent: 2, frequency_cap: 0, quiet_hours: 0, repeat: 0 } });
    expect(stats.outputs).toEqual({ start: { next: { taken: 3, converted: 1 } } });
  });

  test('nodes the version lacks are not on its canvas; those still holding contacts are listed apart', () => {
    const stats = combineVersionStats(['start', 'mail'], [v2, v1]);
    expect(Object.keys(stats.nodes).sort()).toEqual(['mail', 'start']);
    expect(stats.removed).toEqual([{ version: 1, node: 'old_wait', waiting: 2 }]);
    expect(stats.versions).toEqual([v2, v1]);
  });

  test('a node nobody reached yet counts zero', () => {
    expect(combineVersionStats(['start', 'new'], [v2]).nodes.new).toEqual(emptyNodeCounts());
  });
});
