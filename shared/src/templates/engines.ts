import { Liquid, LiquidError, ParseError, TokenizationError, UndefinedVariableError, type Template as ParsedTemplate } from 'liquidjs';
import type { OutputMode } from './fields.ts';

export type TemplateErrorCode = 'template_syntax' | 'unknown_variable' | 'invalid_json' | 'render_error';

/** A template that cannot be parsed or rendered, located on its field (and line/column when Liquid knows them). */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(
    readonly code: TemplateErrorCode,
    message: string,
    readonly field: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/**
 * Strings are written as the content of a JSON string literal, so a quote or a newline in a contact's name cannot
 * break the document; any other value (number, boolean, null, object, array) is written as JSON.
 */
function escapeForJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value).slice(1, -1);
  return JSON.stringify(value) ?? '';
}

// Strict at render time: an unknown variable or filter is an error, not a silent blank in a sent message.
// lenientIf still lets `{% if contact.firstName %}` and `| default: "there"` handle optional attributes.
const STRICT = { strictVariables: true, strictFilters: true, lenientIf: true, ownPropertyOnly: true } as const;

const ENGINES: Record<OutputMode, Liquid> = {
  html: new Liquid({ ...STRICT, outputEscape: 'escape' }),
  text: new Liquid(STRICT),
  json: new Liquid({ ...STRICT, outputEscape: escapeForJson }),
};

const MAX_CACHED = 1000;
// Escaping is decided at parse time, so a parsed template belongs to its engine: the key carries the mode.
const parsedCache = new Map<string, ParsedTemplate[]>();

/**
 * Parses a template field once per (mode, text); least recently used ones are dropped past MAX_CACHED.
 * A syntax error is thrown as a located TemplateError.
 */
export function parseField(mode: OutputMode, source: string, field: string): ParsedTemplate[] {
  const key = `${mode}\u0000${source}`;
  const cached = parsedCache.get(key);
  if (cached) {
    parsedCache.delete(key);
    parsedCache.set(key, cached);
    return cached;
  }
  let parsed: ParsedTemplate[];
  try {
    parsed = ENGINES[mode].parse(source);
  } catch (error) {
    throw toTemplateError(error, field);
  }
  parsedCache.set(key, parsed);
  if (parsedCache.size > MAX_CACHED) parsedCache.delete(parsedCache.keys().next().value as string);
  return parsed;
}

/** The variables a parsed template reads from its scope (not those it assigns or loops over), with where. */
export function globalVariablesOf(mode: OutputMode, parsed: ParsedTemplate[]): Array<{ root: string; line: number; column: number }> {
  const { globals } = ENGINES[mode].analyzeSync(parsed);
  return Object.entries(globals).map(([root, uses]) => {
    const at = uses[0]?.location;
    return { root, line: at?.row ?? 1, column: at?.col ?? 1 };
  });
}

/** One read of `root.name` in a template field: where, and whether the field copes with a missing value there. */
export interface MemberUse {
  name: string;
  line: number;
  column: number;
  /** Read with `| default:`, or in a field that tests it in a tag (`{% if contact.plan %}`): a missing value is no error. */
  tolerant: boolean;
}

/** The members of global `root` a parsed template reads (`contact.firstName` → "firstName"), with where. */
export function membersOf(mode: OutputMode, source: string, parsed: ParsedTemplate[], root: string): MemberUse[] {
  const uses = ENGINES[mode].analyzeSync(parsed).globals[root] ?? [];
  const lineStarts = [0, ...[...source.matchAll(/\n/g)].map((m) => m.index + 1)];
  const read = uses.flatMap((use) => {
    const [, name] = use.segments;
    if (typeof name !== 'string') return [];
    const { row, col } = use.location;
    return [{ name, line: row, column: col, markup: markupAround(source, (lineStarts[row - 1] ?? 0) + col - 1) }];
  });
  // Liquid's if is lenient: a member tested in a tag guards its outputs in the field (a rough but safe reading).
  const tested = new Set(read.filter((use) => use.markup === 'tag').map((use) => use.name));
  return read.map(({ markup, ...use }) => ({ ...use, tolerant: markup !== 'output' || tested.has(use.name) }));
}

/**
 * What markup `offset` sits in: a tag `{% ... %}`, an output `{{ ... }}` with a `default` filter, or a plain output.
 * Read from the text, since Liquid's analysis does not say which output a variable sits in.
 */
function markupAround(source: string, offset: number): 'tag' | 'defaulted' | 'output' {
  const output = source.lastIndexOf('{{', offset);
  const tag = source.lastIndexOf('{%', offset);
  if (tag > output) return 'tag';
  const end = source.indexOf('}}', offset);
  return /\|\s*default\s*:/.test(source.slice(output, end === -1 ? undefined : end)) ? 'defaulted' : 'output';
}

/** Renders a template field against `scope`; every failure is a located TemplateError. */
export function renderField(mode: OutputMode, source: string, scope: object, field: string): string {
  const parsed = parseField(mode, source, field);
  try {
    return String(ENGINES[mode].renderSync(parsed, scope));
  } catch (error) {
    throw toTemplateError(error, field);
  }
}

/** Liquid appends ", line:2, col:4" to its messages; the position is reported separately. */
function messageOf(error: Error): string {
  return error.message.replace(/, line:\d+, col:\d+$/, '');
}

function toTemplateError(error: unknown, field: string): TemplateError {
  if (!(error instanceof Error)) return new TemplateError('render_error', `${field}: ${String(error)}`, field);
  const code: TemplateErrorCode =
    error instanceof UndefinedVariableError
      ? 'unknown_variable'
      : error instanceof TokenizationError || error instanceof ParseError
        ? 'template_syntax'
        : 'render_error';
  if (!LiquidError.is(error)) return new TemplateError(code, `${field}: ${error.message}`, field);
  const [line, column] = error.token.getPosition();
  return new TemplateError(code, `${field}, line ${line}, column ${column}: ${messageOf(error)}`, field, line, column);
}
