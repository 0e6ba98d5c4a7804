import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callServer, serverDir, startServer, stopServer } from './support/server-process.ts';

/** The real server binary on a manual clock (PARCOURS_CLOCK=manual), moved over HTTP as a tester would. */
const KEY = 'pk_manual_clock_test_admin_key';
const { dir, noExamples } = serverDir('parcours-clock-');

const scenario = {
  schemaVersion: 1,
  id: 'two-days',
  name: 'Two days',
  settings: { consentRequired: { email: false, sms: false, push: false } },
  templates: ['hello', 'reminder'].map((id) => ({ id, channel: 'email', subject: id, html: `<p>${id}</p>` })),
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: 'signed_up' } },
    { id: 'hello', type: 'action.email', config: { template: 'hello' } },
    { id: 'wait', type: 'wait.delay', config: { duration: '1d' } },
    { id: 'reminder', type: 'action.email', config: { template: 'reminder' } },
    { id: 'done', type: 'flow.exit', config: {} },
  ],
  edges: ['start', 'hello', 'wait', 'reminder'].map((source, i, all) => ({ id: `e${i}`, source, target: [...all.slice(1), 'done'][i] })),
};

const start = (name: string, env: Record<string, string>) =>
  startServer({ PARCOURS_DB: join(dir, `${name}.sqlite`), PARCOURS_ADMIN_KEY: KEY, PARCOURS_SCENARIOS: noExamples, ...env });
const call = (base: string, method: string, path: string, body?: unknown) => callServer(base, KEY, method, path, body);

describe('the server on a manual clock', () => {
  it('stands still until told, then fires the wait and sends the reminder', async () => {
    const { child, base } = await start('manual', { PARCOURS_CLOCK: 'manual', PARCOURS_CLOCK_START: '2026-03-02T08:00:00Z' });
    try {
      expect(await call(base, 'GET', '/clock')).toEqual({ status: 200, body: { now: '2026-03-02T08:00:00.000Z', mode: 'manual' } });
      expect((await call(base, 'POST', '/scenarios/import', scenario)).status).toBeLessThan(300);
      expect((await call(base, 'POST', '/scenarios/two-days/publish')).status).toBeLessThan(300);
      expect((await call(base, 'POST', '/track', { userId: 'ann', event: 'signed_up', properties: {} })).status).toBe(200);
      const templates = async () => (await call(base, 'GET', '/messages?contactId=ann')).body.items.map((m: { template: string }) => m.template).sort();
      expect(await templates()).toEqual(['hello']);

      expect(await call(base, 'POST', '/clock', { advance: '2d' })).toEqual({ status: 200, body: { now: '2026-03-04T08:00:00.000Z', mode: 'manual' } });
      expect(await templates()).toEqual(['hello', 'reminder']);
      const reminder = (await call(base, 'GET', '/messages?contactId=ann')).body.items.find((m: { template: string }) => m.template === 'reminder');
      expect(reminder.createdAt).toBe('2026-03-03T08:00:00.000Z');

      const back = await call(base, 'POST', '/clock', { to: '2026-03-01T00:00:00Z' });
      expect(back.status).toBe(400);
      expect(back.body.error.issues[0].path).toEqual(['to']);
      expect((await call(base, 'POST', '/clock', { advance: 'soon' })).body.error.issues[0].path).toEqual(['advance']);
    } finally {
      expect(await stopServer(child)).toBe(0);
    }
  }, 60_000);

  it('has no clock routes on the real clock', async () => {
    const { child, base } = await start('real', {});
    try {
      expect((await call(base, 'GET', '/clock')).status).toBe(404);
      const move = await call(base, 'POST', '/clock', { advance: '2d' });
      expect(move.status).toBe(404);
      expect(move.body.error.code).toBe('not_found');
    } finally {
      expect(await stopServer(child)).toBe(0);
    }
  }, 60_000);
});
