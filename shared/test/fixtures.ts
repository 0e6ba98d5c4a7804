import { Scenario } from '../src/index.ts';

/** Builds a scenario from a compact list of nodes and `source:handle>target` edges. */
export function scenarioOf(
  nodes: Array<{ id: string; type: string; config?: unknown }>,
  edges: string[],
  extra: Record<string, unknown> = {},
): Scenario {
  return Scenario.parse({
    schemaVersion: 1,
    id: 'test',
    name: 'Test',
    nodes: nodes.map((n) => ({ config: {}, ...n })),
    edges: edges.map((text, i) => {
      const [from, target] = text.split('>');
      const [source, sourceHandle = 'next'] = from.split(':');
      return { id: `e${i}`, source, sourceHandle, target };
    }),
    ...extra,
  });
}

export const cartScenario = () =>
  scenarioOf(
    [
      { id: 'abandoned', type: 'entry.event', config: { event: 'cart_abandoned' } },
      { id: 'wait_order', type: 'wait.event', config: { event: 'order_completed', timeout: '4h' } },
      { id: 'reminder', type: 'action.email', config: { template: 'reminder' } },
      { id: 'wait_again', type: 'wait.event', config: { event: 'order_completed', timeout: '1d' } },
      { id: 'big_cart', type: 'branch.condition', config: { condition: { event: 'cart_abandoned', where: [{ property: 'total', op: 'gte', value: 50 }], within: '2d' } } },
      { id: 'discount', type: 'action.email', config: { template: 'discount' } },
      { id: 'bought', type: 'flow.exit' },
      { id: 'done', type: 'flow.exit' },
    ],
    [
      'abandoned>wait_order',
      'wait_order:happened>bought',
      'wait_order:timedOut>reminder',
      'reminder>wait_again',
      'wait_again:happened>bought',
      'wait_again:timedOut>big_cart',
      'big_cart:yes>discount',
      'big_cart:no>done',
      'discount>done',
    ],
    {
      templates: [
        { id: 'reminder', channel: 'email', subject: 'Your cart', html: '<p>Come back</p>' },
        { id: 'discount', channel: 'email', subject: '10% off', html: '<p>Take 10%</p>' },
      ],
    },
  );

export const shopper = { id: 'c1', attributes: {}, consents: { email: true }, lists: [], timeZone: 'Europe/Paris' };
