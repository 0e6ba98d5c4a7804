import { describe, expect, it } from 'vitest';
import { checkMapping, compileScenario, defaultTarget, movedState, step, targetOf, targetsFor, type Scenario, type StepContext } from '../src/index.ts';
import { scenarioOf } from './fixtures.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-02T08:00:00Z');

const templates = [
  { id: 'old', channel: 'email', subject: 'Old', html: '<p>old</p>' },
  { id: 'new', channel: 'email', subject: 'New', html: '<p>new</p>' },
];

/** Version 1: signed up, wait 2 days, the old email. */
const v1 = scenarioOf(
  [
    { id: 'start', type: 'entry.event', config: { event: 'signed_up' } },
    { id: 'wait', type: 'wait.delay', config: { duration: '2d' } },
    { id: 'mail', type: 'action.email', config: { template: 'old' } },
    { id: 'done', type: 'flow.exit' },
  ],
  ['start>wait', 'wait>mail', 'mail>done'],
  { templates },
);

/** Version 2: the wait renamed and lengthened, a wait for an event and the new email after it. */
const v2 = scenarioOf(
  [
    { id: 'start', type: 'entry.event', config: { event: 'signed_up' } },
    { id: 'pause', type: 'wait.delay', config: { duration: '3d' } },
    { id: 'opened', type: 'wait.event', config: { event: 'opened', timeout: '1d' } },
    { id: 'mail', type: 'action.email', config: { template: 'new' } },
    { id: 'done', type: 'flow.exit' },
  ],
  ['start>pause', 'pause>opened', 'opened:happened>mail', 'opened:timedOut>mail', 'mail>done'],
  { templates },
);

const node = (s: Scenario, id: string) => s.nodes.find((n) => n.id === id)!;
const contact = { id: 'c1', attributes: {}, consents: { email: true }, lists: [], events: [], timeZone: 'Europe/Paris' };
const ctx = (now: number): StepContext => ({ now, contact: { ...contact }, sent: [], enrolmentKey: 'e1' });
/** A JSON round trip, as the server stores snapshots. */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe('the default mapping', () => {
  it('sends contacts to the node with the same id when it holds the same kind of waiting contact, else keeps them', () => {
    const same = { ...v1, nodes: v1.nodes.map((n) => (n.id === 'wait' ? { ...n, config: { duration: '5d' } } : n)) } as Scenario;
    expect(defaultTarget(node(v1, 'wait'), same)).toBe('wait');
    // Renamed: no node "wait" in version 2.
    expect(defaultTarget(node(v1, 'wait'), v2)).toBeNull();
    // Same id, other kind: a wait for event cannot take a contact of a delay.
    const retyped = scenarioOf([{ id: 'start', type: 'entry.event', config: { event: 'signed_up' } }, { id: 'wait', type: 'wait.event', config: { event: 'x', timeout: '1d' } }], ['start>wait']);
    expect(defaultTarget(node(v1, 'wait'), retyped)).toBeNull();
  });

  it('lets the mapping choose, null meaning the contacts stay', () => {
    expect(targetOf({ wait: 'pause' }, node(v1, 'wait'), v2)).toBe('pause');
    expect(targetOf({ wait: null }, node(v1, 'wait'), v2)).toBeNull();
    expect(targetOf({}, node(v1, 'wait'), v2)).toBeNull();
  });

  it('offers only the nodes of the same kind: timed waits for a delay, the same channel for a deferred send', () => {
    expect(targetsFor(node(v1, 'wait'), v2).map((n) => n.id)).toEqual(['pause']);
    expect(targetsFor(node(v1, 'mail'), v2).map((n) => n.id)).toEqual(['mail']);
    expect(targetsFor(node(v1, 'start'), v2)).toEqual([]);
  });
});

describe('checking a mapping', () => {
  const old = new Map([[1, v1]]);

  it('accepts sound entries', () => {
    expect(checkMapping({ '1': { wait: 'pause', mail: null } }, old, v2, 2)).toEqual([]);
  });

  it('refuses each unsound entry, located at mapping.<version>.<node>, saying why', () => {
    const issues = checkMapping({ '1': { wait: 'opened', ghost: 'pause', start: 'start', mail: 'nowhere' }, '7': {}, two: {} }, old, v2, 2);
    expect(issues).toEqual([
      { path: ['mapping', '1', 'wait'], nodeId: 'wait', message: expect.stringMatching(/can only move to a delay, wait until or time window; opened is a wait.event node/) },
      { path: ['mapping', '1', 'ghost'], message: 'version 1 has no node ghost' },
      { path: ['mapping', '1', 'start'], nodeId: 'start', message: expect.stringContaining('no contact waits at start') },
      { path: ['mapping', '1', 'mail'], nodeId: 'mail', message: 'the new version has no node nowhere' },
      { path: ['mapping', '7'], message: expect.stringContaining('is not an earlier version') },
      { path: ['mapping', 'two'], message: expect.stringContaining('is not an earlier version') },
    ]);
  });
});

