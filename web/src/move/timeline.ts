import { i18n } from '../i18n/index.ts';

/** The server's words for a move at publishing (the trace reason of a "moved" step), in the interface's language. */
export function movedReason(reason: string): string {
  const moved = /^moved from version (\d+) node (\S+) to version (\d+) node (\S+)$/.exec(reason);
  return moved ? i18n.t('move.timelineReason', { fromVersion: moved[1], fromNode: moved[2], toVersion: moved[3], toNode: moved[4] }) : reason;
}
