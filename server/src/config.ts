import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { RetentionSettings } from './runtime/retention.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * What a server process does (PARCOURS_ROLE): `api` answers HTTP and ingests, `worker` runs the background work
 * (timers, the outbox, backfills, segments, campaigns, retention), `all` both. Several processes need PostgreSQL.
 */
export const ROLES = ['all', 'api', 'worker'] as const;
export type Role = (typeof ROLES)[number];

/** The server's settings, from environment variables (documented in the README). */
export interface Config {
  role: Role;
  port: number;
  host: string;
  dbFile: string;
  /** PostgreSQL instead of the SQLite file (PARCOURS_DATABASE_URL, postgres://…). */
  databaseUrl?: string;
  adminKey?: string;
  webDist: string;
  /** The built browser snippet served at /sdk.js. */
  sdkFile: string;
  scenariosDir: string;
  tickMs: number;
  batchSize: number;
  /** Jobs holding the only thread longer than this many ms are logged (0: never). */
  longTaskMs: number;
  /** Days kept of events, trace rows and delivered messages (0: for good); rules still reading older rows raise them. */
  retention: RetentionSettings;
  /** `manual`: time moves only through POST /api/clock, from `start` (default: the real now at start). */
  clock: { mode: 'real' } | { mode: 'manual'; start?: number };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${text}"`);
  return value;
}

function clockOf(env: NodeJS.ProcessEnv): Config['clock'] {
  const mode = env.PARCOURS_CLOCK || 'real';
  const start = env.PARCOURS_CLOCK_START || undefined;
  if (mode !== 'real' && mode !== 'manual') throw new Error(`PARCOURS_CLOCK must be "real" or "manual", got "${mode}"`);
  if (mode === 'real') {
    if (start !== undefined) throw new Error('PARCOURS_CLOCK_START needs PARCOURS_CLOCK=manual');
    return { mode };
  }
  if (start === undefined) return { mode };
  if (!z.iso.datetime({ offset: true }).safeParse(start).success) throw new Error(`PARCOURS_CLOCK_START must be an ISO instant such as 2026-01-05T08:00:00Z, got "${start}"`);
  return { mode, start: Date.parse(start) };
}

function databaseUrlOf(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.PARCOURS_DATABASE_URL || undefined;
  if (url === undefined) return undefined;
  if (!/^postgres(ql)?:\/\/[^/]/.test(url)) throw new Error('PARCOURS_DATABASE_URL must be a PostgreSQL URL such as postgres://user@host:5432/parcours');
  if (env.PARCOURS_DB) throw new Error('PARCOURS_DB names a SQLite file and PARCOURS_DATABASE_URL a PostgreSQL database: set one of them');
  return url;
}

function roleOf(env: NodeJS.ProcessEnv, databaseUrl: string | undefined, clock: Config['clock']): Role {
  const role = (env.PARCOURS_ROLE || 'all') as Role;
  if (!ROLES.includes(role)) throw new Error(`PARCOURS_ROLE must be one of ${ROLES.join(', ')}, got "${role}"`);
  if (role === 'all') return role;
  if (!databaseUrl) throw new Error(`PARCOURS_ROLE=${role} runs beside other processes, which needs PostgreSQL (PARCOURS_DATABASE_URL): on a SQLite file one process does everything`);
  if (clock.mode === 'manual') throw new Error(`PARCOURS_ROLE=${role} with PARCOURS_CLOCK=manual: each process would keep its own clock; a manual clock needs one process (PARCOURS_ROLE=all)`);
  return role;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = databaseUrlOf(env);
  const clock = clockOf(env);
  return {
    role: roleOf(env, databaseUrl, clock),
    port: integer(env, 'PARCOURS_PORT', 3000, 0),
    host: env.PARCOURS_HOST || '127.0.0.1',
    dbFile: resolve(env.PARCOURS_DB || './.data/parcours.sqlite'),
    databaseUrl,
    adminKey: env.PARCOURS_ADMIN_KEY || undefined,
    webDist: resolve(env.PARCOURS_WEB_DIST || join(REPO, 'web/dist')),
    sdkFile: resolve(env.PARCOURS_SDK || join(REPO, 'sdk/dist/sdk.js')),
    scenariosDir: resolve(env.PARCOURS_SCENARIOS || join(REPO, 'scenarios')),
    tickMs: integer(env, 'PARCOURS_TICK_MS', 250, 1),
    batchSize: integer(env, 'PARCOURS_BATCH', 500, 1),
    longTaskMs: integer(env, 'PARCOURS_LONG_TASK_MS', 100, 0),
    retention: {
      eventsDays: integer(env, 'PARCOURS_RETAIN_EVENTS_DAYS', 400, 0),
      stepsDays: integer(env, 'PARCOURS_RETAIN_STEPS_DAYS', 90, 0),
      messagesDays: integer(env, 'PARCOURS_RETAIN_MESSAGES_DAYS', 180, 0),
    },
    clock,
  };
}
