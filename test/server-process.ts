import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** The server binary run as an operator starts it (`server/src/main.ts` with env configuration), for tests. */

const REPO = resolve(import.meta.dirname, '..');

export interface ServerProcess {
  child: ChildProcess;
  /** The address it printed it listens on (the port it got when told 0). */
  base: string;
  output: () => string;
}

/** Starts the server with `env` added to this process's; resolves once it prints where it listens. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timeout = setTimeout(() => reject(new Error(`no start: ${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (match) {
        clearTimeout(timeout);
        resolvePromise({ child, base: match[1], output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
}

/** Stops it with SIGTERM; resolves with its exit code. */
export const stopServerProcess = (child: ChildProcess) =>
  new Promise<number | null>((done) => {
    child.once('exit', (code) => done(code));
    process.kill(child.pid!, 'SIGTERM');
  });
