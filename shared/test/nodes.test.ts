import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { define } from '../src/nodes/define.ts';
import {
  NODE_CATALOGUE,
  NODE_DEFINITIONS,
  NODE_SCHEMAS,
  NODE_TYPES,
  Scenario,
  channelOf,
  compileScenario,
  fieldMeta,
  scenarioJsonSchema,
  simulate,
  step,
  validateScenario,
  type ContactFacts,
  type ScenarioInput,
  type SentMessage,
} from '../src/index.ts';

const T0 = Date.parse('2026-01-05T10:00:00Z'); // a Monday, 10:00 UTC

/** entry.api → action.task → flow.exit, with the given task config and settings. */
function taskScenario(config: Record<string, unknown> = {}, settings: Record<string, unknown> = {}): Scenario {
  const input: ScenarioInput = {
    schemaVersion: 1,
    id: 'callback',
    name: 'Call back',
    settings,
    nodes: [
      { id: 'start', type: 'entry.api', config: {} },
      {
        id: 'call',
        type: 'action.task',
        config: { kind: 'call', title: 'Call {{ contact.firstName }}', instructions: 'Offer the renewal', team: 'call-centre', dueIn: '2d', ...config },
      },
      { id: 'done', type: 'flow.exit', config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'call' },
      { id: 'e2', source: 'call', target: 'done' },
    ],
  };
  return Scenario.parse(input);
}

const contact = (): ContactFacts => ({ id: 'c1', attributes: { firstName: 'Ana' }, consents: {}, timeZone: 'UTC', lists: [], events: [] });

describe('node definitions', () => {
  test('the catalogue, the schemas and the channels are derived from one definition per type', () => {
    expect(Object.keys(NODE_CATALOGUE).sort()).toEqual([...NODE_TYPES].sort());
    expect(Object.keys(NODE_SCHEMAS).sort()).toEqual([...NODE_TYPES].sort());
    for (const type of NODE_TYPES) {
      const definition = NODE_DEFINITIONS[type];
      expect(definition.type).toBe(type);
      expect(NODE_CATALOGUE[type]).toEqual({ family: definition.family, title: definition.title, description: definition.description });
      expect(type.startsWith(`${definition.family}.`)).toBe(true);
      expect(channelOf(type)).toBe('channel' in definition ? definition.channel : undefined);
    }
    expect(channelOf('action.task')).toBe('task');
  });

  test('a definition without an engine behaviour does not compile', () => {
    const incomplete = { family: 'flow', title: 'Nothing', description: 'Does nothing', machine: 'final', outputs: [], starter: () => ({}) } as const;
    // @ts-expect-error `behaviour` is required: tsc fails here if it ever becomes optional.
    const definition = define('flow.nothing', z.object({}).strict(), incomplete);
    expect(definition).not.toHaveProperty('behaviour');
  });

  test("every type's starter config is valid for its own schema", () => {
    for (const type of NODE_TYPES) {
      const starter = NODE_DEFINITIONS[type].starter(() => 'some_template');
      const parsed = NODE_SCHEMAS[type].safeParse({ id: 'n', type, config: starter });
      // Entries with a blank event, condition or segment are meant to be filled in; everything else starts valid.
      if (!parsed.success) expect(['entry.event', 'entry.segment', 'entry.membership', 'wait.event', 'wait.digest', 'wait.condition', 'branch.condition', 'branch.switch', 'action.attribute', 'action.list', 'action.scenario', 'action.webhook']).toContain(type);
    }
    expect(NODE_DEFINITIONS['action.task'].starter(() => '')).toMatchObject({ kind: 'call' });
  });

  test('the JSON Schema describes the task node with its fields’ titles and hints', () => {
    const schema = JSON.stringify(scenarioJsonSchema());
    const task = (scenarioJsonSchema() as { $defs?: unknown }) && JSON.parse(schema);
    const text = JSON.stringify(task);
    expect(text).toContain('"const":"action.task"');
    expect(text).toContain(NODE_CATALOGUE['action.task'].description);
    expect(text).toContain('"title":"Due in"');
    expect(text).toContain('"enum":["call","visit","letter","appointment","other"]');
  });

  test("the forms read a field's label and hint from its schema, through optional and default wrappers", () => {
    const shape = NODE_SCHEMAS['action.task'].shape.config.shape;
    expect(fieldMeta(shape.dueIn)).toEqual({ title: 'Due in', description: expect.stringContaining('e.g. 2d') });
    expect(fieldMeta(shape.kind).title).toBe('Kind');
    expect(fieldMeta(NODE_SCHEMAS['wait.event'].shape.config.shape.timeout).description).toMatch(/timed out/);
    expect(fieldMeta(NODE_SCHEMAS['wait.delay'].shape.config.shape.duration)).toEqual({});
  });

  test('a task with a Liquid typo is located on its node', () => {
    const scenario = taskScenario({ title: 'Call {{ contct.firstName }}', instructions: '{% if %}' });
    const result = validateScenario(scenario);
    expect(result.ok).toBe(false);
    const problems = result.errors.filter((e) => e.nodeId === 'call').map((e) => [e.code, e.path]);
    expect(problems).toEqual([
      ['unknown_variable', ['nodes', 1, 'config', 'title']],
      ['template_syntax', ['nodes', 1, 'config', 'instructions']],
    ]);
  });
});

