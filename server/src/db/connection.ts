/**
 * The storage port: the one connection every store, the runtime and drizzle talk to, whichever database is behind it.
 *
 * It is the part of better-sqlite3's interface the server uses, so SQLite's adapter is better-sqlite3 itself (the hot
 * path pays no layer), and PostgreSQL's (postgres/connection.ts) implements the same calls over libpq. The calls are
 * synchronous by design: a store's read-decide-write runs inside one transaction that no other callback can interleave
 * with, on either database (issue 12 chose this over making every store asynchronous).
 *
 * Parameters are written as SQLite writes them: `?` for positional ones, `@name` (or `:name`, `$name`) for named
 * ones, bound from an object.
 */
export interface SqlConnection {
  /** Compiles `source` once; the statement is then only bound and run. */
  prepare<BindParameters extends unknown[] | {} = unknown[], Result = unknown>(
    source: string,
  ): BindParameters extends unknown[] ? SqlStatement<BindParameters, Result> : SqlStatement<[BindParameters], Result>;
  /** Runs one or more statements with no parameters and no result (schema changes, session settings). */
  exec(source: string): this;
  /**
   * Wraps `fn` so that each call runs in one transaction, or in a savepoint when a transaction is already open; a
   * throw rolls back what the call wrote. `immediate` takes the write lock at once (SQLite); on PostgreSQL every
   * variant is a plain transaction (its row locks are taken by the statements).
   */
  transaction<F extends (...args: any[]) => unknown>(fn: F): SqlTransaction<F>;
  readonly inTransaction: boolean;
  readonly open: boolean;
  close(): this;
}

/** A transaction function as better-sqlite3 makes it (`any[]` as it declares it, so better-sqlite3 is an adapter as is). */
export interface SqlTransaction<F extends (...args: any[]) => unknown> {
  (...args: ArgumentsOf<F>): ReturnType<F>;
  default(...args: ArgumentsOf<F>): ReturnType<F>;
  deferred(...args: ArgumentsOf<F>): ReturnType<F>;
  immediate(...args: ArgumentsOf<F>): ReturnType<F>;
  exclusive(...args: ArgumentsOf<F>): ReturnType<F>;
}

type ArgumentsOf<F> = F extends (...args: infer A) => unknown ? A : never;

export interface SqlStatement<BindParameters extends unknown[] = unknown[], Result = unknown> {
  /** Whether the statement returns rows (a SELECT, or a write with RETURNING). */
  readonly reader: boolean;
  run(...params: BindParameters): SqlRunResult;
  get(...params: BindParameters): Result | undefined;
  all(...params: BindParameters): Result[];
  /** Rows become their first column's value. */
  pluck(toggle?: boolean): this;
  /** Rows become arrays of values, in the order of `columns()`. */
  raw(toggle?: boolean): this;
  columns(): Array<{ name: string }>;
}

export interface SqlRunResult {
  /** Rows the statement inserted, updated or deleted. */
  changes: number;
  lastInsertRowid: number | bigint;
}
