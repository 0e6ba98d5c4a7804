import type { Scenario } from '../schema/scenario.ts';
import type { ValidationError } from '../validate/types.ts';

/** The shapes of the HTTP API's scenario answers: the server builds them, the web app reads them. */

export type ScenarioStatus = 'draft' | 'live' | 'archived';

export interface ScenarioSummary {
  id: string;
  name: string;
  status: ScenarioStatus;
  latestVersion: number | null;
  updatedAt: string;
}

export interface ScenarioDetail extends ScenarioSummary {
  draft: Scenario;
  validation: { ok: boolean; errors: ValidationError[] };
}

/** Contacts that reached a node, wait there now, ended there, or passed it and converted. */
export interface NodeCounts {
  entered: number;
  waiting: number;
  exited: number;
  converted: number;
}

/** Live counts of one published version, per node and per output (branch, split arm). */
export interface VersionStats {
  nodes: Record<string, NodeCounts>;
  outputs: Record<string, Record<string, { taken: number; converted: number }>>;
}
