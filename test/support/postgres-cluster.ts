import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from './free-port.ts';

/** A PostgreSQL server of its own for a test run: a fresh cluster in a temporary directory, on a free loopback port. */
export interface PostgresCluster {
  /** A new database on the cluster, empty or a copy of `template` (which no one may be connected to); its connection URL. */
  createDatabase(name: string, template?: string): string;
  /** Stops the server at once and removes its directory. */
  stop(): void;
}

const USER = 'parcours';

/** Debian's server binaries (package postgresql), the newest version installed. */
function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin/initdb'))) : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server under ${root}: run 'bash scripts/ensure-postgres.sh' (as root) first`);
  return join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/**
 * Starts a private cluster: initdb refuses to run as root, so as root the cluster belongs to the `postgres` user the
 * package created and runs through runuser; otherwise it is the current user's. Trust authentication on 127.0.0.1
 * only; fsync off, as a test's data need not survive the machine.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = serverBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'parcours-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const run = (program: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, program), args, { stdio: 'pipe' });
  const port = await freePort();
  let started = false;
  const stop = () => {
    if (started) {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped: nothing to do but remove its files
      }
    }
    started = false;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', USER, '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
    started = true;
    // A run that ends without calling stop() (an error before afterAll, a script stopped) leaves no server behind.
    process.once('exit', stop);
  } catch (error) {
    stop();
    const output = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`could not start a private PostgreSQL cluster: ${(error as Error).message} ${output}`);
  }
  const base = `postgres://${USER}@127.0.0.1:${port}`;
  return {
    createDatabase(name, template) {
      run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', USER, ...(template ? ['-T', template] : []), name]);
      return `${base}/${name}`;
    },
    stop,
  };
}

/**
 * For a test file that runs on each database: a private PostgreSQL cluster started before its tests and removed
 * after them, a scratch directory for SQLite files, and where the next fresh database of each kind is.
 */
export function databasesOfEachKind(): { sqliteFile: () => string; postgresUrl: () => string } {
  let cluster: PostgresCluster | undefined;
  const scratch = mkdtempSync(join(tmpdir(), 'parcours-db-'));
  let made = 0;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 120_000);
  afterAll(() => {
    cluster?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });
  return {
    sqliteFile: () => join(scratch, `db-${made++}.sqlite`),
    postgresUrl: () => cluster!.createDatabase(`db_${made++}`),
  };
}
