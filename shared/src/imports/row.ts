import { z } from 'zod';
import type { AttributeType } from '../validate/types.ts';
import { ExternalName, type Json, type MessageChannel } from '../schema/primitives.ts';
import type { ImportMapping } from './mapping.ts';

/** A row the import refuses: its line in the file (1 is a CSV's header), the column at fault (null: the whole row). */
export interface ImportRowError {
  line: number;
  column: string | null;
  message: string;
}

/** How a row finds its contact: by id, or by email (the contact whose `email` attribute matches, any case). */
export type ImportKey = { by: 'id'; id: string } | { by: 'email'; email: string };

/** A valid row: its contact's key and what it writes (cells left empty write nothing). */
export interface ImportedRow {
  key: ImportKey;
  attributes: Record<string, Json>;
  consents: Partial<Record<MessageChannel, boolean>>;
}

export type RowResult = { ok: true; row: ImportedRow } | { ok: false; errors: ImportRowError[] };

/** One string per contact, whatever the case of its email: two rows with the same key are the same contact. */
export const importKeyText = (key: ImportKey) => (key.by === 'id' ? `id:${key.id}` : `email:${key.email.toLowerCase()}`);

type Converted = { value: Json } | { error: string };

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'oui', 'o', 'vrai']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'non', 'faux']);
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const Email = z.email();

function toBoolean(value: Json): Converted {
  if (typeof value === 'boolean') return { value };
  const word = String(value).trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return { value: true };
  if (FALSE_WORDS.has(word)) return { value: false };
  return { error: `"${String(value)}" is not a yes/no value (use true/false, yes/no, 1/0)` };
}

function toNumber(value: Json): Converted {
  if (typeof value === 'number') return { value };
  const text = String(value).trim();
  return NUMBER.test(text) && Number.isFinite(Number(text)) ? { value: Number(text) } : { error: `"${String(value)}" is not a number (digits, with "." for decimals)` };
}

/** A day stays a day ("1990-04-12", as birthdays are kept); an instant becomes UTC ISO 8601. */
function toDate(value: Json): Converted {
  const text = String(value).trim();
  const day = DAY.exec(text);
  if (day) {
    const valid = new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
    return valid ? { value: text } : { error: `"${text}" is not a calendar day` };
  }
  if (INSTANT.test(text) && !Number.isNaN(Date.parse(text))) return { value: new Date(text).toISOString() };
  return { error: `"${text}" is not a date (YYYY-MM-DD, or an ISO 8601 date and time with its offset)` };
}

function convert(value: Json, type: AttributeType): Converted {
  if (type === 'number') return toNumber(value);
  if (type === 'boolean') return toBoolean(value);
  if (type === 'date') return toDate(value);
  return typeof value === 'object' ? { error: 'is not text' } : { value: String(value) };
}

/** A cell's value, or undefined for an empty cell (a missing property, null, or blank text): it writes nothing. */
function cell(record: Record<string, unknown>, column: string): Json | undefined {
  const value = record[column];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value as Json;
}

/**
 * Turns one record of the file (a CSV row by header name, or a JSON line's object) into what it writes,
 * or every error it has. Pure: the server runs it on each row while the file streams in, the web app on
 * its preview.
 */
export function convertRow(record: Record<string, unknown>, mapping: ImportMapping, line: number): RowResult {
  const errors: ImportRowError[] = [];
  const fail = (column: string | null, message: string) => errors.push({ line, column, message });
  const attributes: Record<string, Json> = {};
  const consents: Partial<Record<MessageChannel, boolean>> = {};

  const id = mapping.key.id === undefined ? undefined : cell(record, mapping.key.id);
  if (id !== undefined) {
    const text = typeof id === 'object' ? '' : String(id).trim();
    if (!ExternalName.safeParse(text).success) fail(mapping.key.id!, 'is not a contact id (1-200 characters)');
    else if (text.startsWith('anon:')) fail(mapping.key.id!, 'ids starting with "anon:" are reserved for anonymous visitors');
  }
  const email = mapping.key.email === undefined ? undefined : cell(record, mapping.key.email);
  if (email !== undefined) {
    const text = String(email).trim();
    if (Email.safeParse(text).success) attributes.email = text;
    else fail(mapping.key.email!, `"${text}" is not an email address`);
  }
  if (id === undefined && email === undefined) fail(mapping.key.id ?? mapping.key.email!, `the row has no ${[mapping.key.id && 'id', mapping.key.email && 'email'].filter(Boolean).join(' and no ')}`);

  for (const { column, attribute, type } of mapping.attributes) {
    const value = cell(record, column);
    if (value === undefined) continue;
    const converted = convert(value, type);
    if ('error' in converted) fail(column, converted.error);
    else attributes[attribute] = converted.value;
  }
  for (const { column, channel } of mapping.consents) {
    const value = cell(record, column);
    if (value === undefined) continue;
    const converted = toBoolean(value);
    if ('error' in converted) fail(column, converted.error);
    else consents[channel] = converted.value as boolean;
  }

  if (errors.length > 0) return { ok: false, errors };
  const key: ImportKey = id !== undefined ? { by: 'id', id: String(id).trim() } : { by: 'email', email: attributes.email as string };
  return { ok: true, row: { key, attributes, consents } };
}
