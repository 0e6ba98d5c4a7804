import { and, count, eq, gte, sql } from 'drizzle-orm';
import { bucketed, dayOf, type ScenarioActivity } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { enrolments, scenarios } from '../db/schema.ts';
import { dailyFigures } from './analytics.ts';

/**
 * Per scenario, the enrolments that began since `since` and how many of them have converted so far. Each scenario
 * reads one range of the index enrolments_scenario_entered (scenario, entry time, status): the cost follows the
 * entries of the period, never the whole table nor the trace. Beside them, the sparkline: entries and conversions
 * per day from the daily counters (conversions on the day they happened, whenever the contact entered).
 */
export function scenarioActivity(db: Db, since: number, now: number): ScenarioActivity {
  const items = db
    .select({ id: scenarios.id })
    .from(scenarios)
    .all()
    .map(({ id }) => {
      const row = entriesSince(db, id, since).get();
      const days = bucketed(dailyFigures(db, id, dayOf(since), dayOf(now)), ['entered', 'converted'] as const, dayOf(since), dayOf(now), 'day');
      return {
        scenarioId: id,
        entered: row?.entered ?? 0,
        converted: row?.converted ?? 0,
        daily: days.map(({ start, entered, converted }) => ({ day: start, entered, converted })),
      };
    });
  return { since: new Date(since).toISOString(), items };
}

/** The query of one scenario's entries since `since` (exported so a test can check its plan). */
export const entriesSince = (db: Db, scenarioId: string, since: number) =>
  db
    .select({ entered: count(), converted: sql<number>`count(*) FILTER (WHERE ${enrolments.status} = 'converted')` })
    .from(enrolments)
    .where(and(eq(enrolments.scenarioId, scenarioId), gte(enrolments.enteredAt, since)));
