import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@parcours/server';
import { priceDropsScenario } from './support/price-drops.ts';
import { callServer, serverDir, startServer, stopServer } from './support/server-process.ts';

/**
 * A digest's collected items live in the enrolment's persisted snapshot: the real server binary, on a manual
 * clock, is killed (SIGKILL) in the middle of a window and started again on the same database; the email
 * the window then sends counts the events from before and after the crash.
 */
const KEY = 'pk_digest_restart_admin_key';
const { dir, noExamples } = serverDir('parcours-digest-restart-');
const dbFile = join(dir, 'parcours.sqlite');

const scenario = priceDropsScenario({ window: '1h' }, '{% for item in digest.items %}{{ item.product }} {% endfor %}');

const start = (at: string) =>
  startServer({ PARCOURS_DB: dbFile, PARCOURS_ADMIN_KEY: KEY, PARCOURS_SCENARIOS: noExamples, PARCOURS_CLOCK: 'manual', PARCOURS_CLOCK_START: at });
const call = (base: string, method: string, path: string, body?: unknown) => callServer(base, KEY, method, path, body);

function outbox(): Array<{ node: string; digest: string | null }> {
  const db = openDatabase(dbFile);
  try {
    return db.$client.prepare('select node, digest from messages').all() as Array<{ node: string; digest: string | null }>;
  } finally {
    db.$client.close();
  }
}

describe('a server killed in the middle of a digest window', () => {
  it('loses none of the events the window collected before the crash', async () => {
    let server = await start('2026-03-02T08:00:00Z');
    expect((await call(server.base, 'POST', '/scenarios/import', scenario)).status).toBeLessThan(300);
    expect((await call(server.base, 'POST', '/scenarios/drops/publish')).status).toBeLessThan(300);
    const drop = async (base: string, i: number) => {
      expect((await call(base, 'POST', '/track', { userId: 'ann', event: 'price_dropped', properties: { product: `p${i}` } })).status).toBe(200);
      expect((await call(base, 'POST', '/clock', { advance: '1m' })).status).toBe(200);
    };
    for (let i = 0; i < 5; i++) await drop(server.base, i);
    expect(await stopServer(server.child, 'SIGKILL')).toBeNull();

    server = await start('2026-03-02T08:05:00Z');
    try {
      for (let i = 5; i < 10; i++) await drop(server.base, i);
      expect(outbox()).toEqual([]);
      expect((await call(server.base, 'POST', '/clock', { advance: '1h' })).status).toBe(200);
    } finally {
      await stopServer(server.child);
    }
    const [mail, ...others] = outbox();
    expect(others).toEqual([]);
    expect(mail.node).toBe('mail');
    const digest = JSON.parse(mail.digest!) as { count: number; items: Array<{ product: string }> };
    expect(digest.count).toBe(10);
    expect(digest.items.map((i) => i.product)).toEqual(Array.from({ length: 10 }, (_, i) => `p${i}`));
  }, 90_000);
});
