/** A scenario that collects price drops in a digest node, then sends one email with template `drops`: the digest tests' subject. */
export function priceDropsScenario(digest: object, html: string, settings: object = {}) {
  return {
    schemaVersion: 1,
    id: 'drops',
    name: 'Price drops',
    settings: { consentRequired: { email: false, sms: false, push: false }, ...settings },
    templates: [{ id: 'drops', channel: 'email', subject: '{{ digest.count }} prices dropped', html }],
    nodes: [
      { id: 'dropped', type: 'entry.event', config: { event: 'price_dropped' } },
      { id: 'digest', type: 'wait.digest', config: { event: 'price_dropped', ...digest } },
      { id: 'mail', type: 'action.email', config: { template: 'drops' } },
      { id: 'done', type: 'flow.exit', config: {} },
    ],
    edges: [
      { id: 'e1', source: 'dropped', target: 'digest' },
      { id: 'e2', source: 'digest', target: 'mail' },
      { id: 'e3', source: 'mail', target: 'done' },
    ],
  };
}
