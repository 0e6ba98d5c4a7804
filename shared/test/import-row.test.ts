import { describe, expect, it } from 'vitest';
import { convertRow, importKeyText, ImportMappingSchema } from '../src/index.ts';

const mapping = ImportMappingSchema.parse({
  format: 'csv',
  key: { id: 'id', email: 'email' },
  attributes: [
    { column: 'n', attribute: 'n', type: 'number' },
    { column: 'b', attribute: 'b', type: 'boolean' },
    { column: 'd', attribute: 'd', type: 'date' },
    { column: 't', attribute: 't', type: 'text' },
  ],
  consents: [{ column: 'sms', channel: 'sms', source: 'shop' }],
});

/** One row of an import, from its cells to what it writes: the rules of every column type. */
describe('convertRow', () => {
  it('converts each type; an instant goes to UTC, a day stays as written', () => {
    const result = convertRow({ id: ' u1 ', email: '', n: '-1.5e2', b: 'Oui', d: '2026-03-01T10:00:00+01:00', t: '007', sms: 'non' }, mapping, 4);
    expect(result).toEqual({ ok: true, row: { key: { by: 'id', id: 'u1' }, attributes: { n: -150, b: true, d: '2026-03-01T09:00:00.000Z', t: '007' }, consents: { sms: false } } });
    expect(convertRow({ id: 'u2', d: '2024-02-29' }, mapping, 5)).toMatchObject({ ok: true, row: { attributes: { d: '2024-02-29' } } });
  });

  it('keys a row by its email when it has no id, whatever the case of the email', () => {
    const result = convertRow({ email: 'Ada@Example.com' }, mapping, 2);
    expect(result).toEqual({ ok: true, row: { key: { by: 'email', email: 'Ada@Example.com' }, attributes: { email: 'Ada@Example.com' }, consents: {} } });
    expect(result.ok && importKeyText(result.row.key)).toBe('email:ada@example.com');
  });

  it('reports every bad cell of a row with its line and column', () => {
    const result = convertRow({ id: 'anon:x', n: '1,5', b: 'peut-être', d: '2023-02-29', sms: 'x' }, mapping, 9);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => [e.line, e.column])).toEqual([
      [9, 'id'],
      [9, 'n'],
      [9, 'b'],
      [9, 'd'],
      [9, 'sms'],
    ]);
  });

  it('refuses a mapping without a key, or one attribute mapped twice', () => {
    expect(ImportMappingSchema.safeParse({ format: 'csv', key: {} }).success).toBe(false);
    const twice = ImportMappingSchema.safeParse({ format: 'csv', key: { id: 'id' }, attributes: [{ column: 'a', attribute: 'x', type: 'text' }, { column: 'b', attribute: 'x', type: 'text' }] });
    expect(twice.success || twice.error.issues.map((i) => i.path)).toEqual([['attributes', 1, 'attribute']]);
  });
});
