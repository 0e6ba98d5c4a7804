import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { readConfig } from '../src/config.ts';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const config = readConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', dbFile: resolve('.data/parcours.sqlite'), tickMs: 250, batchSize: 500, longTaskMs: 100 });
    expect(config.adminKey).toBeUndefined();
    expect(config.webDist).toMatch(/web[/\\]dist$/);
  });

  it('reads every variable', () => {
    const config = readConfig({ PARCOURS_PORT: '8080', PARCOURS_HOST: '0.0.0.0', PARCOURS_DB: '/tmp/x.sqlite', PARCOURS_ADMIN_KEY: 'pk_x', PARCOURS_TICK_MS: '10', PARCOURS_BATCH: '50', PARCOURS_LONG_TASK_MS: '0' });
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', dbFile: '/tmp/x.sqlite', adminKey: 'pk_x', tickMs: 10, batchSize: 50, longTaskMs: 0 });
  });

  it('names the variable that is wrong', () => {
    expect(() => readConfig({ PARCOURS_PORT: 'eighty' })).toThrow('PARCOURS_PORT must be an integer ≥ 0, got "eighty"');
    expect(() => readConfig({ PARCOURS_BATCH: '0' })).toThrow(/PARCOURS_BATCH/);
  });

  it('reads the clock: real by default, manual from a given instant or from now', () => {
    expect(readConfig({}).clock).toEqual({ mode: 'real' });
    expect(readConfig({ PARCOURS_CLOCK: 'manual' }).clock).toEqual({ mode: 'manual' });
    expect(readConfig({ PARCOURS_CLOCK: 'manual', PARCOURS_CLOCK_START: '2026-03-02T09:00:00+01:00' }).clock).toEqual({ mode: 'manual', start: Date.parse('2026-03-02T08:00:00Z') });
    expect(() => readConfig({ PARCOURS_CLOCK: 'fast' })).toThrow('PARCOURS_CLOCK must be "real" or "manual", got "fast"');
    expect(() => readConfig({ PARCOURS_CLOCK: 'manual', PARCOURS_CLOCK_START: 'monday' })).toThrow(/PARCOURS_CLOCK_START must be an ISO instant/);
    expect(() => readConfig({ PARCOURS_CLOCK_START: '2026-03-02T08:00:00Z' })).toThrow('PARCOURS_CLOCK_START needs PARCOURS_CLOCK=manual');
  });

  it('reads the role: all by default; api and worker only beside other processes on PostgreSQL, on the real clock', () => {
    const postgres = 'postgres://parcours@127.0.0.1:5432/parcours';
    expect(readConfig({}).role).toBe('all');
    expect(readConfig({ PARCOURS_ROLE: 'worker', PARCOURS_DATABASE_URL: postgres }).role).toBe('worker');
    expect(readConfig({ PARCOURS_ROLE: 'api', PARCOURS_DATABASE_URL: postgres }).role).toBe('api');
    expect(() => readConfig({ PARCOURS_ROLE: 'scheduler' })).toThrow('PARCOURS_ROLE must be one of all, api, worker, got "scheduler"');
    expect(() => readConfig({ PARCOURS_ROLE: 'worker' })).toThrow(/PARCOURS_ROLE=worker runs beside other processes, which needs PostgreSQL \(PARCOURS_DATABASE_URL\)/);
    expect(() => readConfig({ PARCOURS_ROLE: 'api', PARCOURS_DATABASE_URL: postgres, PARCOURS_CLOCK: 'manual' })).toThrow(/a manual clock needs one process/);
  });
});
