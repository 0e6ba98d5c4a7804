// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Scenario } from '@parcours/shared';
import { Autosaver, backup, type SaveStatus } from '../src/editor/autosave.ts';
import { ApiError } from '../src/api/errors.ts';
import { welcomeScenario } from './fixtures.ts';

/** A stand-in server that stores drafts, and can be switched off. */
function server() {
  const saved: Scenario[] = [];
  let up = true;
  return {
    saved,
    setUp: (v: boolean) => (up = v),
    save: async (s: Scenario) => {
      if (!up) throw new ApiError(0, 'offline', 'no answer');
      saved.push(s);
    },
  };
}

const named = (name: string): Scenario => ({ ...welcomeScenario(), name });

describe('draft autosave', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
  });
  afterEach(() => vi.useRealTimers());

  it('saves only the latest of a burst of edits, after the debounce', async () => {
    const srv = server();
    const statuses: SaveStatus['state'][] = [];
    const saver = new Autosaver('welcome', srv.save, (s) => statuses.push(s.state), 800);
    saver.schedule(named('a'));
    saver.schedule(named('b'));
    await vi.advanceTimersByTimeAsync(500);
    saver.schedule(named('c'));
    await vi.advanceTimersByTimeAsync(799);
    expect(srv.saved).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(srv.saved.map((s) => s.name)).toEqual(['c']);
    expect(statuses.at(-1)).toBe('saved');
    expect(backup.read('welcome')).toBeNull();
  });

  it('keeps the edit in the browser while offline and saves it when the server is back', async () => {
    const srv = server();
    srv.setUp(false);
    const saver = new Autosaver('welcome', srv.save, () => undefined, 100, 1000);
    saver.schedule(named('offline edit'));
    await vi.advanceTimersByTimeAsync(100);
    expect(saver.current.state).toBe('offline');
    expect(backup.read('welcome')?.name).toBe('offline edit');
    srv.setUp(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(srv.saved.map((s) => s.name)).toEqual(['offline edit']);
    expect(saver.current.state).toBe('saved');
    expect(backup.read('welcome')).toBeNull();
  });

  it('flushes at once, and reports a refused save without losing the edit', async () => {
    const refusing = async () => {
      throw new ApiError(422, 'invalid_scenario', 'The scenario is invalid');
    };
    const saver = new Autosaver('welcome', refusing, () => undefined, 10_000);
    saver.schedule(named('x'));
    await expect(saver.flush()).rejects.toThrow('invalid');
    expect(saver.current).toEqual({ state: 'error', message: 'The scenario is invalid' });
    expect(backup.read('welcome')?.name).toBe('x');
  });

  it('an edit made during a save is saved after it', async () => {
    let release!: () => void;
    const saved: string[] = [];
    const slow = (s: Scenario) =>
      new Promise<void>((ok) => {
        release = () => {
          saved.push(s.name);
          ok();
        };
      });
    const saver = new Autosaver('welcome', slow, () => undefined, 10);
    saver.schedule(named('first'));
    await vi.advanceTimersByTimeAsync(10);
    saver.schedule(named('second'));
    await vi.advanceTimersByTimeAsync(50);
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect(saver.current.state).toBe('saving');
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual(['first', 'second']);
    expect(saver.current.state).toBe('saved');
  });
});
