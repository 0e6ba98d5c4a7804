import type { Db } from './open.ts';

/**
 * `make`'s result for each database, made on first use and kept as long as the database: how the stores keep their
 * prepared statements (SQLite compiles each once per connection, then only binds and runs it).
 */
export function perDatabase<T>(make: (db: Db) => T): (db: Db) => T {
  const made = new WeakMap<Db, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) made.set(db, (value = make(db)));
    return value;
  };
}
