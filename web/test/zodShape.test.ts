import { describe, expect, it } from 'vitest';
import { Condition, NODE_SCHEMAS, NODE_TYPES, Settings, Template, Timeline } from '@parcours/shared';
import { defOf, emptyValue, formatHint, matchOption, requiredKeys, unwrap, type ZodLike } from '../src/editor/panel/zodShape.ts';

const z = (s: unknown) => s as ZodLike;

describe('reading the shared zod schemas', () => {
  it('builds a starting value of the right shape for every node config', () => {
    for (const type of NODE_TYPES) {
      const config = emptyValue(z(NODE_SCHEMAS[type].shape.config)) as Record<string, unknown>;
      const keys = requiredKeys(z(NODE_SCHEMAS[type].shape.config));
      expect(Object.keys(config), type).toEqual(expect.arrayContaining(keys));
    }
    expect(emptyValue(z(NODE_SCHEMAS['branch.split'].shape.config))).toEqual({
      variants: [
        { id: '', percent: 0, control: false },
        { id: '', percent: 0, control: false },
      ],
    });
  });

  it('takes the defaults of the schema', () => {
    const settings = emptyValue(z(Settings)) as { reentry: unknown; consentRequired: unknown };
    expect(settings.reentry).toEqual({ policy: 'never' });
    expect(settings.consentRequired).toEqual({ email: true, sms: true, push: true, onsite: true });
  });

  it('tells which kind of condition a value is', () => {
    const options = defOf(unwrap(z(Condition)).schema).options!;
    const kind = (v: unknown) => Object.keys(defOf(options[matchOption(options, v)]).shape!)[0];
    expect(kind({ attribute: 'plan', op: 'eq', value: 'pro' })).toBe('attribute');
    expect(kind({ event: 'purchase', within: '30d' })).toBe('event');
    expect(kind({ inList: 'vip' })).toBe('inList');
    expect(kind({ all: [] })).toBe('all');
    expect(kind({ not: { inList: 'vip' } })).toBe('not');
    expect(matchOption(options, { nonsense: 1 })).toBe(-1);
  });

  it('tells templates apart by their channel', () => {
    const options = defOf(z(Template)).options!;
    expect(matchOption(options, { id: 't', channel: 'sms', text: 'hi' })).toBe(1);
  });

  it('words the expected format from the schema messages', () => {
    const entry = defOf(unwrap(defOf(z(Timeline)).element!).schema).options![0];
    expect(formatHint(defOf(entry).shape!.at)).toMatch(/^A duration such as .*, or an ISO date and time/);
    expect(formatHint(z(NODE_SCHEMAS['wait.window'].shape.config.shape.start))).toBe('A time of day "HH:MM" (24 h)');
  });
});
