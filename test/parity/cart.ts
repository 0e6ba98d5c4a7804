/**
 * The abandoned-cart journey the correlation tests share: waits a day for the order of the cart that entered
 * (`sameAs` the trigger's cart_id), else reminds; that order converts at the goal. `settings` add to its own.
 */
export const cartScenario = (settings: Record<string, unknown> = {}, html = '<p>cart</p>') => ({
  schemaVersion: 1,
  id: 'cart',
  name: 'Abandoned cart',
  settings: { consentRequired: { email: false, sms: false, push: false }, ...settings },
  templates: [{ id: 'reminder', channel: 'email', subject: 'Your cart', html }],
  nodes: [
    { id: 'abandoned', type: 'entry.event', config: { event: 'cart_abandoned' } },
    { id: 'wait_order', type: 'wait.event', config: { event: 'order_completed', timeout: '1d', sameAs: { property: 'cart_id' } } },
    { id: 'reminder', type: 'action.email', config: { template: 'reminder' } },
    { id: 'bought', type: 'flow.goal', config: { event: 'order_completed', sameAs: { property: 'cart_id' } } },
    { id: 'done', type: 'flow.exit', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'abandoned', target: 'wait_order' },
    { id: 'e2', source: 'wait_order', sourceHandle: 'happened', target: 'bought' },
    { id: 'e3', source: 'wait_order', sourceHandle: 'timedOut', target: 'reminder' },
    { id: 'e4', source: 'reminder', target: 'done' },
  ],
});
