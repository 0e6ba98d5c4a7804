import type { Scenario } from '@parcours/shared';
import { blankScenario } from '../src/editor/starters.ts';

/** A small valid-looking journey: signed_up → wait 3 days → welcome email → exit. */
export function welcomeScenario(): Scenario {
  const s = blankScenario('welcome', 'Welcome');
  return {
    ...s,
    templates: [{ id: 'welcome-1', channel: 'email', name: 'Welcome #1', subject: 'Welcome {{ contact.firstName }}', html: '<p>Hi</p>' }],
    nodes: [
      { id: 'start', type: 'entry.event', config: { event: 'signed_up' }, position: { x: 0, y: 0 } },
      { id: 'wait', type: 'wait.delay', config: { duration: '3d' }, position: { x: 0, y: 150 } },
      { id: 'mail', type: 'action.email', config: { template: 'welcome-1', onCap: 'skip', once: false }, position: { x: 0, y: 300 } },
      { id: 'end', type: 'flow.exit', config: {}, position: { x: 0, y: 450 } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'wait' },
      { id: 'e2', source: 'wait', sourceHandle: 'next', target: 'mail' },
      { id: 'e3', source: 'mail', sourceHandle: 'next', target: 'end' },
    ],
  };
}
