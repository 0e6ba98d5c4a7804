import { describe, expect, it } from 'vitest';
import { numberPlaceholders } from '../src/db/postgres/placeholders.ts';

describe("SQLite's parameters numbered for PostgreSQL", () => {
  it('numbers positional parameters in order and gives a repeated name one number', () => {
    expect(numberPlaceholders('SELECT * FROM t WHERE a = ? AND b = @b AND c = ? AND d = :b AND e = $e')).toEqual({
      text: 'SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $3 AND d = $2 AND e = $4',
      slots: [0, 'b', 1, 'e'],
    });
  });

  it('takes numbered positional parameters (?NNN) at their number', () => {
    expect(numberPlaceholders('VALUES (?2, ?1, ?2)')).toEqual({ text: 'VALUES ($1, $2, $1)', slots: [1, 0] });
  });

  it('skips literals with doubled quotes, quoted identifiers, both kinds of comment and casts', () => {
    const source = `SELECT 'it''s ? @x', "col @y", x::text /* :z ? */ FROM t -- ? @w\nWHERE id = @id`;
    expect(numberPlaceholders(source)).toEqual({ text: source.replace('@id', '$1'), slots: ['id'] });
  });

  it('quotes mixed-case aliases, which PostgreSQL would fold to lower case, and leaves casts, literals and plain words', () => {
    const source = `SELECT due_at AS dueAt, CAST(x AS INTEGER) as total, 'AS fooBar' AS "keptAs", n as nodeCount, has AS hasIt FROM t AS tAlias`;
    expect(numberPlaceholders(source).text).toBe(
      `SELECT due_at AS "dueAt", CAST(x AS INTEGER) as total, 'AS fooBar' AS "keptAs", n as "nodeCount", has AS "hasIt" FROM t AS "tAlias"`,
    );
  });
});
