import { LRUCache } from 'lru-cache';
import type { ContactRow } from '../store/contacts.ts';

/**
 * Contact rows as the last committed transaction left them, kept between transactions: the next
 * event of a contact then skips reading and decoding its row, which was a fifth of the cost of an
 * ingested event (CPU profile of `pnpm bench:server`). Only the runtime writes contacts, and it
 * hands the cache the rows of a transaction after its commit, never before; erasure drops the row.
 * The rows least recently remembered go first once `capacity` is reached. (A Map evicting its first key was
 * quadratic: a Map keeps deleted entries as holes until it is rehashed, and finding the first live key walked them,
 * which was a sixth of a 300k-contact campaign once more contacts than the capacity had been seen.)
 * With a row, the saved segments the contact is in, when the transaction read them: the membership
 * upkeep asks for them on every event a segment counts (`pnpm bench:segments`). Only the runtime
 * writes memberships too; a deleted segment's id may linger in them, and is never asked about.
 */
export class ContactCache {
  private readonly rows: LRUCache<string, { row: ContactRow; memberships: ReadonlySet<string> | undefined }>;

  constructor(capacity = 100_000) {
    this.rows = new LRUCache({ max: capacity });
  }

  /**
   * A copy the caller may change. Changes replace a row's attributes, consents or lists, never edit
   * them in place (the engine's contract too), so a shallow copy keeps the cached row intact when
   * the transaction rolls back.
   */
  get(id: string): ContactRow | undefined {
    const row = this.rows.peek(id)?.row;
    if (!row) return undefined;
    // Spelled out: V8 copies an object literal of known shape several times faster than a spread.
    const { anonymous, attributes, consents, timeZone, lists, createdAt, updatedAt } = row;
    return { id, anonymous, attributes, consents, timeZone, lists, createdAt, updatedAt };
  }

  /** Whether the contact's committed row is kept (without copying it, unlike `get`). */
  has(id: string): boolean {
    return this.rows.has(id);
  }

  /** The contact's memberships as committed, if known: never changed in place (a change makes a new set). */
  memberships(id: string): ReadonlySet<string> | undefined {
    return this.rows.peek(id)?.memberships;
  }

  /** Keeps a committed row (and the contact's memberships, if read), as the newest. */
  remember(row: ContactRow, memberships: ReadonlySet<string> | undefined): void {
    this.rows.set(row.id, { row, memberships });
  }

  forget(id: string): void {
    this.rows.delete(id);
  }

  clear(): void {
    this.rows.clear();
  }
}

/** What a unit of work asks of the contact cache. */
export type ContactRows = Pick<ContactCache, 'get' | 'has' | 'memberships' | 'remember' | 'forget' | 'clear'>;

/**
 * No cache, for PostgreSQL: other processes write contacts too, so a kept row may be stale, and a stale row written
 * back would undo their change (a withdrawn consent given again). Each unit of work reads the row it locks instead.
 */
export const noContactCache: ContactRows = {
  get: () => undefined,
  has: () => false,
  memberships: () => undefined,
  remember: () => {},
  forget: () => {},
  clear: () => {},
};
