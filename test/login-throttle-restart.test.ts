import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { callServer, serverDir, startServer, stopServer } from './support/server-process.ts';

/**
 * Sign-in throttling on the real server binary: the failures are counted in the database, so killing the server and
 * starting it again on the same file does not give a guesser a fresh budget.
 */
const KEY = 'pk_throttle_restart_admin_key';
const EMAIL = 'guarded@example.com';
const PASSWORD = 'the right passphrase';
const { dir, noExamples } = serverDir('parcours-throttle-');
const start = () => startServer({ PARCOURS_DB: join(dir, 'parcours.sqlite'), PARCOURS_ADMIN_KEY: KEY, PARCOURS_SCENARIOS: noExamples });

const login = (base: string, password: string) =>
  fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password }) });

let child: ChildProcess | undefined;
afterAll(async () => {
  if (child?.exitCode === null) await stopServer(child, 'SIGKILL');
});

describe('sign-in throttling across a restart', () => {
  it('keeps an account waiting after the server is killed and started again', async () => {
    const first = await start();
    child = first.child;
    expect((await callServer(first.base, KEY, 'POST', '/users', { email: EMAIL, role: 'editor', password: PASSWORD })).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await login(first.base, `wrong ${i}`)).status).toBe(401);
    expect((await login(first.base, PASSWORD)).status).toBe(429);
    await stopServer(first.child, 'SIGKILL');

    const second = await start();
    child = second.child;
    const after = await login(second.base, PASSWORD);
    expect(after.status).toBe(429);
    expect(Number(after.headers.get('retry-after'))).toBeGreaterThan(0);
    await stopServer(second.child);
  }, 90_000);
});
