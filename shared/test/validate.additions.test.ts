import { describe, expect, it } from 'vitest';
import { formatPath, validateScenario } from '../src/index.ts';
import { everyNodeType, mutable } from './validate.fixtures.ts';

const codesAt = (input: unknown) => validateScenario(input, { knownScenarios: ['onboarding'] }).errors.map((e) => [e.code, e.path && formatPath(e.path)]);

describe('fields a scenario must not get wrong silently', () => {
  it('a misspelt node field is an error, not dropped', () => {
    const input = mutable(everyNodeType());
    input.nodes[1].lable = 'typo';
    expect(codesAt(input)).toContainEqual(['invalid_shape', 'nodes[1].lable']);
  });

  it('a webhook URL must be http or https', () => {
    const input = mutable(everyNodeType());
    const webhook = input.nodes.find((n: { type: string }) => n.type === 'action.webhook');
    webhook.config.url = 'file:///etc/passwd';
    const index = input.nodes.indexOf(webhook);
    expect(codesAt(input)).toContainEqual(['invalid_shape', `nodes[${index}].config.url`]);
  });

  it('a switch case cannot take the name of the default output', () => {
    const input = mutable(everyNodeType());
    const node = input.nodes.find((n: { type: string }) => n.type === 'branch.switch');
    node.config.cases[0].id = 'default';
    const index = input.nodes.indexOf(node);
    expect(codesAt(input)).toContainEqual(['invalid_shape', `nodes[${index}].config.cases[0].id`]);
  });

  it('an unknown time zone is reported where it is written', () => {
    const input = mutable(everyNodeType());
    input.settings = { ...input.settings, defaultTimeZone: 'Europe/Pariss' };
    expect(codesAt(input)).toContainEqual(['unknown_time_zone', 'settings.defaultTimeZone']);
  });

  it('a saved case expecting a node that does not exist is reported', () => {
    const input = mutable(everyNodeType());
    input.tests = [{ name: 'ghost', contact: { id: 'c1', timeZone: 'Mars/Olympus' }, expect: { path: [input.nodes[0].id, 'nowhere'] } }];
    expect(codesAt(input)).toEqual(
      expect.arrayContaining([
        ['unknown_node', 'tests[0].expect.path[1]'],
        ['unknown_time_zone', 'tests[0].contact.timeZone'],
      ]),
    );
  });

  it('a Liquid typo in a template fails validation, located on the field', () => {
    const input = mutable(everyNodeType());
    const index = input.templates.findIndex((t: { channel: string }) => t.channel === 'email');
    input.templates[index].subject = 'Hello {{ contcat.first_name }}';
    expect(codesAt(input)).toContainEqual(['unknown_variable', `templates[${index}].subject`]);
    input.templates[index].subject = 'Hello {% if %}';
    expect(codesAt(input)).toContainEqual(['template_syntax', `templates[${index}].subject`]);
  });
});

describe('volume caps', () => {
  it('a minimum above the maximum is reported on the minimum, and a duplicate channel on its entry', () => {
    const input = mutable(everyNodeType());
    input.settings = {
      ...input.settings,
      volumeCaps: [
        { channel: 'email', maxPerDay: 100, minPerDay: 50 },
        { channel: 'sms', maxPerDay: 10, minPerDay: 20 },
        { channel: 'email', maxPerDay: 5 },
      ],
    };
    const codes = codesAt(input);
    expect(codes).toContainEqual(['invalid_shape', 'settings.volumeCaps[1].minPerDay']);
    expect(codes).toContainEqual(['invalid_shape', 'settings.volumeCaps[2].channel']);
    expect(codes.filter(([, path]) => path?.startsWith('settings.volumeCaps[0]'))).toEqual([]);
  });

  it('a valid cap list passes and defaults to none', () => {
    const input = mutable(everyNodeType());
    expect(validateScenario(input, { knownScenarios: ['onboarding'] }).scenario?.settings.volumeCaps).toEqual([]);
    input.settings = { ...input.settings, volumeCaps: [{ channel: 'webhook', maxPerDay: 1, minPerDay: 1 }] };
    const result = validateScenario(input, { knownScenarios: ['onboarding'] });
    expect(result.errors).toEqual([]);
    expect(result.scenario?.settings.volumeCaps).toEqual([{ channel: 'webhook', maxPerDay: 1, minPerDay: 1 }]);
  });

  it('a zero maximum or an unknown channel is located', () => {
    const input = mutable(everyNodeType());
    input.settings = { ...input.settings, volumeCaps: [{ channel: 'fax', maxPerDay: 0 }] };
    const codes = codesAt(input);
    expect(codes).toContainEqual(['invalid_shape', 'settings.volumeCaps[0].maxPerDay']);
    expect(codes.some(([, path]) => path === 'settings.volumeCaps[0].channel')).toBe(true);
  });
});
