import { taskKey } from '../nodes/action.ts';
import type { Condition } from '../schema/conditions.ts';
import type { ScenarioNode } from '../schema/nodes.ts';
import type { Scenario } from '../schema/scenario.ts';
import type { GlobalPolicy } from '../engine/types.ts';
import { parseDuration } from '../time/duration.ts';

/** A volume cap counts the messages of a calendar day in the scenario's zone: two days cover any zone. */
const VOLUME_DAY_MS = 2 * 86_400_000;

/**
 * What retention must never prune because a rule of a scenario still reads it:
 * - `eventWindow`: the longest `within` of an event condition (events younger than that may count);
 * - `everEvents`: events named by a condition without `within`, which counts them however old;
 * - `messageWindow`: the longest frequency-cap window (the scenarios' and the operator's) and the
 *   volume caps' day: the messages sent within it count;
 * - `once`: the (scenario, template) pairs of sends marked `once`, which ask whether the contact
 *   was ever sent that template by that scenario.
 */
export interface RetentionFloor {
  eventWindow: number;
  everEvents: Set<string>;
  messageWindow: number;
  once: Array<{ scenarioId: string; template: string }>;
}

/** The event-history tests of a condition, wherever they sit in it. */
export function eventConditions(condition: Condition): Array<{ event: string; within?: string }> {
  if ('all' in condition) return condition.all.flatMap(eventConditions);
  if ('any' in condition) return condition.any.flatMap(eventConditions);
  if ('not' in condition) return eventConditions(condition.not);
  return 'event' in condition ? [condition] : [];
}

function nodeConditions(node: ScenarioNode): Condition[] {
  switch (node.type) {
    case 'entry.segment':
    case 'branch.condition':
    case 'wait.condition':
      return [node.config.condition];
    case 'branch.switch':
      return node.config.cases.map((c) => c.condition);
    case 'branch.best':
      return node.config.candidates.flatMap((c) => (c.eligibleWhen ? [c.eligibleWhen] : []));
    default:
      return [];
  }
}

/** The template key a `once` send is remembered by, if the node is a send marked `once`. */
function onceTemplate(node: ScenarioNode): string | undefined {
  if (!('once' in node.config) || node.config.once !== true) return undefined;
  if (node.type === 'action.task') return taskKey(node.id);
  return 'template' in node.config ? node.config.template : undefined;
}

/**
 * The floor under retention for a set of scenario versions: the caller passes every version a
 * contact may still run or enter (all published versions, to be safe), the operator's policy and the
 * saved segments' conditions (a membership is re-checked against the events in its windows).
 */
export function retentionFloor(versions: Scenario[], policy: GlobalPolicy | undefined, savedConditions: readonly Condition[] = []): RetentionFloor {
  const floor: RetentionFloor = { eventWindow: 0, everEvents: new Set(), messageWindow: VOLUME_DAY_MS, once: [] };
  const caps = [...(policy?.frequencyCaps ?? []), ...versions.flatMap((v) => v.settings.frequencyCaps)];
  for (const cap of caps) floor.messageWindow = Math.max(floor.messageWindow, parseDuration(cap.per));
  const readEvents = (condition: Condition) => {
    for (const c of eventConditions(condition)) {
      if (c.within === undefined) floor.everEvents.add(c.event);
      else floor.eventWindow = Math.max(floor.eventWindow, parseDuration(c.within));
    }
  };
  savedConditions.forEach(readEvents);
  const once = new Set<string>();
  for (const version of versions) {
    for (const node of version.nodes) {
      nodeConditions(node).forEach(readEvents);
      const template = onceTemplate(node);
      const key = template === undefined ? undefined : JSON.stringify([version.id, template]);
      if (key !== undefined && !once.has(key)) {
        once.add(key);
        floor.once.push({ scenarioId: version.id, template: template! });
      }
    }
  }
  return floor;
}
