/** The scenarios `bench:load` publishes beside the examples, each driving one phase. */

const quiet = { consentRequired: { email: false, sms: false, push: false }, defaultTimeZone: 'UTC' };
const line = (ids: string[]) => ids.slice(1).map((target, i) => ({ id: `e${i}`, source: ids[i], target }));

/** 1M contacts pass five nodes (five trace steps each, for the stats phase) and wait 30 days. */
export const waiting = {
  schemaVersion: 1,
  id: 'bench-waiting',
  name: 'Bench: score, list, branch, then wait 30 days',
  settings: quiet,
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: 'bench_wait' } },
    { id: 'score', type: 'action.score', config: { delta: 1 } },
    { id: 'list', type: 'action.list', config: { list: 'bench', op: 'add' } },
    {
      id: 'plan',
      type: 'branch.condition',
      config: { condition: { all: [{ attribute: 'plan', op: 'eq', value: 'pro' }] } },
    },
    { id: 'wait', type: 'wait.delay', config: { duration: '30d' } },
    { id: 'done', type: 'flow.exit', config: {} },
  ],
  edges: [
    ...line(['start', 'score', 'list', 'plan']),
    { id: 'yes', source: 'plan', sourceHandle: 'yes', target: 'wait' },
    { id: 'no', source: 'plan', sourceHandle: 'no', target: 'wait' },
    { id: 'after', source: 'wait', target: 'done' },
  ],
};

/** Every contact enrolled waits until the same minute: that many timers fall due at once. */
export function burst(dueAt: Date) {
  const iso = dueAt.toISOString();
  return {
    schemaVersion: 1,
    id: 'bench-burst',
    name: 'Bench: all wait until one instant',
    settings: quiet,
    nodes: [
      { id: 'start', type: 'entry.event', config: { event: 'bench_burst' } },
      { id: 'until', type: 'wait.until', config: { date: iso.slice(0, 10), time: iso.slice(11, 16) } },
      { id: 'done', type: 'flow.exit', config: {} },
    ],
    edges: line(['start', 'until', 'done']),
  };
}

/** A loop: every `period`, one task per contact, until the contact sends bench_stop. */
export function steady(period: string) {
  return {
    schemaVersion: 1,
    id: 'bench-steady',
    name: 'Bench: a task at every period',
    settings: { ...quiet, exitEvents: [{ event: 'bench_stop' }] },
    nodes: [
      { id: 'start', type: 'entry.event', config: { event: 'bench_steady' } },
      { id: 'wait', type: 'wait.delay', config: { duration: period } },
      { id: 'task', type: 'action.task', config: { kind: 'call', title: 'Bench call' } },
    ],
    edges: [...line(['start', 'wait', 'task']), { id: 'again', source: 'task', target: 'wait' }],
  };
}

/** A date entry at `at` (UTC) on the day held in `bench_day`. */
export function dated(at: string) {
  return {
    schemaVersion: 1,
    id: 'bench-date',
    name: 'Bench: date attribute entry',
    settings: quiet,
    nodes: [
      { id: 'start', type: 'entry.date', config: { attribute: 'bench_day', at, offsetDays: 0, recurrence: 'yearly' } },
      { id: 'done', type: 'flow.exit', config: {} },
    ],
    edges: line(['start', 'done']),
  };
}
