import { scenarioOf } from './fixtures.ts';

/**
 * Loops whose only wait can pass at once: validation rejects them, but a scenario stored before it did
 * (or built without validation) must not hang the engine, on an input or on a timer. Each is entered by the event `ping`, and
 * counts its rounds in the `rounds` score, which a loop stopped by the engine must leave untouched.
 */
export const RUNAWAY_LOOPS = {
  'an open time window': { id: 'window', type: 'wait.window', config: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '00:00' } },
  'a condition already met': { id: 'met', type: 'wait.condition', config: { condition: { event: 'ping', within: '7d' }, timeout: '1d' } },
  // Waits once, until 10 January 2026; from then on the date is past and the wait passes at once.
  'a date, past the second time round': { id: 'dated', type: 'wait.until', config: { date: '2026-01-10', time: '09:00' } },
} as const;

export type RunawayLoop = keyof typeof RUNAWAY_LOOPS;

export function runawayLoop(name: RunawayLoop) {
  const wait = RUNAWAY_LOOPS[name];
  const output = wait.type === 'wait.condition' ? 'met' : 'next';
  const edges = ['start>' + wait.id, `${wait.id}:${output}>count`, `count>${wait.id}`];
  if (wait.type === 'wait.condition') edges.push(`${wait.id}:timedOut>done`);
  return scenarioOf(
    [
      { id: 'start', type: 'entry.event', config: { event: 'ping' } },
      wait,
      { id: 'count', type: 'action.score', config: { attribute: 'rounds', delta: 1 } },
      { id: 'done', type: 'flow.exit' },
    ],
    edges,
    { id: `runaway-${wait.id}` },
  );
}

/** "Every day at 09:00, has the contact bought?": a legitimate loop, entered by `signed_up`. */
export const dailyCheck = () =>
  scenarioOf(
    [
      { id: 'start', type: 'entry.event', config: { event: 'signed_up' } },
      { id: 'at_nine', type: 'wait.until', config: { time: '09:00' } },
      { id: 'bought', type: 'branch.condition', config: { condition: { event: 'order_completed' } } },
      { id: 'done', type: 'flow.exit' },
    ],
    ['start>at_nine', 'at_nine>bought', 'bought:yes>done', 'bought:no>at_nine'],
    { id: 'daily-check' },
  );
