import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_CASCADE_ROUNDS } from '@parcours/shared';
import { openDatabase } from '../../server/src/db/open.ts';
import { Runtime } from '../../server/src/runtime/runtime.ts';
import { harness, publishScenario, START, type Harness } from '../../server/test/helpers.ts';
import { parsedScenario, replay, serverResult, simulatedResult } from '../../server/test/replay.ts';

/**
 * The smallest cases of the disagreements the generated parity property found before the enrolment
 * policy was shared (issue 10, item 2), now agreeing; and the date-entry rule (issue 11): an
 * occurrence counts only if it is still ahead when the contact's date becomes known or changes.
 */

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

/** An entry straight to an exit, with `between` nodes in a row after the entry. */
function scenario(id: string, entry: object, reentry: object, between: Array<{ id: string; type: string; config: object }> = []) {
  const ids = ['in', ...between.map((n) => n.id), 'end'];
  return {
    schemaVersion: 1,
    id,
    name: id,
    settings: { reentry },
    nodes: [{ id: 'in', ...entry }, ...between, { id: 'end', type: 'flow.exit', config: {} }],
    edges: ids.slice(1).map((target, i) => ({ id: `e${i + 1}`, source: ids[i], target })),
  };
}

/** How many times the contact entered, and how it ended, on the server and in the simulator. */
async function passes(file: object, testCase: { contact: { id: string; attributes: object }; events: object[]; until: string }) {
  const parsed = parsedScenario(file);
  await publishScenario(h, file);
  const tc = testCase as Parameters<typeof simulatedResult>[1];
  const [server, simulator] = [await replay(h, parsed, tc), simulatedResult(parsed, tc)];
  return { server: [server.passes, server.status], simulator: [simulator.passes, simulator.status] };
}

it('an event while the segment still holds does not enter the contact again (it must become true again)', async () => {
  const file = scenario('segment', { type: 'entry.segment', config: { condition: { attribute: 'plan', op: 'eq', value: 'pro' } } }, { policy: 'always' });
  const result = await passes(file, { contact: { id: 'ana', attributes: { plan: 'pro' } }, events: [{ at: '1h', event: 'viewed', properties: {} }], until: '1d' });
  expect(result).toEqual({ server: [1, 'exited'], simulator: [1, 'exited'] });
});

it('a scenario that starts itself re-enters alike on both, until the cascade guard stops it', async () => {
  const file = scenario('self', { type: 'entry.api', config: {} }, { policy: 'always' }, [{ id: 'again', type: 'action.scenario', config: { scenario: 'self' } }]);
  const result = await passes(file, { contact: { id: 'bob', attributes: {} }, events: [], until: '1d' });
  expect(result.server).toEqual(result.simulator);
  expect(result.server[0]).toBe(MAX_CASCADE_ROUNDS + 1);
});

it('a scenario that starts itself twice per pass stays linear: one start per scenario and round', async () => {
  // Before: each pass asked for two more, 2^20 enrolments from one API call (a generated case found it).
  const twice = [
    { id: 'again', type: 'action.scenario', config: { scenario: 'twice' } },
    { id: 'and_again', type: 'action.scenario', config: { scenario: 'twice' } },
  ];
  const file = scenario('twice', { type: 'entry.api', config: {} }, { policy: 'always' }, twice);
  const result = await passes(file, { contact: { id: 'eve', attributes: {} }, events: [], until: '1d' });
  expect(result.server).toEqual(result.simulator);
  expect(result.server[0]).toBe(MAX_CASCADE_ROUNDS + 1);
});

it('a date due hours before the contact existed does not enter it, on either side', async () => {
  // Due 2026-01-05 00:00, the case starts at 08:00: an occurrence before the contact existed is not its own.
  const file = scenario('late', { type: 'entry.date', config: { attribute: 'renewal', at: '00:00', recurrence: 'once' } }, { policy: 'never' });
  const result = await passes(file, { contact: { id: 'cy', attributes: { renewal: '2026-01-05' } }, events: [], until: '1d' });
  expect(result).toEqual({ server: [0, 'not_entered'], simulator: [0, 'not_entered'] });
});

