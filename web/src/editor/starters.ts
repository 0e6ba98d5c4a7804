import { NODE_DEFINITIONS, type NodeType, type Scenario, type ScenarioNode } from '@parcours/shared';

/** What a node holds when it is dropped on the canvas: its definition's starter, with a template of the scenario's where it sends one. */
export function starterConfig(type: NodeType, scenario: Pick<Scenario, 'templates'>): ScenarioNode['config'] {
  const templateFor = (channel: string) => scenario.templates.find((t) => t.channel === channel)?.id ?? '';
  return NODE_DEFINITIONS[type].starter(templateFor) as ScenarioNode['config'];
}

/** A new, empty scenario: what "New scenario" creates. */
export function blankScenario(id: string, name: string): Scenario {
  return {
    schemaVersion: 1,
    id,
    name,
    settings: {
      reentry: { policy: 'never' },
      retrigger: { mode: 'ignore' },
      exitEvents: [],
      frequencyCaps: [],
      volumeCaps: [],
      consentRequired: { email: true, sms: true, push: true, onsite: true },
      tracking: true,
      defaultTimeZone: 'UTC',
    },
    templates: [],
    nodes: [],
    edges: [],
    tests: [],
  };
}
