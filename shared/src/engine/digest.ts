import { valueAt } from '../conditions/compare.ts';
import type { Json } from '../schema/primitives.ts';
import type { Instant } from './types.ts';

/** What a digest node keeps of the events it collects: how many, and which items (see `collectItem`). */
export interface DigestConfigShape {
  groupBy?: string;
  maxItems: number;
}

/**
 * A digest open (or last closed) in an enrolment. It lives in the machine's context, so it is persisted
 * with the enrolment's snapshot: a restart between two collected events loses none of them.
 */
export interface DigestState {
  node: string;
  openedAt: Instant;
  /** When the window closes and the contact moves on with what was collected. */
  closesAt: Instant;
  /** Every event collected, including those whose items were merged by `groupBy` or dropped by `maxItems`. */
  count: number;
  /** The collected events' properties, oldest first, at most `maxItems` of them (the latest). */
  items: Record<string, Json>[];
}

/** What a message after a digest sees in its template as `digest.count` and `digest.items`. */
export type DigestContent = Pick<DigestState, 'count' | 'items'>;

export function openDigest(node: string, openedAt: Instant, closesAt: Instant): DigestState {
  return { node, openedAt, closesAt, count: 0, items: [] };
}

/**
 * Adds one event's properties to a digest. With `groupBy`, an event whose property has the value of an
 * item already kept replaces that item (the latest event of a group wins, and the group moves to the end);
 * an event without the property is a group of its own. Past `maxItems`, the oldest items are dropped:
 * `count` still counts every event, so `count` minus the number of items says how many were left out.
 */
export function collectItem(state: DigestState, config: DigestConfigShape, properties: Record<string, Json>): DigestState {
  const key = config.groupBy === undefined ? undefined : valueAt(properties, config.groupBy);
  const sameGroup = (item: Record<string, Json>) => key !== undefined && JSON.stringify(valueAt(item, config.groupBy!)) === JSON.stringify(key);
  const items = [...state.items.filter((item) => !sameGroup(item)), properties].slice(-config.maxItems);
  return { ...state, count: state.count + 1, items };
}

export function digestContent(state: DigestState): DigestContent {
  return { count: state.count, items: state.items };
}

/** The trace's words for a digest that closes: "digest closed: 10 events, 3 items". */
export function digestClosedReason(state: DigestState | undefined): string {
  if (!state) return 'digest closed: nothing collected';
  return `digest closed: ${state.count} event${state.count === 1 ? '' : 's'}, ${state.items.length} item${state.items.length === 1 ? '' : 's'}`;
}
