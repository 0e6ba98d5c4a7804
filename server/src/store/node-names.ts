import { nodeName } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { getVersion } from './scenarios.ts';

type HistoryItem = { scenarioId?: string; version?: number | null; node?: string };

/**
 * History rows (outbox messages, timeline steps) with the name of their node in the version that ran it
 * ("Welcome email"), so that lists show words beside ids. Each version is read once per call.
 */
export function withNodeNames<T extends object>(db: Db, items: T[]): Array<T & { nodeName?: string }> {
  const names = new Map<string, Map<string, string>>();
  const namesOf = (scenarioId: string, version: number) => {
    const key = `${scenarioId}@${version}`;
    let known = names.get(key);
    if (!known) {
      const scenario = getVersion(db, scenarioId, version);
      known = new Map((scenario?.nodes ?? []).map((n) => [n.id, nodeName(n)]));
      names.set(key, known);
    }
    return known;
  };
  return items.map((item) => {
    const { scenarioId, version, node } = item as HistoryItem;
    if (!scenarioId || typeof version !== 'number' || !node) return item;
    const name = namesOf(scenarioId, version).get(node);
    return name ? { ...item, nodeName: name } : item;
  });
}
