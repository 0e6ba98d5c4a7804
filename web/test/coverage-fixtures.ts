import type { Scenario, TestCase } from '@parcours/shared';
import { blankScenario } from '../src/editor/starters.ts';

/** signed_up → VIP? yes: email → done; no: skip (exit). */
export function vipScenario(): Scenario {
  const s = blankScenario('vip', 'VIP welcome');
  return {
    ...s,
    templates: [{ id: 'vip-mail', channel: 'email', name: 'VIP mail', subject: 'Hello', html: '<p>Hi</p>' }],
    nodes: [
      { id: 'start', type: 'entry.event', config: { event: 'signed_up' }, position: { x: 0, y: 0 } },
      { id: 'vip', type: 'branch.condition', config: { condition: { attribute: 'vip', op: 'eq', value: true } }, position: { x: 0, y: 150 } },
      { id: 'mail', type: 'action.email', config: { template: 'vip-mail', onCap: 'skip', once: false }, position: { x: -150, y: 300 } },
      { id: 'done', type: 'flow.exit', config: {}, position: { x: -150, y: 450 } },
      { id: 'skip', type: 'flow.exit', config: {}, position: { x: 150, y: 300 } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'vip' },
      { id: 'e2', source: 'vip', sourceHandle: 'yes', target: 'mail' },
      { id: 'e3', source: 'mail', sourceHandle: 'next', target: 'done' },
      { id: 'e4', source: 'vip', sourceHandle: 'no', target: 'skip' },
    ],
  };
}

/** A contact who signs up, VIP or not, expected to go the VIP way. */
export function vipCase(name: string, vip: boolean): TestCase {
  return {
    name,
    contact: { id: 'c1', attributes: { vip }, consents: { email: true }, lists: [] },
    events: [{ at: '0m', event: 'signed_up', properties: {} }],
    expect: { path: ['start', 'vip', 'mail', 'done'], status: 'exited' },
  };
}
