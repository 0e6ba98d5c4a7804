import { formatDuration, formatInZone, type Instant } from '@parcours/shared';

/** An instant as people read it in a trace: wall-clock time in `zone`, with its UTC offset. */
export const readableTime = (at: Instant, zone: string): string => formatInZone(at, zone).replace('T', ' ');

/** An instant as an offset from the start of a simulation, the way test cases write times ("+2d10m"). */
export const offsetFromStart = (at: Instant, start: Instant): string =>
  at >= start ? `+${formatDuration(at - start)}` : `-${formatDuration(start - at)}`;