describe('date entries', () => {
  const DAY = 86_400_000;
  const renewal = (id: string, reentry: object = { policy: 'never' }, at = '09:00') =>
    scenario(id, { type: 'entry.date', config: { attribute: 'renewal', at, recurrence: 'once' } }, reentry);
  const birthday = (id: string, at = '09:00') => scenario(id, { type: 'entry.date', config: { attribute: 'birthday', at } }, { policy: 'always' });

  type Case = { contact: { id: string; attributes: object; timeZone?: string }; events: object[]; until: string };
  /** A case as the replay takes it (the contact's consents and lists default to none). */
  const asCase = (c: Case) => c as unknown as Parameters<typeof simulatedResult>[1];

  /** The whole results (trace with times, messages, status) on both sides, which must agree. */
  async function agreeing(file: object, testCase: Case) {
    const parsed = parsedScenario(file);
    await publishScenario(h, file);
    const server = await replay(h, parsed, asCase(testCase));
    expect(server).toEqual(simulatedResult(parsed, asCase(testCase)));
    return server;
  }

  it('a date set a few hours after its occurrence enters on neither side (no retroactive entry)', async () => {
    // Was the one known difference: the server's sweep looked 26 h back and entered such a contact.
    const file = renewal('late-change', { policy: 'never' }, '00:00');
    // The contact exists from 2026-01-05 08:00 with no renewal; on the 7th at 10:00 its renewal becomes that day (due 00:00).
    const result = await passes(file, { contact: { id: 'di', attributes: {} }, events: [{ at: '2d2h', attributes: { renewal: '2026-01-07' } }], until: '3d' });
    expect(result).toEqual({ server: [0, 'not_entered'], simulator: [0, 'not_entered'] });
  });

  it('a date set before its occurrence enters at the occurrence, on both sides', async () => {
    const server = await agreeing(renewal('early-set'), { contact: { id: 'ed', attributes: {} }, events: [{ at: '1d', attributes: { renewal: '2026-01-08' } }], until: '5d' });
    expect(server.passes).toBe(1);
    expect(server.steps[0].at).toBe(Date.parse('2026-01-08T09:00:00Z'));
  });

  it('a date changed before its occurrence enters at the new date only', async () => {
    const events = [
      { at: '1h', attributes: { renewal: '2026-01-09' } },
      { at: '1d', attributes: { renewal: '2026-01-07' } },
    ];
    const server = await agreeing(renewal('changed', { policy: 'always' }), { contact: { id: 'fe', attributes: { renewal: '2026-01-06' } }, events, until: '8d' });
    // The 6th (from the start) was replaced by the 9th an hour in, the 9th by the 7th a day in: only the 7th comes.
    expect(server.steps.filter((s) => s.node === 'in').map((s) => s.at)).toEqual([Date.parse('2026-01-07T09:00:00Z')]);
  });

  it('a date changed to one already past this year waits for next year, in the contact\'s time zone', async () => {
    // 2026-01-07 09:00 in Los Angeles is 17:00 UTC, in Auckland it was 2026-01-06 20:00 UTC: at 12:00 UTC on the 7th one is ahead, one is past.
    const events = [{ at: '2d4h', attributes: { birthday: '1990-01-07' } }];
    for (const [id, timeZone, entered] of [['la', 'America/Los_Angeles', 1], ['akl', 'Pacific/Auckland', 0]] as const) {
      const server = await agreeing(birthday(`bday-${id}`), { contact: { id, attributes: {}, timeZone }, events, until: '10d' });
      expect(server.passes).toBe(entered);
      await h.call('POST', `/scenarios/bday-${id}/archive`);
    }
  });

  it('a contact created after its occurrence does not enter; one created before does', async () => {
    const file = renewal('created');
    const parsed = parsedScenario(file);
    await publishScenario(h, file);
    // Due 2026-01-04 09:00, the day before the contact appears (2026-01-05 08:00).
    const late = asCase({ contact: { id: 'late', attributes: { renewal: '2026-01-04' } }, events: [], until: '2d' });
    const early = asCase({ contact: { id: 'early', attributes: { renewal: '2026-01-06' } }, events: [], until: '2d' });
    const [lateServer, earlyServer] = [await replay(h, parsed, late), await replay(h, parsed, early)];
    expect([lateServer, earlyServer]).toEqual([simulatedResult(parsed, late), simulatedResult(parsed, early)]);
    expect([lateServer.passes, earlyServer.passes]).toEqual([0, 1]);
  });

  it('backfill on publish: contacts that had their date when the scenario went live enter at their next occurrence', async () => {
    // The contacts exist before the scenario does; the simulator has them from the start, the publish instant.
    const contacts = [
      { id: 'soon', attributes: { birthday: '1980-01-06' }, timeZone: 'Europe/Paris' },
      { id: 'passed', attributes: { birthday: '1980-01-04' }, timeZone: 'America/New_York' },
      { id: 'none', attributes: { plan: 'pro' } },
    ];
    for (const { id, ...profile } of contacts) await h.call('PUT', `/contacts/${id}`, profile);
    const file = birthday('backfilled');
    await publishScenario(h, file);
    expect(h.db.$client.prepare('SELECT count(*) AS n FROM date_entries').get()).toEqual({ n: 0 });
    // One contact per chunk: the backfill goes through in three short transactions.
    const chunks: number[] = [];
    for (let n; (n = h.runtime.backfillDates(1)) > 0; ) chunks.push(n);
    expect(chunks).toEqual([1, 1, 1]);
    expect(h.db.$client.prepare('SELECT count(*) AS n FROM date_backfills').get()).toEqual({ n: 0 });

    const until = START + 400 * DAY;
    let due;
    while ((due = h.runtime.nextDueAt()) !== undefined && due <= until) {
      h.clock.set(Math.max(h.clock.now(), due));
      h.runtime.runDue(1000);
    }
    const parsed = parsedScenario(file);
    for (const { id, ...profile } of contacts) {
      const simulated = simulatedResult(parsed, asCase({ contact: { id, ...profile }, events: [], until: '400d' }));
      expect(serverResult(h, id)).toEqual(simulated);
    }
    expect(['soon', 'passed', 'none'].map((id) => serverResult(h, id).passes)).toEqual([2, 1, 0]);
  });

  it('a date row due while the server was down fires when it opens the file again', async () => {
    const file = renewal('restart');
    await publishScenario(h, file);
    await h.call('PUT', '/contacts/gi', { attributes: { renewal: '2026-01-06' } });
    h.db.$client.close();
    // Down over the occurrence (2026-01-06 09:00); back a day later.
    h.clock.set(START + 3 * DAY);
    const db = openDatabase(join(h.dir, 'test.sqlite'));
    const runtime = new Runtime(db, h.clock);
    expect(runtime.nextDueAt()).toBe(Date.parse('2026-01-06T09:00:00Z'));
    expect(runtime.runDue()).toBe(1);
    const rows = db.$client.prepare("SELECT pass, trigger, entered_at AS at FROM enrolments WHERE contact_id = 'gi'").all();
    expect(rows).toEqual([{ pass: 1, trigger: 'date', at: START + 3 * DAY }]);
    // The simulator enters it too (at the occurrence itself: the server was not there to do so).
    expect(simulatedResult(parsedScenario(file), asCase({ contact: { id: 'gi', attributes: { renewal: '2026-01-06' } }, events: [], until: '3d' })).passes).toBe(1);
    db.$client.close();
  });
});