describe('action.task in the engine', () => {
  const run = (scenario: Scenario, now = T0, sent: SentMessage[] = []) =>
    step(compileScenario(scenario), null, { kind: 'enter' }, { now, contact: contact(), sent, enrolmentKey: 'k' });

  test('sends a task effect with its spec and a due date, then moves on', () => {
    const result = run(taskScenario());
    expect(result.status).toBe('exited');
    expect(result.steps.map((s) => [s.node, s.outcome, s.reason])).toEqual([
      ['start', 'entered', undefined],
      ['call', 'sent', 'call task for call-centre'],
      ['done', 'exited', undefined],
    ]);
    const send = result.effects.find((e) => e.kind === 'send');
    expect(send).toEqual({
      kind: 'send',
      message: {
        node: 'call',
        channel: 'task',
        template: 'task:call',
        idempotencyKey: 'k:call:1',
        task: { kind: 'call', title: 'Call {{ contact.firstName }}', instructions: 'Offer the renewal', team: 'call-centre', assignee: undefined, dueAt: T0 + 2 * 86_400_000 },
      },
    });
  });

  test('needs no consent, but waits out quiet hours and obeys a task frequency cap', () => {
    const quiet = run(taskScenario({}, { quietHours: { start: '09:00', end: '18:00' } }));
    expect(quiet.steps[1]).toMatchObject({ node: 'call', outcome: 'deferred', rule: 'quiet_hours', until: Date.parse('2026-01-05T18:00:00Z') });
    expect(quiet.effects.some((e) => e.kind === 'send')).toBe(false);

    const capped = run(taskScenario({}, { frequencyCaps: [{ channel: 'task', max: 1, per: '30d' }] }), T0, [
      { channel: 'task', at: T0 - 86_400_000, scenarioId: 'callback' },
    ]);
    expect(capped.steps[1]).toMatchObject({ node: 'call', outcome: 'skipped', rule: 'frequency_cap' });

    const once = run(taskScenario({ once: true }), T0, [{ channel: 'task', at: T0 - 90 * 86_400_000, scenarioId: 'callback', template: 'task:call' }]);
    expect(once.steps[1]).toMatchObject({ node: 'call', outcome: 'skipped', rule: 'repeat', reason: 'already received this task' });
  });

  test('the simulator traces the task and lists it with the messages', () => {
    const result = simulate(taskScenario(), { contact: { id: 'c1', attributes: { firstName: 'Ana' }, consents: {}, lists: [] }, events: [], start: '2026-01-05T10:00:00Z' });
    expect(result.steps.map((s) => `${s.node}:${s.outcome}`)).toEqual(['start:entered', 'call:sent', 'done:exited']);
    expect(result.messages).toEqual([{ at: T0, node: 'call', channel: 'task', template: 'task:call', pass: 1 }]);
  });
});
