import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/open.ts';
import { timed } from '../runtime/long-tasks.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { dropStagedRows, importsWithLeftovers, importsWithStatus } from '../store/imports.ts';
import { failIntake, readingLock } from './intake.ts';
import { heldElsewhere } from '../db/dialect.ts';

/** Staged rows of a failed import or a dry run dropped per transaction (a few ms). */
const DROP_SLICE = 5000;

/**
 * The background half of imports: applies the staged rows of imports whose file was valid, one
 * time-budgeted transaction at a time (the thread goes back to the event loop in between), and drops
 * the staged rows of failed imports and dry runs. Started with the app, so an import a restart
 * interrupted carries on from its last committed slice; a file that was still being read fails.
 */
export class ImportJobs {
  private wanted = false;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly runtime: Runtime,
    clock: Clock,
  ) {
    // Left reading by a process that stopped; on PostgreSQL another API process may still be reading its own.
    for (const id of importsWithStatus(db, 'reading')) {
      if (!heldElsewhere(db.$client, readingLock(id))) failIntake(db, id, 'the server stopped while the file was being read: upload it again', clock.now());
    }
    this.kick();
  }

  /** There is work (a file was read): run until none is left. */
  kick(): void {
    this.wanted = true;
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  /** Resolves once no work is left (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.wanted) {
        this.wanted = false;
        while (timed('import apply', () => this.step(), (n) => n) > 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      // Left as it stands (staged rows and all): the next file read, or the next start, tries again.
      console.error(new Error(`import apply: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
    }
  }

  /** One short transaction of work; how many rows it did (0: nothing left). */
  private step(): number {
    if (!this.db.$client.open) return 0; // the server (or a test) closed the database: nothing more to do
    const [applying] = importsWithStatus(this.db, 'applying');
    if (applying) {
      const applied = this.runtime.applyImport(applying);
      // Another process is applying imports (PostgreSQL): it carries on, this one stops asking.
      return applied === undefined ? 0 : Math.max(1, applied);
    }
    const [leftover] = importsWithLeftovers(this.db);
    return leftover ? inTransaction(this.db, () => dropStagedRows(this.db, leftover, DROP_SLICE)) : 0;
  }
}
