import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { auditLog } from '../src/db/schema.ts';
import { Retention } from '../src/runtime/retention.ts';
import { harness, type Harness } from './helpers.ts';
import { makeUser, signIn } from './people-helpers.ts';

/**
 * Audit-log retention. The horizon is the database's own clock (so that moving the server's manual clock cannot age
 * the log): the test writes "old" entries with a server clock set 400 days before the real time, then moves it to now.
 */
const DAY = 86_400_000;
let h: Harness;
beforeEach(() => {
  h = harness(Date.now() - 400 * DAY);
});
afterEach(() => h.close());

const rows = () => h.db.select().from(auditLog).orderBy(asc(auditLog.id)).all();
const actions = () => rows().map((r) => r.action);
const retention = (batchSize?: number) => new Retention(h.db, h.clock, { eventsDays: 0, stepsDays: 0, messagesDays: 0 }, batchSize);
const change = (i: number) => h.call('PUT', '/settings/pressure', { frequencyCaps: [{ channel: 'email', max: i + 1, per: '1d' }] });
const toNow = () => h.clock.advance(Date.now() - h.clock.now());

/** Five entries 400 days old, then the clock at the real time. */
async function oldEntries() {
  for (let i = 0; i < 5; i++) await change(i);
  toNow();
}

describe('the audit retention setting', () => {
  it('keeps every entry by default, takes 180 to 3650 days or null, and records each change once', async () => {
    expect((await h.call('GET', '/settings/audit-retention')).body).toEqual({ days: null });
    for (const days of [30, 179, 3651, 365.5, '365']) {
      const refused = await h.call('PUT', '/settings/audit-retention', { days });
      expect(refused.status).toBe(400);
      expect(refused.body.error.issues[0].path).toEqual(['days']);
    }
    expect(rows()).toEqual([]);
    expect((await h.call('PUT', '/settings/audit-retention', { days: 365 })).body).toEqual({ days: 365 });
    expect(rows()).toMatchObject([{ action: 'settings.audit_retention', change: { from: null, to: 365 } }]);
    // The same value again changes nothing: no entry.
    await h.call('PUT', '/settings/audit-retention', { days: 365 });
    await h.call('PUT', '/settings/audit-retention', { days: null });
    expect(rows().map((r) => r.change)).toEqual([{ from: null, to: 365 }, { from: 365, to: null }]);
    expect((await h.call('GET', '/settings/audit-retention')).body).toEqual({ days: null });
  });

  it('is for admins only', async () => {
    await makeUser(h, 'publisher');
    const browser = await signIn(h, 'publisher@example.com');
    expect((await browser.call('PUT', '/settings/audit-retention', { days: 365 })).status).toBe(403);
    expect((await browser.call('GET', '/settings/audit-retention')).status).toBe(403);
  });
});

describe('pruning the audit log', () => {
  it('prunes nothing while the log is kept for good', async () => {
    await oldEntries();
    expect(retention().pruneAll()).toBe(0);
    expect(rows()).toHaveLength(5);
  });

  it('deletes entries older than the retention in slices, and records the pruning once: how many, up to when', async () => {
    await oldEntries();
    await h.call('PUT', '/settings/audit-retention', { days: 365 });
    await change(9);
    const job = retention(2);
    // A batch of 2 at most per call: the pass takes several calls.
    expect(job.prune()).toEqual({ deleted: 2, more: true });
    expect(job.pruneAll()).toBe(3);
    expect(actions()).toEqual(['settings.audit_retention', 'settings.pressure', 'audit.prune']);
    const prune = rows()[2];
    expect(prune).toMatchObject({ actorKind: 'system', actorLabel: 'Parcours', targetType: 'audit_log', change: { deleted: 5, retentionDays: 365 } });
    const before = Date.parse(prune.change.before as string);
    expect(before).toBeGreaterThan(Date.now() - 365 * DAY - 60_000);
    expect(before).toBeLessThanOrEqual(Date.now() - 365 * DAY);
    // The next pass finds nothing: no entry.
    expect(retention().pruneAll()).toBe(0);
    expect(rows()).toHaveLength(3);
  });

  it('is not fooled by a server clock moved forward: the horizon is the database clock', async () => {
    toNow();
    await h.call('PUT', '/settings/audit-retention', { days: 180 });
    await change(1);
    h.clock.advance(3650 * DAY);
    expect(retention().pruneAll()).toBe(0);
    expect(actions()).toEqual(['settings.audit_retention', 'settings.pressure']);
  });
});

describe('the database guarantee', () => {
  it('refuses any DELETE but of entries older than the retention, every UPDATE, and a retention under 180 days', async () => {
    await oldEntries();
    await change(9);
    const sqlite = h.db.$client;
    const [oldest] = rows();
    const youngest = rows().at(-1)!;
    // Kept for good: nothing can go.
    expect(() => sqlite.prepare('DELETE FROM audit_log WHERE id = ?').run(oldest.id)).toThrow(/append-only/);
    await h.call('PUT', '/settings/audit-retention', { days: 365 });
    expect(() => sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_log WHERE id = ?').run(youngest.id)).toThrow(/append-only/);
    expect(() => sqlite.prepare("UPDATE audit_log SET action = 'auth.login' WHERE id = ?").run(oldest.id)).toThrow(/append-only/);
    expect(() => sqlite.prepare('UPDATE audit_retention SET days = 179').run()).toThrow(/CHECK constraint|check constraint/);
    expect(() => sqlite.prepare('INSERT INTO audit_retention (id, days) VALUES (2, 365)').run()).toThrow(/CHECK constraint|check constraint/);
    expect(rows()).toHaveLength(7);
    // An entry older than the retention is what the mechanism lets go.
    expect(sqlite.prepare('DELETE FROM audit_log WHERE id = ?').run(oldest.id).changes).toBe(1);
  });
});