describe('a waiting contact moved to the new version', () => {
  /** A contact that entered version 1 at T0 and waits on its delay (due T0 + 2d). */
  function waitingOnV1() {
    const entered = step(compileScenario(v1), null, { kind: 'enter' }, ctx(T0));
    expect(entered.node).toBe('wait');
    const schedule = entered.effects.find((e) => e.kind === 'schedule')!;
    if (schedule.kind !== 'schedule') throw new Error('no timer');
    return { snapshot: stored(entered.snapshot), dueAt: schedule.at, timerSeq: schedule.seq };
  }

  it('keeps the due time when the new node is the same wait with the same timing', () => {
    const state = waitingOnV1();
    const renamed = { ...node(v1, 'wait'), id: 'pause' };
    const moved = movedState(node(v1, 'wait'), renamed, state, contact, T0 + HOUR);
    expect(moved).toMatchObject({ dueAt: T0 + 2 * DAY, timerNode: 'pause', timerSeq: state.timerSeq, rule: 'kept' });
  });

  it('counts a new duration from the arrival at the old node: 2 days moved to 3 days falls due a day later', () => {
    const moved = movedState(node(v1, 'wait'), node(v2, 'pause'), waitingOnV1(), contact, T0 + HOUR);
    expect(moved).toMatchObject({ dueAt: T0 + 3 * DAY, rule: 'from_arrival' });
  });

  it('a due time already past becomes now', () => {
    const short = { ...node(v2, 'pause'), config: { duration: '1h' } } as Scenario['nodes'][number];
    expect(movedState(node(v1, 'wait'), short, waitingOnV1(), contact, T0 + 5 * HOUR).dueAt).toBe(T0 + 5 * HOUR);
  });

  it('a wait until a time of day is computed from the move, in the contact time zone', () => {
    const until = { id: 'morning', type: 'wait.until', config: { time: '09:00' } } as Scenario['nodes'][number];
    const moved = movedState({ id: 'x', type: 'wait.until', config: { time: '07:00' } } as Scenario['nodes'][number], until, { ...waitingOnV1() }, contact, T0 + HOUR);
    // T0 + 1h is 10:00 in Paris (UTC+1): the next 09:00 there is the next day, 08:00 UTC.
    expect(moved).toMatchObject({ dueAt: T0 + DAY, rule: 'from_move' });
  });

  it('continues on the new version as if it had reached the node there: its timer fires and it takes the new edges', () => {
    const moved = movedState(node(v1, 'wait'), node(v2, 'pause'), waitingOnV1(), contact, T0 + HOUR);
    const v2c = compileScenario(v2);
    const fired = step(v2c, stored(moved.snapshot), { kind: 'timer', node: moved.timerNode!, seq: moved.timerSeq! }, ctx(moved.dueAt!));
    // It left the new node by its edge and now waits at the wait for event version 2 added.
    expect(fired.steps.map((s) => [s.node, s.outcome])).toEqual([
      ['pause', 'resumed'],
      ['opened', 'waiting'],
    ]);
    expect(fired.node).toBe('opened');
    const timeout = fired.effects.find((e) => e.kind === 'schedule')!;
    if (timeout.kind !== 'schedule') throw new Error('no timeout');
    const sent = step(v2c, stored(fired.snapshot), { kind: 'timer', node: 'opened', seq: timeout.seq }, ctx(timeout.at));
    expect(sent.effects).toContainEqual(expect.objectContaining({ kind: 'send', message: expect.objectContaining({ template: 'new' }) }));
    expect(sent.status).toBe('exited');
  });

  it('a timer for the old visit number moves nothing: the visit number is kept, not reset', () => {
    const state = waitingOnV1();
    const moved = movedState(node(v1, 'wait'), node(v2, 'pause'), state, contact, T0 + HOUR);
    const stale = step(compileScenario(v2), stored(moved.snapshot), { kind: 'timer', node: 'pause', seq: state.timerSeq + 1 }, ctx(moved.dueAt!));
    expect(stale.steps).toEqual([]);
  });

  it('a digest keeps what it collected, under the new node, closing at the new due time', () => {
    const digestOf = (id: string, window: string) => ({ id, type: 'wait.digest', config: { event: 'viewed', window, maxItems: 5 } }) as Scenario['nodes'][number];
    const snapshot = { status: 'active', value: 'd1', context: { seq: 1, digest: { node: 'd1', openedAt: T0, closesAt: T0 + DAY, count: 2, items: [{ sku: 'a' }, { sku: 'b' }] } } };
    const moved = movedState(digestOf('d1', '1d'), digestOf('d2', '2d'), { snapshot, dueAt: T0 + DAY, timerSeq: 1 }, contact, T0 + HOUR);
    expect(moved).toMatchObject({ dueAt: T0 + 2 * DAY, rule: 'from_arrival', snapshot: { value: 'd2', context: { seq: 1, digest: { node: 'd2', count: 2, closesAt: T0 + 2 * DAY, openedAt: T0 } } } });
  });

  it('a contact without a pending timer keeps none', () => {
    const state = { ...waitingOnV1(), dueAt: null, timerSeq: null };
    expect(movedState(node(v1, 'wait'), node(v2, 'pause'), state, contact, T0)).toMatchObject({ dueAt: null, timerNode: null, timerSeq: null, rule: 'none' });
  });
});
