import { randomUUID } from 'node:crypto';
import type { ConsentChannel, ImportedRow, ImportMapping, Json, MessageChannel } from '@parcours/shared';
import type { ContactPatch, ContactRow } from '../store/contacts.ts';
import { addCounts, contactIdByEmail, findImport, nextStagedRows, setStatus, unstageThrough } from '../store/imports.ts';
import { updateContact } from './ingest.ts';
import type { Session } from './session.ts';

/**
 * Staged rows applied per slice (the budget is checked between slices): 100 new contacts take 8-20 ms on a
 * 2-core machine loaded sixfold, with the examples live, since a slice's new contacts are written together
 * (when each was written and then saved on its own, 50 took as long and 200 held the thread for 400 ms).
 */
export const IMPORT_SLICE = 100;

interface Tally {
  written: number;
  created: number;
  updated: number;
  unchanged: number;
  withdrawalsKept: number;
}

/**
 * What a row changes on the contact: only attributes and consents whose value differs (so re-importing
 * the same file changes nothing, not even `updatedAt`). A consent the contact refused or withdrew is
 * never turned back on by an import: that is the contact's to give again (the change is counted, not made).
 */
function changes(row: ImportedRow, contact: ContactRow | undefined, tally: Tally): ContactPatch {
  const attributes: Record<string, Json> = {};
  for (const [name, value] of Object.entries(row.attributes)) if (contact?.attributes[name] !== value) attributes[name] = value;
  const consents: Partial<Record<MessageChannel, boolean>> = {};
  for (const [channel, granted] of Object.entries(row.consents) as Array<[MessageChannel, boolean]>) {
    const now = contact?.consents[channel];
    if (now === granted) continue;
    if (granted && now === false) tally.withdrawalsKept++;
    else consents[channel] = granted;
  }
  const patch: ContactPatch = {};
  if (Object.keys(attributes).length > 0) patch.attributes = attributes;
  if (Object.keys(consents).length > 0) patch.consents = consents;
  return patch;
}

/**
 * Applies up to `limit` staged rows of an import, each through the same path as `PUT /api/contacts/:id`
 * (journeys in progress see the change, segment entries may fire, consent changes are recorded with their
 * column's source), and unstages them in the same transaction: a restart resumes where the last slice
 * committed. The import is done once no staged row is left. Returns how many rows it applied.
 */
export function applyStagedRows(session: Session, importId: string, limit: number): number {
  const { db, now } = session;
  const record = findImport(db, importId);
  if (record?.status !== 'applying') return 0;
  const mapping: ImportMapping = record.mapping;
  const sources = new Map<ConsentChannel, string>(mapping.consents.map((c) => [c.channel, c.source]));
  const source = (channel: ConsentChannel) => sources.get(channel) ?? 'import';
  const rows = nextStagedRows(db, importId, limit).map(({ key, row }) => ({
    key,
    row,
    id: row.key.by === 'id' ? row.key.id : (contactIdByEmail(db, row.key.email) ?? randomUUID()),
  }));
  // The slice's new contacts are created together, with their attributes (rows go in key order, so an email
  // row never names a contact an id row of the same slice creates: "email:" sorts first).
  const created = new Map(
    session.createContacts(rows.filter(({ id }) => !session.contact(id)).map(({ row, id }) => ({ id, attributes: row.attributes }))).map((state) => [state.row.id, state]),
  );
  const tally: Tally = { written: 0, created: 0, updated: 0, unchanged: 0, withdrawalsKept: 0 };
  for (const { row, id } of rows) {
    const fresh = created.get(id);
    const state = fresh ?? session.contact(id)!;
    const patch = changes(row, fresh ? undefined : state.row, tally);
    if (!fresh && !patch.attributes && !patch.consents) tally.unchanged++;
    else {
      updateContact(session, state, patch, source);
      if (fresh) tally.created++;
      else tally.updated++;
    }
    tally.written++;
  }
  if (rows.length > 0) unstageThrough(db, importId, rows.at(-1)!.key);
  addCounts(db, importId, tally);
  if (rows.length < limit) setStatus(db, importId, 'done', now);
  return rows.length;
}
