import type Database from 'better-sqlite3';

/** The SQL function that reads the host of a webhook row's URL: the outbox leaves a full host's rows out by it. */
export const URL_HOST = 'parcours_url_host';

/** The host (and port) of a URL, null when it is not one: the lane of a webhook row. */
export function urlHost(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** Gives a SQLite connection the functions the stores' SQL calls. */
export function defineSqlFunctions(sqlite: Database.Database): void {
  sqlite.function(URL_HOST, { deterministic: true }, (url: unknown) => urlHost(typeof url === 'string' ? url : null));
}
