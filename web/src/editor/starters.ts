import type { NodeType, Scenario, ScenarioNode } from '@parcours/shared';

/**
 * What a node holds when it is dropped on the canvas: the schema's defaults plus a starting point a
 * marketer edits. Fields left empty (an event name, a template) are flagged by validation until filled in.
 */
export function starterConfig(type: NodeType, scenario: Pick<Scenario, 'templates'>): ScenarioNode['config'] {
  const templateFor = (channel: string) => scenario.templates.find((t) => t.channel === channel)?.id ?? '';
  const blankCondition = { attribute: '', op: 'eq' as const, value: '' };
  switch (type) {
    case 'entry.event':
      return { event: '' };
    case 'entry.segment':
      return { condition: blankCondition };
    case 'entry.date':
      return { attribute: 'birthday', offsetDays: 0, at: '09:00', recurrence: 'yearly' };
    case 'entry.api':
    case 'flow.exit':
    case 'flow.goal':
      return {};
    case 'wait.delay':
      return { duration: '1d' };
    case 'wait.until':
      return { time: '09:00' };
    case 'wait.event':
      return { event: '', timeout: '3d' };
    case 'wait.condition':
      return { condition: blankCondition, timeout: '7d' };
    case 'wait.window':
      return { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' };
    case 'branch.condition':
      return { condition: blankCondition };
    case 'branch.switch':
      return { cases: [{ id: 'case1', label: 'Case 1', condition: blankCondition }] };
    case 'branch.split':
      return {
        variants: [
          { id: 'a', label: 'A', percent: 50, control: false },
          { id: 'b', label: 'B', percent: 50, control: false },
        ],
      };
    case 'action.email':
      return { template: templateFor('email'), onCap: 'skip', once: false };
    case 'action.sms':
      return { template: templateFor('sms'), onCap: 'skip', once: false };
    case 'action.push':
      return { template: templateFor('push'), onCap: 'skip', once: false };
    case 'action.webhook':
      return { url: '', method: 'POST' };
    case 'action.attribute':
      return { attribute: '', op: 'set', value: '' };
    case 'action.score':
      return { attribute: 'score', delta: 1 };
    case 'action.list':
      return { list: '', op: 'add' };
    case 'action.scenario':
      return { scenario: '' };
  }
}

/** A new, empty scenario: what "New scenario" creates. */
export function blankScenario(id: string, name: string): Scenario {
  return {
    schemaVersion: 1,
    id,
    name,
    settings: {
      reentry: { policy: 'never' },
      exitEvents: [],
      frequencyCaps: [],
      volumeCaps: [],
      consentRequired: { email: true, sms: true, push: true },
      defaultTimeZone: 'UTC',
    },
    templates: [],
    nodes: [],
    edges: [],
    tests: [],
  };
}
