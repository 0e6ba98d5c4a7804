import { readFileSync } from 'node:fs';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { CliError } from '../errors.ts';

/** 1-based line and column of a character offset, as editors show them. */
function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}

const READABLE_PARSE_ERRORS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected content after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'malformed number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

function describeParseError(text: string, error: ParseError): string {
  const { line, column } = lineColumnOf(text, error.offset);
  const code = printParseErrorCode(error.error);
  return `${line}:${column}: invalid JSON: ${READABLE_PARSE_ERRORS[code] ?? code}`;
}

/** Reads a UTF-8 file; a missing or unreadable file becomes a one-line CliError naming it. */
export function readTextFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${file}: no such file`);
    if (code === 'EISDIR') throw new CliError(`${file}: is a directory, not a file`);
    if (code === 'EACCES') throw new CliError(`${file}: permission denied`);
    throw new CliError(`${file}: cannot be read (${code ?? 'unknown error'})`);
  }
}

/**
 * Parses strict JSON with `JSON.parse` (exact semantics); when that fails, jsonc-parser locates the first
 * syntax error, reported as `FILE:line:column: ...` (Node 20's own message gives no position).
 */
export function parseJson(file: string, text: string): unknown {
  const source = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(source);
  } catch (error) {
    const errors: ParseError[] = [];
    parse(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    throw new CliError(
      errors.length > 0 ? `${file}:${describeParseError(source, errors[0])}` : `${file}: invalid JSON: ${(error as Error).message}`,
    );
  }
}

export const readJsonFile = (file: string): unknown => parseJson(file, readTextFile(file));
