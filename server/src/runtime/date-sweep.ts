import { dateEntryDue } from '@parcours/shared';
import { dateCandidates } from '../store/contacts.ts';
import type { Session } from './session.ts';

/**
 * How far back a sweep looks for date occurrences it has not acted on: a bit more than a day, so
 * a daily sweep (or a server down for a few hours) misses none, across daylight-saving changes.
 */
export const SWEEP_LOOKBACK = 26 * 3_600_000;

/**
 * Date-attribute entries (birthdays, renewals): enrols every contact whose date, in their own time
 * zone, fell due since the last sweep, once per occurrence and within the re-entry policy (the
 * shared rule the simulator applies). Safe to run as often as wanted. Returns how many contacts entered.
 */
export function sweepDates(session: Session): number {
  const before = session.enrolled;
  for (const live of session.versions.dateEntries()) {
    for (const id of dateCandidates(session.db, live.entry.config, session.now)) {
      const state = session.contact(id)!;
      const facts = state.runner.facts();
      facts.timeZone = state.row.timeZone ?? live.compiled.scenario.settings.defaultTimeZone;
      // An occurrence that passed before the contact existed is not its own (as in the simulator, where the contact appears at the start).
      const earliest = Math.max(session.now - SWEEP_LOOKBACK, state.row.createdAt);
      const due = dateEntryDue(live.entry, facts, live.compiled.scenario.settings.reentry, state.runner.last(live.scenarioId), earliest);
      if (due !== undefined && due <= session.now) state.journeys.enterBy(live, 'date');
    }
  }
  return session.enrolled - before;
}
