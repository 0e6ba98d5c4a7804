import { describe, expect, it } from 'vitest';
import { changesSinceLive, draftDiffersFromLive, validateScenario, type AttributeCatalogue } from '../src/index.ts';
import { scenarioOf } from './fixtures.ts';

const welcome = (subject: string) =>
  scenarioOf(
    [
      { id: 'signup', type: 'entry.event', config: { event: 'signed_up' } },
      { id: 'hello', type: 'action.email', label: 'Welcome mail', config: { template: 'welcome' } } as never,
      { id: 'done', type: 'flow.exit' },
    ],
    ['signup>hello', 'hello>done'],
    { templates: [{ id: 'welcome', channel: 'email', subject, html: '<p>Hi</p>' }] },
  );

const catalogue: AttributeCatalogue = {
  contacts: 32,
  attributes: [
    { name: 'firstName', contacts: 32 },
    { name: 'plan', contacts: 20 },
    { name: 'company', contacts: 0, type: 'text' },
  ],
};

describe('template variables against the attribute catalogue', () => {
  it('blocks a misspelt attribute, located on the template field and the node sending it, with a suggestion', () => {
    const result = validateScenario(welcome('Welcome, {{ contact.frstName }}!'), { attributes: catalogue });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'unknown_attribute', nodeId: 'hello', path: ['templates', 0, 'subject'], message: expect.stringContaining('did you mean "firstName"?') }),
    ]);
  });

  it('warns, without blocking, when some contacts lack an attribute read without a default, and says how many', () => {
    const result = validateScenario(welcome('Your {{ contact.plan }} plan'), { attributes: catalogue });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'attribute_often_missing', nodeId: 'hello', message: expect.stringContaining('12 contacts of 32 have no "plan"') })]);
  });

  it('accepts a default or an if around a missing attribute, a declared one, and the contact id', () => {
    const subject = '{{ contact.plan | default: "free" }} {% if contact.plan %}{{ contact.plan }}{% endif %} {{ contact.id }}';
    const result = validateScenario(welcome(subject), { attributes: catalogue });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(validateScenario(welcome('{{ contact.company | default: "" }}'), { attributes: catalogue }).ok).toBe(true);
  });

  it('only warns about an unknown attribute a default covers: the send works, but always with the default', () => {
    const result = validateScenario(welcome('Hi {{ contact.frstName | default: "you" }}'), { attributes: catalogue });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'attribute_never_seen', message: expect.stringContaining('did you mean "firstName"?') })]);
  });

  it('checks nothing when the workspace knows no attribute yet, or without a catalogue', () => {
    expect(validateScenario(welcome('{{ contact.frstName }}'), { attributes: { contacts: 0, attributes: [] } }).ok).toBe(true);
    expect(validateScenario(welcome('{{ contact.frstName }}')).ok).toBe(true);
  });
});

describe('drafts', () => {
  it('keep an Email node without a template and an event trigger without an event, reported on the nodes', () => {
    const input = JSON.parse(JSON.stringify(welcome('Hi')));
    input.nodes[0].config = { event: '' };
    input.nodes[1].config = { template: '', onCap: 'skip', once: false };
    const result = validateScenario(input);
    expect(result.ok).toBe(false);
    expect(result.scenario).toBeUndefined();
    expect(result.draft?.nodes.map((n) => n.config)).toEqual([{ event: '' }, { template: '', onCap: 'skip', once: false }, {}]);
    expect(result.errors.map((e) => e.nodeId)).toEqual(expect.arrayContaining(['signup', 'hello']));
  });

  it('still refuse what is not a scenario: an unknown node type', () => {
    const input = JSON.parse(JSON.stringify(welcome('Hi')));
    input.nodes[2].type = 'flow.nowhere';
    expect(validateScenario(input).draft).toBeUndefined();
  });
});

describe('changes since the live version', () => {
  it('lists nodes added, removed and changed, and ignores positions', () => {
    const live = welcome('Hi');
    const moved = { ...live, nodes: live.nodes.map((n) => ({ ...n, position: { x: n.position.x + 100, y: 7 } })) };
    expect(draftDiffersFromLive(live, moved)).toBe(false);
    const draft = {
      ...moved,
      nodes: [...moved.nodes.filter((n) => n.id !== 'done').map((n) => (n.id === 'hello' ? { ...n, config: { ...n.config, once: true } } : n)), { id: 'bye', type: 'flow.exit' as const, config: {}, position: { x: 0, y: 0 } }],
    };
    expect(changesSinceLive(live, draft)).toEqual({
      added: [{ id: 'bye', type: 'flow.exit' }],
      removed: [{ id: 'done', type: 'flow.exit' }],
      changed: [{ id: 'hello', type: 'action.email', label: 'Welcome mail' }],
      other: [],
    });
    expect(draftDiffersFromLive(live, draft)).toBe(true);
  });
});
