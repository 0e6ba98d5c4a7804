/**
 * A newsletter as a campaign starts it: a journey of one email (`news`), then, with `rest`, a wait of that long in
 * the journey (so that a later start finds the contact still in it). Shared by the campaign tests and bench:campaign.
 */
export function newsletterJourney(rest?: string) {
  const nodes = [
    { id: 'start', type: 'entry.api', config: {} },
    { id: 'mail', type: 'action.email', config: { template: 'news' } },
    ...(rest ? [{ id: 'rest', type: 'wait.delay', config: { duration: rest } }] : []),
    { id: 'done', type: 'flow.exit', config: {} },
  ];
  return {
    schemaVersion: 1,
    id: 'newsletter',
    name: 'Newsletter',
    settings: { reentry: { policy: 'always' } },
    templates: [{ id: 'news', channel: 'email', subject: 'News', html: '<p>Hi</p>', text: 'Hi' }],
    nodes: nodes.map((n, i) => ({ ...n, position: { x: 0, y: i * 150 } })),
    edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i].id, target: n.id })),
  };
}
