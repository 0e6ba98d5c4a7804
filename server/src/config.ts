import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The server's settings, from environment variables (documented in the README). */
export interface Config {
  port: number;
  host: string;
  dbFile: string;
  adminKey?: string;
  webDist: string;
  scenariosDir: string;
  tickMs: number;
  batchSize: number;
  sweepMs: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${text}"`);
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integer(env, 'PARCOURS_PORT', 3000, 0),
    host: env.PARCOURS_HOST || '127.0.0.1',
    dbFile: resolve(env.PARCOURS_DB || './.data/parcours.sqlite'),
    adminKey: env.PARCOURS_ADMIN_KEY || undefined,
    webDist: resolve(env.PARCOURS_WEB_DIST || join(REPO, 'web/dist')),
    scenariosDir: resolve(env.PARCOURS_SCENARIOS || join(REPO, 'scenarios')),
    tickMs: integer(env, 'PARCOURS_TICK_MS', 250, 1),
    batchSize: integer(env, 'PARCOURS_BATCH', 500, 1),
    sweepMs: integer(env, 'PARCOURS_SWEEP_MS', 15 * 60_000, 1000),
  };
}
