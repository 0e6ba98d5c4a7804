import { afterEach, describe, expect, it } from 'vitest';
import { statements } from '../src/db/statements.ts';
import { earliestRetry, pendingMessages, type PendingFilter } from '../src/store/outbox.ts';
import { harness, type Harness } from './helpers.ts';

/** The dispatcher's pick on a real database: oldest first, leaving out what its filter names, due retries included. */
describe('the outbox pick', () => {
  let h: Harness;
  afterEach(() => h.close());

  const contact = { anonymous: false, attributes: {}, consents: {}, timeZone: null, lists: [], createdAt: 0, updatedAt: 0 };
  const open = { held: [], inFlight: [], closedChannels: [], fullHosts: [], busyContacts: [] };

  /** Writes pending rows in this order (ids ascending), each `[channel, scenario, contact, webhook url?]`. */
  function outbox(rows: Array<[string, string, string, string?]>) {
    const q = statements(h.db);
    for (const id of new Set(rows.map((row) => row[2]))) q.insertContact.run({ ...contact, id });
    rows.forEach(([channel, scenarioId, contactId, url], i) =>
      q.insertMessage.run({ idempotencyKey: `m${i}`, contactId, enrolmentId: null, scenarioId, version: 1, node: 'n', channel, template: null, webhook: url ? { url, method: 'POST' } : null, event: null, transactional: false, digest: null, createdAt: i }),
    );
  }
  const ids = (rows: Array<{ id: number }>) => rows.map((row) => row.id);
  /** A pick that claims nothing (on PostgreSQL its claim ends at once): these tests are about what a pick leaves out. */
  const pick = (now: number, filter: PendingFilter, limit: number, options: { retries?: boolean } = {}) =>
    ids(pendingMessages(h.db, now, filter, limit, { claimMs: 0, ...options }));

  it('takes the oldest rows up to the limit, none of a closed channel', () => {
    h = harness();
    outbox([['task', 's', 'a'], ['task', 's', 'b'], ['task', 's', 'c'], ['email', 's', 'a'], ['sms', 's', 'a'], ['email', 's', 'b'], ['task', 's', 'd'], ['email', 's', 'c']]);
    expect(pick(100, { ...open, closedChannels: ['task', 'sms'] }, 10)).toEqual([4, 6, 8]);
    expect(pick(100, open, 3)).toEqual([1, 2, 3]);
  });

  it('leaves out rows in flight, held pairs on their own channel only, busy contacts on messages only, full hosts on webhooks only', () => {
    h = harness();
    outbox([
      ['email', 'capped', 'a'],
      ['task', 'capped', 'a'],
      ['email', 'free', 'b'],
      ['email', 'free', 'c'],
      ['task', 'free', 'b'],
      ['webhook', 'free', 'a', 'https://full.example/x'],
      ['webhook', 'free', 'a', 'https://other.example/x'],
      ['webhook', 'free', 'a', 'not a url'],
    ]);
    const filter = { held: [{ scenarioId: 'capped', channel: 'email' }], inFlight: [4], closedChannels: [], fullHosts: ['full.example'], busyContacts: ['b'] };
    expect(pick(100, filter, 10)).toEqual([2, 5, 7, 8]);
  });

  it('takes a retry once its next attempt is due, in id order with the fresh rows', () => {
    h = harness();
    outbox([['task', 's', 'a'], ['task', 's', 'b'], ['task', 's', 'c']]);
    h.db.$client.prepare('UPDATE messages SET next_attempt_at = 50 WHERE id = 1').run();
    h.db.$client.prepare('UPDATE messages SET next_attempt_at = 500 WHERE id = 2').run();
    expect(pick(100, open, 10)).toEqual([1, 3]);
    expect(pick(500, open, 10)).toEqual([1, 2, 3]);
    expect(pick(500, open, 10, { retries: false })).toEqual([3]);
  });

  it('knows when the earliest pending retry is due, none once the retries are done', () => {
    h = harness();
    outbox([['task', 's', 'a'], ['task', 's', 'b'], ['task', 's', 'c']]);
    expect(earliestRetry(h.db)).toBeUndefined();
    h.db.$client.prepare('UPDATE messages SET next_attempt_at = 700 WHERE id = 1').run();
    h.db.$client.prepare('UPDATE messages SET next_attempt_at = 300 WHERE id = 2').run();
    expect(earliestRetry(h.db)).toBe(300);
    h.db.$client.prepare("UPDATE messages SET status = 'sent', next_attempt_at = NULL WHERE id = 2").run();
    expect(earliestRetry(h.db)).toBe(700);
  });
});
