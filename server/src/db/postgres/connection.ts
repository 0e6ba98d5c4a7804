import { createRequire } from 'node:module';
import { LRUCache } from 'lru-cache';
import type { SqlConnection, SqlRunResult, SqlStatement, SqlTransaction } from '../connection.ts';
import { numberPlaceholders, type NumberedStatement } from './placeholders.ts';
import { fromSqliteForms } from './sqlite-forms.ts';
import { bindValue, readValue } from './values.ts';

/** The parts of the `libpq` package (the C client's synchronous calls, and its socket watcher for notifications) used here. */
export interface LibPq {
  connectSync(url: string): void;
  startReader(): void;
  stopReader(): void;
  on(event: 'readable', listener: () => void): void;
  consumeInput(): boolean;
  notifies(): { relname: string; extra: string; be_pid: number } | undefined;
  finish(): void;
  exec(text: string): void;
  execParams(text: string, values: Array<string | null>): void;
  prepare(name: string, text: string, count: number): void;
  execPrepared(name: string, values: Array<string | null>): void;
  describePrepared(name: string): void;
  resultStatus(): string;
  resultErrorMessage(): string;
  resultErrorFields(): { sqlState?: string } | undefined;
  errorMessage(): string;
  ntuples(): number;
  nfields(): number;
  fname(column: number): string;
  ftype(column: number): number;
  getvalue(row: number, column: number): string;
  getisnull(row: number, column: number): boolean;
  cmdTuples(): string;
}

/** An error PostgreSQL answered, with its SQLSTATE code (23505 for a unique violation, 40P01 for a deadlock, ...). */
export class PostgresError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'PostgresError';
  }
}

/**
 * Whether `error` is PostgreSQL giving up on a statement that may succeed when tried again: a deadlock (two processes
 * locking contacts in opposite orders, one is chosen to fail) or a serialization failure. Only the failed statement's
 * savepoint is lost.
 */
export const isRetryable = (error: unknown): boolean => error instanceof PostgresError && (error.code === '40P01' || error.code === '40001');

/**
 * How many statement texts keep a server-side prepared statement per connection: enough for every statement the
 * server writes; texts made of varying lists (an IN with n values) come and go without growing the server's memory.
 */
const PREPARED_TEXTS = 2_000;

/** Loads libpq, an optional dependency: it builds only where PostgreSQL's client library (libpq-dev) is installed. */
export function loadLibPq(): new () => LibPq {
  try {
    return createRequire(import.meta.url)('libpq') as new () => LibPq;
  } catch (error) {
    throw new Error(
      `PostgreSQL needs the libpq package, built against PostgreSQL's client library: install it (Debian: apt-get install -y libpq-dev), remove node_modules and run npm run setup again (setup skips libpq where it cannot build) (${(error as Error).message})`,
    );
  }
}

/**
 * The addon objects of closed connections, kept reachable for the life of the process: libpq's addon closes its
 * socket watcher with libuv, which finishes the close later (in a close phase of the loop, or at exit); freed before
 * then by garbage collection, it aborts the process (uv__finish_close assertion, seen in the server suite on
 * PostgreSQL). A closed connection's object is small, and a process has few.
 */
const finished = new Set<LibPq>();
export const keepFinished = (pq: LibPq): void => void finished.add(pq);

interface PreparedText {
  numbered: NumberedStatement;
  /** The server-side statement's name, once the text has run twice (a text run once is not worth a prepare). */
  name?: string;
  runs: number;
  columns?: Array<{ name: string }>;
}

/**
 * The storage port on PostgreSQL, over libpq's synchronous calls: a query blocks the thread for its round trip
 * (about 90 µs on loopback, measured at issue 12), as a better-sqlite3 call blocks it for its disk work, so the
 * stores' transactions stay synchronous functions. A text run twice becomes a server-side prepared statement.
 */
export class PostgresConnection implements SqlConnection {
  private readonly pq: LibPq;
  private readonly texts: LRUCache<string, PreparedText>;
  /** Prepared statements evicted from `texts`, deallocated once no transaction is open (a failed one refuses all but ROLLBACK). */
  private readonly toDeallocate: string[] = [];
  private depth = 0;
  private nextName = 0;
  private isOpen = true;

