import { compare, matchesEvent } from '../conditions/index.ts';
import type { Condition } from '../schema/conditions.ts';
import type { Json } from '../schema/primitives.ts';
import { parseDuration } from '../time/duration.ts';
import { propertiesMatching, valueSatisfying, type ValueTest } from './values.ts';

type AttributeTest = Extract<Condition, { attribute: string }>;
type EventTest = Extract<Condition, { event: string }>;

/** A leaf of a condition that must hold (or not) for the whole to come out as wanted. */
type Literal =
  | { kind: 'attribute'; test: AttributeTest; holds: boolean }
  | { kind: 'list'; list: string; holds: boolean }
  | { kind: 'event'; test: EventTest; holds: boolean };

/** An event to add to the contact's history, no older than `within` ms when the condition is checked. */
export interface PlannedEvent {
  name: string;
  properties: Record<string, Json>;
  within?: number;
}

/** What to change about a contact so that a condition comes out as wanted. */
export interface FactsChange {
  /** Attributes to set; undefined means absent. */
  attributes: Record<string, Json | undefined>;
  /** Lists to be in (true) or out of (false). */
  lists: Record<string, boolean>;
  events: PlannedEvent[];
}

/** More matching events than any sensible count condition asks for. */
const MAX_EVENTS = 20;

/**
 * The ways a condition comes out as `want`, each a conjunction of literals (a lazy disjunctive normal
 * form): `all` wanted true is the product of its parts, wanted false the union of its parts wanted
 * false; `any` the other way round; `not` flips what is wanted.
 */
function* conjunctions(condition: Condition, want: boolean): Generator<Literal[]> {
  if ('not' in condition) return yield* conjunctions(condition.not, !want);
  if ('all' in condition || 'any' in condition) {
    const parts = 'all' in condition ? condition.all : condition.any;
    const everyPart = ('all' in condition) === want;
    if (everyPart) return yield* product(parts, want);
    for (const part of parts) yield* conjunctions(part, want);
    return;
  }
  // Cases set attributes, lists and events, never consents: a consent test offers no way to plan.
  if ('consent' in condition) return;
  if ('inList' in condition) yield [{ kind: 'list', list: condition.inList, holds: want }];
  else if ('attribute' in condition) yield [{ kind: 'attribute', test: condition, holds: want }];
  else yield [{ kind: 'event', test: condition, holds: want }];
}

function* product(parts: Condition[], want: boolean): Generator<Literal[]> {
  if (parts.length === 0) return yield [];
  const [first, ...rest] = parts;
  for (const head of conjunctions(first, want)) for (const tail of product(rest, want)) yield [...head, ...tail];
}

const countOf = (test: EventTest) => test.count ?? { op: 'gte' as const, value: 1 };
const matching = (test: EventTest, events: PlannedEvent[]) =>
  events.filter((e) => matchesEvent(test, { name: e.name, properties: e.properties }));

/** Adds the fewest events matching `test` that bring its count where the literal wants it; false when none can. */
function planEvents(test: EventTest, holds: boolean, events: PlannedEvent[]): boolean {
  const { op, value } = countOf(test);
  const within = test.within ? parseDuration(test.within) : undefined;
  const already = matching(test, events);
  for (const e of already) if (within !== undefined) e.within = Math.min(e.within ?? Infinity, within);
  for (let extra = 0; extra <= MAX_EVENTS; extra++) {
    if (compare(op, already.length + extra, value) !== holds) continue;
    if (extra === 0) return true;
    const properties = propertiesMatching(test.where);
    if (!properties) return false;
    for (let i = 0; i < extra; i++) events.push({ name: test.event, properties, within });
    return true;
  }
  return false;
}

/** The change that makes every literal come out as asked, assuming nothing else in the history matches; null if they contradict. */
function changeFor(literals: Literal[]): FactsChange | null {
  const change: FactsChange = { attributes: {}, lists: {}, events: [] };
  const tests = new Map<string, ValueTest[]>();
  for (const literal of literals) {
    if (literal.kind === 'attribute') {
      const { attribute, op, value } = literal.test;
      tests.set(attribute, [...(tests.get(attribute) ?? []), { op, value, holds: literal.holds }]);
    } else if (literal.kind === 'list') {
      if (change.lists[literal.list] === !literal.holds) return null;
      change.lists[literal.list] = literal.holds;
    } else if (!planEvents(literal.test, literal.holds, change.events)) return null;
  }
  for (const [attribute, attributeTests] of tests) {
    const found = valueSatisfying(attributeTests, attribute);
    if (!found) return null;
    change.attributes[attribute] = found.value;
  }
  // Events planned for one literal may break another (`X` and `not X`): check them all together.
  const eventsAgree = literals.every(
    (l) => l.kind !== 'event' || compare(countOf(l.test).op, matching(l.test, change.events).length, countOf(l.test).value) === l.holds,
  );
  return eventsAgree ? change : null;
}

/**
 * Changes to a contact's facts that make `condition` evaluate to `want`, most direct first, at most
 * `limit` ways considered. Best effort: the caller verifies each one by simulating.
 */
export function* changesFor(condition: Condition, want: boolean, limit = 32): Generator<FactsChange> {
  let tried = 0;
  for (const literals of conjunctions(condition, want)) {
    if (tried++ >= limit) return;
    const change = changeFor(literals);
    if (change) yield change;
  }
}
