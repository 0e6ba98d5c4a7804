import type { Scenario } from '@parcours/shared';
import { ApiError, describeError } from '../api/errors.ts';

export type SaveStatus =
  | { state: 'saved'; at: number | null }
  | { state: 'pending' }
  | { state: 'saving' }
  | { state: 'offline' }
  | { state: 'error'; message: string };

const backupKey = (id: string) => `parcours.unsaved.${id}`;

/** Edits not yet on the server, kept in the browser so that a lost connection or a closed tab loses nothing. */
export const backup = {
  read(id: string): Scenario | null {
    try {
      const raw = localStorage.getItem(backupKey(id));
      return raw ? (JSON.parse(raw) as Scenario) : null;
    } catch {
      return null;
    }
  },
  write: (id: string, s: Scenario) => localStorage.setItem(backupKey(id), JSON.stringify(s)),
  clear: (id: string) => localStorage.removeItem(backupKey(id)),
};

/**
 * Debounced draft saving: the latest scenario is saved `delay` ms after the last edit; one save at a time;
 * while the server is unreachable it retries every `retry` ms.
 */
export class Autosaver {
  private latest: Scenario | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private status: SaveStatus = { state: 'saved', at: null };

  constructor(
    private readonly id: string,
    private readonly save: (s: Scenario) => Promise<unknown>,
    private readonly onStatus: (s: SaveStatus) => void,
    private readonly delay = 800,
    private readonly retry = 3000,
  ) {}

  get current(): SaveStatus {
    return this.status;
  }

  schedule(scenario: Scenario) {
    this.latest = scenario;
    backup.write(this.id, scenario);
    this.setStatus({ state: 'pending' });
    this.arm(this.delay);
  }

  /** Saves now whatever is pending; resolves when the server has it (or rejects with the reason). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running.catch(() => undefined);
    if (!this.latest) return;
    await this.run(true);
  }

  dispose() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running) this.arm(ms);
      else void this.run(false).catch(() => undefined);
    }, ms);
  }

  private run(throwOnError: boolean): Promise<void> {
    const scenario = this.latest!;
    this.latest = null;
    this.setStatus({ state: 'saving' });
    this.running = this.save(scenario)
      .then(() => {
        if (!this.latest) {
          backup.clear(this.id);
          this.setStatus({ state: 'saved', at: Date.now() });
        }
      })
      .catch((error: unknown) => {
        // Keep the unsaved scenario unless a newer edit replaced it.
        this.latest ??= scenario;
        if (error instanceof ApiError && error.offline) {
          this.setStatus({ state: 'offline' });
          this.arm(this.retry);
        } else {
          this.setStatus({ state: 'error', message: describeError(error) });
        }
        if (throwOnError) throw error;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private setStatus(s: SaveStatus) {
    this.status = s;
    this.onStatus(s);
  }
}
