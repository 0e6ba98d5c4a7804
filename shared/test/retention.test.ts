import { describe, expect, it } from 'vitest';
import { retentionFloor } from '../src/index.ts';
import { scenarioOf } from './fixtures.ts';

const DAY = 86_400_000;

describe('retentionFloor', () => {
  it('keeps two days of messages for volume caps and nothing else when no rule reads history', () => {
    const plain = scenarioOf([{ id: 'start', type: 'entry.event', config: { event: 'go' } }, { id: 'mail', type: 'action.email', config: { template: 'hi' } }], ['start>mail']);
    expect(retentionFloor([plain], undefined)).toEqual({ eventWindow: 0, everEvents: new Set(), messageWindow: 2 * DAY, once: [] });
  });

  it('takes the longest windows, windowless event conditions and once sends from every version and the policy', () => {
    const first = scenarioOf(
      [
        { id: 'start', type: 'entry.segment', config: { condition: { all: [{ event: 'ordered', within: '30d' }, { not: { event: 'refunded' } }] } } },
        { id: 'mail', type: 'action.email', config: { template: 'hi', once: true } },
        { id: 'again', type: 'action.email', config: { template: 'hi', once: true } },
        { id: 'call', type: 'action.task', config: { kind: 'call', title: 'Call', instructions: '', once: true } },
      ],
      ['start>mail', 'mail>again', 'again>call'],
      { settings: { frequencyCaps: [{ channel: 'email', max: 2, per: '7d' }] } },
    );
    const second = scenarioOf(
      [
        { id: 'start', type: 'entry.event', config: { event: 'go' } },
        { id: 'pick', type: 'branch.switch', config: { cases: [{ id: 'loyal', label: 'Loyal', condition: { any: [{ event: 'visited', within: '400d' }, { attribute: 'vip', op: 'eq', value: true }] } }] } },
        { id: 'until', type: 'wait.condition', config: { condition: { event: 'clicked', within: '1d' }, timeout: '2d' } },
      ],
      ['start>pick', 'pick:loyal>until', 'pick:default>until'],
      { id: 'other' },
    );
    const floor = retentionFloor([first, second], { frequencyCaps: [{ channel: 'sms', max: 1, per: '30d' }] });
    expect(floor.eventWindow).toBe(400 * DAY);
    expect(floor.everEvents).toEqual(new Set(['refunded']));
    expect(floor.messageWindow).toBe(30 * DAY);
    expect(floor.once).toEqual([
      { scenarioId: 'test', template: 'hi' },
      { scenarioId: 'test', template: 'task:call' },
    ]);
  });

  it("also keeps what the saved segments' conditions count, however the journeys read history", () => {
    const plain = scenarioOf([{ id: 'start', type: 'entry.event', config: { event: 'go' } }], []);
    const floor = retentionFloor([plain], undefined, [{ all: [{ event: 'ordered', within: '45d' }, { not: { event: 'complained' } }] }, { attribute: 'plan', op: 'eq', value: 'pro' }]);
    expect(floor.eventWindow).toBe(45 * DAY);
    expect(floor.everEvents).toEqual(new Set(['complained']));
  });
});
