import { sharedByProcesses } from './dialect.ts';
import type { Db } from './open.ts';

/**
 * What a process keeps in memory from the database and another process may change: the published scenarios' index,
 * the saved segments, the pressure policy, API keys and site keys. (Contact rows are not kept on PostgreSQL at all:
 * see noContactCache.)
 */
export const CACHED_TOPICS = ['scenarios', 'segments', 'policy', 'api-keys', 'site-keys'] as const;
export type CachedTopic = (typeof CACHED_TOPICS)[number];

/** The PostgreSQL channel processes announce changes on (LISTEN/NOTIFY). */
export const CHANGES_CHANNEL = 'parcours_changes';

const droppers = new WeakMap<Db, Map<CachedTopic, Set<() => void>>>();

/** Runs `drop` whenever `topic` changes, in this process or, on PostgreSQL, in another one (see listenForChanges). */
export function onChange(db: Db, topic: CachedTopic, drop: () => void): void {
  let topics = droppers.get(db);
  if (!topics) droppers.set(db, (topics = new Map()));
  let drops = topics.get(topic);
  if (!drops) topics.set(topic, (drops = new Set()));
  drops.add(drop);
}

/** This process's copies of `topic` go (a change announced by another process was heard). */
export function dropCopies(db: Db, topic: CachedTopic): void {
  for (const drop of droppers.get(db)?.get(topic) ?? []) drop();
}

/**
 * Says that `topic` changed: this process's copies go at once, and on PostgreSQL every other process's once it hears
 * the notification, which PostgreSQL delivers when the caller's transaction commits (at once outside one).
 */
export function announceChange(db: Db, topic: CachedTopic): void {
  dropCopies(db, topic);
  if (sharedByProcesses(db.$client)) db.$client.prepare('SELECT pg_notify(?, ?)').get(CHANGES_CHANNEL, topic);
}

/** A value read from the database once per database, and read again after its topic changed (here or elsewhere). */
export function cachedPerDatabase<T>(topic: CachedTopic, load: (db: Db) => T): (db: Db) => T {
  const values = new WeakMap<Db, T>();
  const watched = new WeakSet<Db>();
  return (db) => {
    if (!watched.has(db)) {
      watched.add(db);
      onChange(db, topic, () => values.delete(db));
    }
    let value = values.get(db);
    if (value === undefined) values.set(db, (value = load(db)));
    return value;
  };
}
