import type { ContactRow } from '../store/contacts.ts';

/**
 * Contact rows as the last committed transaction left them, kept between transactions: the next
 * event of a contact then skips reading and decoding its row, which was a fifth of the cost of an
 * ingested event (CPU profile of `pnpm bench:server`). Only the runtime writes contacts, and it
 * hands the cache the rows of a transaction after its commit, never before; erasure drops the row.
 * The oldest rows go first once `capacity` is reached.
 */
export class ContactCache {
  private readonly rows = new Map<string, ContactRow>();

  constructor(private readonly capacity = 100_000) {}

  /**
   * A copy the caller may change. Changes replace a row's attributes, consents or lists, never edit
   * them in place (the engine's contract too), so a shallow copy keeps the cached row intact when
   * the transaction rolls back.
   */
  get(id: string): ContactRow | undefined {
    const row = this.rows.get(id);
    if (!row) return undefined;
    // Spelled out: V8 copies an object literal of known shape several times faster than a spread.
    const { anonymous, attributes, consents, timeZone, lists, createdAt, updatedAt } = row;
    return { id, anonymous, attributes, consents, timeZone, lists, createdAt, updatedAt };
  }

  /** Keeps a committed row, as the newest. */
  remember(row: ContactRow): void {
    this.rows.delete(row.id);
    this.rows.set(row.id, row);
    if (this.rows.size > this.capacity) this.rows.delete(this.rows.keys().next().value!);
  }

  forget(id: string): void {
    this.rows.delete(id);
  }

  clear(): void {
    this.rows.clear();
  }
}
