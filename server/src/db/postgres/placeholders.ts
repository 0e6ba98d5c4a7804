/** A statement written with SQLite's parameters, rewritten with PostgreSQL's numbered ones. */
export interface NumberedStatement {
  text: string;
  /** What `$1`, `$2`, ... take, in order: a position among the positional values, or a named parameter's name. */
  slots: Array<number | string>;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const DIGITS = /[0-9]+/y;
/** `AS` and a mixed-case alias after it (`AS dueAt`, never a type name such as `AS INTEGER`). */
const MIXED_CASE_ALIAS = /AS(\s+)([A-Za-z_][A-Za-z0-9_]*)/iy;

/**
 * Rewrites SQLite's parameters (`?`, `?NNN`, `@name`, `:name`, `$name`) as `$1`, `$2`, ...: the same named parameter
 * twice takes one number, as it binds one value. String literals, quoted identifiers and comments are left alone (a
 * JSON path such as '$.email' is not a parameter), and so is PostgreSQL's `::` cast. A mixed-case alias is quoted:
 * SQLite keeps an alias as written, PostgreSQL folds an unquoted one to lower case (`AS dueAt` would come back as
 * `dueat`).
 */
export function numberPlaceholders(source: string): NumberedStatement {
  const slots: Array<number | string> = [];
  const numberOf = new Map<number | string, number>();
  let positional = 0;
  let text = '';
  let i = 0;
  const slot = (key: number | string) => {
    let n = numberOf.get(key);
    if (n === undefined) {
      slots.push(key);
      numberOf.set(key, (n = slots.length));
    }
    return `$${n}`;
  };
  const match = (pattern: RegExp, at: number) => {
    pattern.lastIndex = at;
    return pattern.exec(source)?.[0];
  };
  while (i < source.length) {
    const c = source[i];
    const end = skipQuotedOrComment(source, i);
    if (end > i) {
      text += source.slice(i, end);
      i = end;
    } else if ((c === 'A' || c === 'a') && !/[A-Za-z0-9_]/.test(source[i - 1] ?? '') && mixedCaseAlias(source, i)) {
      const [whole, space, alias] = mixedCaseAlias(source, i)!;
      text += `${source.slice(i, i + 2)}${space}"${alias}"`;
      i += whole.length;
    } else if (c === '?') {
      const digits = match(DIGITS, i + 1);
      text += slot(digits === undefined ? positional++ : Number(digits) - 1);
      i += 1 + (digits?.length ?? 0);
    } else if ((c === '@' || c === '$' || (c === ':' && source[i + 1] !== ':' && source[i - 1] !== ':')) && match(NAME, i + 1)) {
      const name = match(NAME, i + 1)!;
      text += slot(name);
      i += 1 + name.length;
    } else {
      text += c;
      i += 1;
    }
  }
  return { text, slots };
}

function mixedCaseAlias(source: string, at: number): RegExpExecArray | undefined {
  MIXED_CASE_ALIAS.lastIndex = at;
  const found = MIXED_CASE_ALIAS.exec(source);
  return found && /[a-z]/.test(found[2]) && /[A-Z]/.test(found[2]) ? found : undefined;
}

/** Where the string literal, quoted identifier or comment starting at `i` ends (`i` when none starts there). */
function skipQuotedOrComment(source: string, i: number): number {
  const c = source[i];
  if (c === "'" || c === '"') {
    let j = i + 1;
    while (j < source.length) {
      if (source[j] === c) {
        if (source[j + 1] !== c) return j + 1;
        j += 2; // a doubled quote stands for itself
      } else j += 1;
    }
    return source.length;
  }
  if (c === '-' && source[i + 1] === '-') {
    const newline = source.indexOf('\n', i);
    return newline < 0 ? source.length : newline;
  }
  if (c === '/' && source[i + 1] === '*') {
    const close = source.indexOf('*/', i + 2);
    return close < 0 ? source.length : close + 2;
  }
  return i;
}
