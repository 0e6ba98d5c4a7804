import { describe, expect, it } from 'vitest';
import { changesSinceLive, diffIsEmpty, diffScenarios, type Scenario } from '../src/index.ts';
import { cartScenario } from './fixtures.ts';

/** The cart journey with one edit made to a copy. */
const edited = (edit: (s: Scenario) => void): Scenario => {
  const copy = structuredClone(cartScenario());
  edit(copy);
  return copy;
};

describe('diffScenarios', () => {
  const before = cartScenario();

  it('finds nothing between a scenario and its copy, nor when only positions and edge ids changed', () => {
    expect(diffIsEmpty(diffScenarios(before, structuredClone(before)))).toBe(true);
    const moved = edited((s) => {
      s.nodes.forEach((n, i) => (n.position = { x: i * 300, y: 40 }));
      s.edges.reverse().forEach((e, i) => (e.id = `renamed${i}`));
    });
    expect(diffIsEmpty(diffScenarios(before, moved))).toBe(true);
  });

  it('lists the changed fields of a node with their values before and after', () => {
    const after = edited((s) => {
      const wait = s.nodes.find((n) => n.id === 'wait_order')! as { config: { timeout: string }; label?: string };
      wait.config.timeout = '6h';
      wait.label = 'Give them time';
    });
    const diff = diffScenarios(before, after);
    expect(diff.nodes.changed).toEqual([
      {
        id: 'wait_order',
        type: 'wait.event',
        label: 'Give them time',
        fields: expect.arrayContaining([
          { path: 'label', after: 'Give them time' },
          { path: 'config.timeout', before: '4h', after: '6h' },
        ]),
      },
    ]);
    expect(diff.nodes.changed[0].fields).toHaveLength(2);
    expect(diff.nodes.added).toEqual([]);
    expect(diff.nodes.removed).toEqual([]);
  });

  it('names nested fields with dots and array indexes', () => {
    const after = edited((s) => {
      const branch = s.nodes.find((n) => n.id === 'big_cart')! as { config: { condition: { where: Array<{ value: number }> } } };
      branch.config.condition.where[0].value = 80;
    });
    expect(diffScenarios(before, after).nodes.changed[0].fields).toEqual([{ path: 'config.condition.where[0].value', before: 50, after: 80 }]);
  });

  it('lists nodes added and removed, and the connections that came and went with them', () => {
    const after = edited((s) => {
      s.nodes = s.nodes.filter((n) => n.id !== 'discount');
      s.nodes.push({ id: 'sms', type: 'action.sms', label: 'Text them', config: { template: 'sms' }, position: { x: 0, y: 0 } } as Scenario['nodes'][number]);
      s.edges = s.edges.filter((e) => e.source !== 'discount' && e.target !== 'discount');
      s.edges.push({ id: 'new', source: 'big_cart', sourceHandle: 'yes', target: 'sms' });
    });
    const diff = diffScenarios(before, after);
    expect(diff.nodes.added).toEqual([{ id: 'sms', type: 'action.sms', label: 'Text them' }]);
    expect(diff.nodes.removed).toEqual([{ id: 'discount', type: 'action.email' }]);
    expect(diff.nodes.changed).toEqual([]);
    expect(diff.edges.added).toEqual([{ id: 'new', source: 'big_cart', sourceHandle: 'yes', target: 'sms' }]);
    expect(diff.edges.removed.map((e) => `${e.source}:${e.sourceHandle}>${e.target}`).sort()).toEqual(['big_cart:yes>discount', 'discount:next>done']);
  });

  it('sees a connection moved to another output as one removed and one added', () => {
    const after = edited((s) => {
      const edge = s.edges.find((e) => e.source === 'big_cart' && e.sourceHandle === 'no')!;
      edge.target = 'discount';
    });
    const diff = diffScenarios(before, after);
    expect(diff.edges.removed).toEqual([expect.objectContaining({ source: 'big_cart', sourceHandle: 'no', target: 'done' })]);
    expect(diff.edges.added).toEqual([expect.objectContaining({ source: 'big_cart', sourceHandle: 'no', target: 'discount' })]);
  });

  it('lists the other parts by path, templates by their id', () => {
    const after = edited((s) => {
      s.name = 'Cart, again';
      s.templates[1] = { ...s.templates[1], subject: '15% off' } as Scenario['templates'][number];
    });
    expect(diffScenarios(before, after).other).toEqual([
      { path: 'name', before: 'Test', after: 'Cart, again' },
      { path: 'templates.discount.subject', before: '10% off', after: '15% off' },
    ]);
  });

  it('counts everything as added without a version before', () => {
    const diff = diffScenarios(undefined, before);
    expect(diff.nodes.added).toHaveLength(before.nodes.length);
    expect(diff.edges.added).toHaveLength(before.edges.length);
    expect(diff.other).toEqual([]);
  });

  it('is what the publish summary sums up', () => {
    const after = edited((s) => {
      s.name = 'Renamed';
      s.edges = s.edges.slice(1);
      s.nodes[2].label = 'Reminder';
    });
    expect(changesSinceLive(before, after)).toEqual({ added: [], removed: [], changed: [{ id: 'reminder', type: 'action.email', label: 'Reminder' }], other: ['name', 'connections'] });
  });
});
