import { and, count, eq, gte, sql } from 'drizzle-orm';
import type { ScenarioActivity } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { enrolments, scenarios } from '../db/schema.ts';

/**
 * Per scenario, the enrolments that began since `since` and how many of them have converted so far. Each scenario
 * reads one range of the index enrolments_scenario_entered (scenario, entry time, status): the cost follows the
 * entries of the period, never the whole table nor the trace.
 */
export function scenarioActivity(db: Db, since: number): ScenarioActivity {
  const items = db
    .select({ id: scenarios.id })
    .from(scenarios)
    .all()
    .map(({ id }) => {
      const row = entriesSince(db, id, since).get();
      return { scenarioId: id, entered: row?.entered ?? 0, converted: row?.converted ?? 0 };
    });
  return { since: new Date(since).toISOString(), items };
}

/** The query of one scenario's entries since `since` (exported so a test can check its plan). */
export const entriesSince = (db: Db, scenarioId: string, since: number) =>
  db
    .select({ entered: count(), converted: sql<number>`coalesce(sum(${enrolments.status} = 'converted'), 0)` })
    .from(enrolments)
    .where(and(eq(enrolments.scenarioId, scenarioId), gte(enrolments.enteredAt, since)));
