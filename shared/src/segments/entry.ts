import type { EventMatcher } from '../schema/conditions.ts';
import type { ScenarioNode } from '../schema/nodes.ts';
import { SEGMENT_ENTERED } from './definition.ts';

/**
 * The event that starts a journey at this entry, for the entries an event starts: an event trigger's own,
 * and a saved segment entry's `segment_entered` of its segment. Undefined for other entries.
 */
export function entryEventMatcher(entry: ScenarioNode): EventMatcher | undefined {
  if (entry.type === 'entry.event') return entry.config;
  if (entry.type === 'entry.membership') return { event: SEGMENT_ENTERED, where: [{ property: 'segment', op: 'eq', value: entry.config.segment }] };
  return undefined;
}
