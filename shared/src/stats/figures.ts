import type { NodeCounts } from '../api/schemas.ts';
import { ENGAGEMENT_METRICS, type EngagementMetric } from './counts.ts';

export interface MessageFigure {
  metric: EngagementMetric;
  count: number;
  /** The share of sent messages, 0..1; null while nothing was sent. */
  rate: number | null;
}

/**
 * What became of a message node's sends, each figure with its rate out of the messages sent (so rates of different nodes compare, and
 * a provider that sends no delivery receipts leaves every other rate meaningful).
 */
export function messageFigures(counts: Pick<NodeCounts, 'sent' | EngagementMetric>): MessageFigure[] {
  const rate = (n: number) => (counts.sent > 0 ? n / counts.sent : null);
  return ENGAGEMENT_METRICS.map((metric) => ({ metric, count: counts[metric], rate: rate(counts[metric]) }));
}
