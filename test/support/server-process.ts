import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import { programArgs } from './node-program.ts';

const REPO = resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  /** "http://127.0.0.1:PORT" */
  base: string;
  /** What it printed so far. */
  output: () => string;
}

/** Starts the real server binary in a child process with `env` added to ours; resolves once it listens. */
export function startServer(env: Record<string, string>): Promise<ServerProcess> {
  return startListening(['server/src/main.ts'], env);
}

const spawnProgram = async ([program, ...args]: string[], env: Record<string, string>, nodeFlags: string[] = []) =>
  spawn(process.execPath, [...nodeFlags, ...(await programArgs(program)), ...args], {
    cwd: REPO,
    env: { ...process.env, PARCOURS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/**
 * Runs a TypeScript file of the repository (`argv[0]`, then its arguments) until it prints "listening on http://…".
 * `nodeFlags` go to node itself, before the runner's own arguments (e.g. `--cpu-prof`).
 */
export function startListening(argv: string[], env: Record<string, string> = {}, startMs = 20_000, nodeFlags: string[] = []): Promise<ServerProcess> {
  return startUntil(argv, env, /listening on (http:\/\/[\d.]+:\d+)/, startMs, nodeFlags);
}

/** Starts the server binary as a worker (PARCOURS_ROLE=worker, added to `env`); resolves once it runs. It listens on no port: `base` is empty. */
export function startWorker(env: Record<string, string>): Promise<ServerProcess> {
  return startUntil(['server/src/main.ts'], { ...env, PARCOURS_ROLE: 'worker' }, /Parcours worker running()/);
}

/** Runs a program until its output matches `ready`, whose first group is the address it listens on. */
async function startUntil(argv: string[], env: Record<string, string>, ready: RegExp, startMs = 20_000, nodeFlags: string[] = []): Promise<ServerProcess> {
  const child = await spawnProgram(argv, env, nodeFlags);
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timeout = setTimeout(() => reject(new Error(`server did not start: ${output}`)), startMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(ready);
      if (match) {
        clearTimeout(timeout);
        resolvePromise({ child, base: match[1], output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
}

/** Starts a server that is expected not to start: resolves with its exit code and everything it printed. */
export async function serverRefusal(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = await spawnProgram(['server/src/main.ts'], env);
  let output = '';
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    // It started after all: stop it, so the caller sees its signal instead of waiting forever.
    if (/listening on/.test(output)) child.kill();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  // 'close', not 'exit': the output is complete once the streams are closed.
  return new Promise((done) => child.on('close', (code) => done({ code, output })));
}

/** Stops the server by its pid (SIGTERM: a clean shutdown; SIGKILL: a crash); resolves with its exit code. */
export function stopServer(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<number | null> {
  return new Promise((done) => {
    child.once('exit', (code) => done(code));
    process.kill(child.pid!, signal);
  });
}

/** One JSON request to the server's API with a bearer key. */
export async function callServer(base: string, key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/**
 * A temporary directory for a server's database files, with an empty examples folder to point
 * PARCOURS_SCENARIOS at (no example loads); removed after the test file.
 */
export function serverDir(prefix: string): { dir: string; noExamples: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const noExamples = join(dir, 'no-examples');
  mkdirSync(noExamples);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, noExamples };
}

/**
 * Eight clients track `crash` events of new users as fast as the server answers until at least `atLeast` are
 * acknowledged, then the server is killed (SIGKILL) under their requests: the users whose event was acknowledged.
 */
export async function killWhileIngesting(server: ServerProcess, key: string, atLeast: number): Promise<string[]> {
  const acknowledged: string[] = [];
  let next = 0;
  let stopped = false;
  const client = async () => {
    while (!stopped) {
      const userId = `u${next++}`;
      try {
        const res = await fetch(`${server.base}/api/track`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ userId, event: 'crash' }),
        });
        if (res.status === 200) acknowledged.push(userId);
      } catch {
        // the server died under this request: not acknowledged
      }
    }
  };
  const clients = Array.from({ length: 8 }, client);
  while (acknowledged.length < atLeast) await new Promise((resolve) => setTimeout(resolve, 5));
  await stopServer(server.child, 'SIGKILL');
  stopped = true;
  await Promise.all(clients);
  return acknowledged;
}