  /**
   * `lockWaitMs`: how long a statement waits for a row another connection holds before failing, as SQLite's
   * busy_timeout (5 s in db/open.ts) bounds its wait for the write lock. PostgreSQL's default is to wait forever, and
   * a synchronous call waiting forever holds the process's only thread.
   */
  constructor(url: string, { lockWaitMs = 5_000 }: { lockWaitMs?: number } = {}) {
    const LibPqClient = loadLibPq();
    this.pq = new LibPqClient();
    try {
      this.pq.connectSync(url);
    } catch (error) {
      throw new Error(`cannot connect to PostgreSQL at ${redactPassword(url)}: ${(error as Error).message.trim()}`);
    }
    this.texts = new LRUCache({ max: PREPARED_TEXTS, dispose: (text) => text.name && this.toDeallocate.push(text.name) });
    this.exec(`SET client_min_messages = warning; SET TIME ZONE 'UTC'; SET lock_timeout = ${Math.round(lockWaitMs)}`);
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  get open(): boolean {
    return this.isOpen;
  }

  prepare<BindParameters extends unknown[] | {} = unknown[], Result = unknown>(source: string) {
    this.record(source);
    type Statement = BindParameters extends unknown[] ? SqlStatement<BindParameters, Result> : SqlStatement<[BindParameters], Result>;
    return new PostgresStatement(this, source) as unknown as Statement;
  }

  exec(source: string): this {
    this.pq.exec(source);
    this.check(source);
    return this;
  }

  transaction<F extends (...args: any[]) => unknown>(fn: F): SqlTransaction<F> {
    const run = (...args: Parameters<F>) => this.inOneTransaction(() => fn(...args) as ReturnType<F>);
    return Object.assign(run, { default: run, deferred: run, immediate: run, exclusive: run }) as unknown as SqlTransaction<F>;
  }

  close(): this {
    if (this.isOpen) {
      this.pq.finish();
      keepFinished(this.pq);
    }
    this.isOpen = false;
    return this;
  }

  /** Runs a statement's text with its values bound and leaves the result in libpq; returns the text's record. */
  execute(source: string, args: unknown[]): PreparedText {
    if (!this.isOpen) throw new TypeError('The database connection is not open');
    const text = this.record(source);
    const values = bindSlots(text.numbered.slots, args);
    if (this.depth === 0) this.deallocateEvicted();
    text.runs += 1;
    if (text.name === undefined && text.runs >= 2) {
      const name = `p${this.nextName++}`;
      this.pq.prepare(name, text.numbered.text, values.length);
      this.check(source);
      text.name = name;
    }
    if (text.name === undefined) this.pq.execParams(text.numbered.text, values);
    else this.pq.execPrepared(text.name, values);
    this.check(source);
    return text;
  }

  /** The result's rows as arrays of JavaScript values. */
  rows(): unknown[][] {
    const pq = this.pq;
    const count = pq.ntuples();
    const width = pq.nfields();
    const types = Array.from({ length: width }, (_, column) => pq.ftype(column));
    const rows: unknown[][] = new Array(count);
    for (let row = 0; row < count; row++) {
      const values = new Array(width);
      for (let column = 0; column < width; column++) values[column] = pq.getisnull(row, column) ? null : readValue(types[column], pq.getvalue(row, column));
      rows[row] = values;
    }
    return rows;
  }

  changes(): number {
    return Number(this.pq.cmdTuples()) || 0;
  }

  /** The columns a text's rows have (none for a statement that returns no rows), asked of the server once. */
  columns(source: string): Array<{ name: string }> {
    const text = this.record(source);
    if (!text.columns) {
      this.pq.prepare('', text.numbered.text, text.numbered.slots.length);
      this.check(source);
      this.pq.describePrepared('');
      this.check(source);
      text.columns = this.resultColumns();
    }
    return text.columns;
  }

  /** The names of the current result's columns. */
  resultColumns(): Array<{ name: string }> {
    return Array.from({ length: this.pq.nfields() }, (_, column) => ({ name: this.pq.fname(column) }));
  }

  /** A text's record, its placeholders numbered on first sight. */
  private record(source: string): PreparedText {
    let text = this.texts.get(source);
    if (!text) this.texts.set(source, (text = { numbered: numberPlaceholders(fromSqliteForms(source)), runs: 0 }));
    return text;
  }

  private inOneTransaction<T>(fn: () => T): T {
    const savepoint = this.depth > 0 ? `s${this.depth}` : undefined;
    this.exec(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
    this.depth += 1;
    let result: T;
    try {
      result = fn();
      if (result instanceof Promise) throw new TypeError('Transaction function cannot return a promise');
    } catch (error) {
      this.depth -= 1;
      // A lost connection leaves nothing to roll back, and its error is the one worth reporting.
      if (this.isOpen) this.exec(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}` : 'ROLLBACK');
      throw error;
    }
    this.depth -= 1;
    try {
      this.exec(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
    } catch (error) {
      if (!savepoint) this.exec('ROLLBACK');
      throw error;
    }
    return result;
  }

  private deallocateEvicted(): void {
    while (this.toDeallocate.length > 0) this.exec(`DEALLOCATE ${this.toDeallocate.pop()}`);
  }

  private check(source: string): void {
    const status = this.pq.resultStatus();
    if (status === 'PGRES_COMMAND_OK' || status === 'PGRES_TUPLES_OK' || status === 'PGRES_EMPTY_QUERY') return;
    const message = (this.pq.resultErrorMessage() || this.pq.errorMessage()).trim();
    throw new PostgresError(`${message} (in: ${source.replace(/\s+/g, ' ').trim().slice(0, 200)})`, this.pq.resultErrorFields()?.sqlState);
  }
}

/** A statement on PostgreSQL: the text is compiled by the connection; this keeps how its rows are shaped. */
class PostgresStatement implements SqlStatement {
  private shape: 'objects' | 'arrays' | 'first' = 'objects';

  constructor(
    private readonly connection: PostgresConnection,
    private readonly source: string,
  ) {}

  get reader(): boolean {
    return this.columns().length > 0;
  }

  columns(): Array<{ name: string }> {
    return this.connection.columns(this.source);
  }

  run(...args: unknown[]): SqlRunResult {
    this.connection.execute(this.source, args);
    return { changes: this.connection.changes(), lastInsertRowid: 0 };
  }

  get(...args: unknown[]): unknown {
    return this.read(args)[0];
  }

  all(...args: unknown[]): unknown[] {
    return this.read(args);
  }

  pluck(toggle = true): this {
    this.shape = toggle ? 'first' : 'objects';
    return this;
  }

  raw(toggle = true): this {
    this.shape = toggle ? 'arrays' : 'objects';
    return this;
  }

  private read(args: unknown[]): unknown[] {
    const text = this.connection.execute(this.source, args);
    const rows = this.connection.rows();
    if (this.shape === 'arrays') return rows;
    if (this.shape === 'first') return rows.map((row) => row[0]);
    const names = (text.columns ??= this.connection.resultColumns());
    return rows.map((row) => Object.fromEntries(names.map((column, i) => [column.name, row[i]])));
  }
}

/**
 * The values for `$1`, `$2`, ... from a call's arguments as better-sqlite3 takes them: positional values (arrays are
 * spread) and, for named parameters, one plain object.
 */
function bindSlots(slots: Array<number | string>, args: unknown[]): Array<string | null> {
  const positional: unknown[] = [];
  let named: Record<string, unknown> | undefined;
  for (const arg of args) {
    if (Array.isArray(arg)) positional.push(...arg);
    else if (arg !== null && typeof arg === 'object' && !(arg instanceof Uint8Array) && !(arg instanceof Date)) named = arg as Record<string, unknown>;
    else positional.push(arg);
  }
  return slots.map((slot) => {
    if (typeof slot === 'number') {
      if (slot >= positional.length) throw new RangeError('Too few parameter values were provided');
      return bindValue(positional[slot]);
    }
    if (!named || !(slot in named)) throw new RangeError(`Missing named parameter "${slot}"`);
    return bindValue(named[slot]);
  });
}

/** The URL with its password hidden, for an error message (libpq's key=value form, which may hold one, is not shown). */
export function redactPassword(url: string): string {
  if (!URL.canParse(url)) return 'the connection string given';
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
