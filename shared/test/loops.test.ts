import { describe, expect, test } from 'vitest';
import { compileScenario, simulate, step, validateScenario, type ContactFacts, type SentMessage } from '../src/index.ts';
import { shopper } from './fixtures.ts';
import { dailyCheck, RUNAWAY_LOOPS, runawayLoop, type RunawayLoop } from './loops.fixtures.ts';

const NAMES = Object.keys(RUNAWAY_LOOPS) as RunawayLoop[];
const START = '2026-01-05T09:00:00.000Z';
const iso = (ms: number) => new Date(ms).toISOString();

describe('a loop whose only wait can pass at once', () => {
  test.each(NAMES)('is rejected by validation when its wait is %s, on a node of the loop', (name) => {
    const scenario = runawayLoop(name);
    const errors = validateScenario(scenario).errors.filter((e) => e.code === 'loop_without_wait');
    const wait = RUNAWAY_LOOPS[name].id;
    expect(errors).toEqual([
      {
        code: 'loop_without_wait',
        nodeId: wait,
        path: ['nodes', 1],
        message:
          `the loop "${wait}" → "count" → "${wait}" may never wait: "${wait}" can pass at once (a condition already met, an open window, ` +
          'a date already past), so a contact could go round it forever; add a delay, a wait for an event or a wait until a time of day',
        params: { variant: 'may_not_wait', route: `"${wait}" → "count" → "${wait}"`, waits: `"${wait}"` },
      },
    ]);
  });

  test.each(NAMES)('ends the enrolment with a located fault in the simulator when its wait is %s', (name) => {
    const result = simulate(runawayLoop(name), { contact: shopper, events: [{ at: '1h', event: 'ping', properties: {} }] });
    expect(result.status).toBe('exited');
    const fault = result.steps.at(-1)!;
    expect(fault).toMatchObject({ outcome: 'exited', reason: `loop without progress at node ${fault.node}` });
    expect([RUNAWAY_LOOPS[name].id, 'count']).toContain(fault.node);
    // The fault undoes the step that looped: no round was counted.
    expect(result.steps.filter((s) => s.outcome === 'updated')).toEqual([]);
    // 09:00 in Paris, the shopper's time zone, for the date.
    const at = name === 'a date, past the second time round' ? '2026-01-10T08:00:00.000Z' : '2026-01-05T09:00:00.000Z';
    expect(iso(fault.at)).toBe(at);
  });

  test('is undone by the engine: facts and sent messages as before the input, no effect', () => {
    const compiled = compileScenario(runawayLoop('an open time window'));
    const contact: ContactFacts = { ...shopper, attributes: { rounds: 7 }, timeZone: 'UTC', events: [] };
    const sent: SentMessage[] = [{ channel: 'email', at: 0, scenarioId: 'other' }];
    const attributes = contact.attributes;
    const result = step(compiled, null, { kind: 'enter' }, { now: Date.parse(START), contact, sent, enrolmentKey: 'e1' });
    expect(result).toMatchObject({ status: 'exited', effects: [], snapshot: null });
    expect(contact.attributes).toBe(attributes);
    expect(contact.attributes).toEqual({ rounds: 7 });
    expect(sent).toHaveLength(1);
  });
});

describe('a daily "at 09:00, has the contact bought?" loop', () => {
  test('passes validation', () => {
    expect(validateScenario(dailyCheck()).errors).toEqual([]);
  });

  test('waits for the next 09:00 each day, even when the contact arrives at 09:00 exactly, until it buys', () => {
    const result = simulate(dailyCheck(), {
      contact: { ...shopper, timeZone: 'UTC' },
      start: START,
      events: [
        { at: '0m', event: 'signed_up', properties: {} },
        { at: '3d3h', event: 'order_completed', properties: {} },
      ],
    });
    expect(result.status).toBe('exited');
    const waits = result.steps.filter((s) => s.outcome === 'waiting').map((s) => [iso(s.at), iso(s.until!)]);
    expect(waits).toEqual([
      ['2026-01-05T09:00:00.000Z', '2026-01-06T09:00:00.000Z'],
      ['2026-01-06T09:00:00.000Z', '2026-01-07T09:00:00.000Z'],
      ['2026-01-07T09:00:00.000Z', '2026-01-08T09:00:00.000Z'],
      ['2026-01-08T09:00:00.000Z', '2026-01-09T09:00:00.000Z'],
    ]);
    const answers = result.steps.filter((s) => s.node === 'bought').map((s) => [iso(s.at), s.output]);
    expect(answers).toEqual([
      ['2026-01-06T09:00:00.000Z', 'no'],
      ['2026-01-07T09:00:00.000Z', 'no'],
      ['2026-01-08T09:00:00.000Z', 'no'],
      ['2026-01-09T09:00:00.000Z', 'yes'],
    ]);
  });
});
