import type { NodeCounts } from '../api/schemas.ts';
import type { MessageChannel } from '../schema/primitives.ts';
import { ENGAGEMENT_METRICS, type EngagementMetric } from './counts.ts';

export interface MessageFigure {
  metric: EngagementMetric;
  count: number;
  /** The share of sent messages, 0..1; null while nothing was sent. */
  rate: number | null;
}

/** What can learn what became of a node's messages: its channel, the scenario's tracking switch, delivery feedback providers. */
export interface MeasuredBy {
  channel: MessageChannel;
  /** The scenario's open and click tracking (emails only). */
  tracking: boolean;
  /** Whether a delivery feedback provider is configured (receipts, bounces and complaints by webhook). */
  feedback: boolean;
}

/**
 * Whether anything could count `metric` for such messages: a figure nothing measures would read as a true 0 %.
 * Emails carry an unsubscribe link and learn hard bounces from SMTP itself; opens and clicks need tracking; receipts and
 * complaints need a feedback provider.
 */
export function isMeasured(metric: EngagementMetric, { channel, tracking, feedback }: MeasuredBy): boolean {
  switch (metric) {
    case 'delivered':
    case 'complained':
      return feedback;
    case 'opened':
    case 'clicked':
      return channel === 'email' && tracking;
    case 'bounced':
      return channel === 'email' || feedback;
    case 'unsubscribed':
      return channel === 'email';
  }
}

/**
 * What became of a message node's sends, each figure with its rate out of the messages sent (so rates of different nodes compare, and
 * a provider that sends no delivery receipts leaves every other rate meaningful). Only the figures something measures, plus any that
 * counted something anyway (an SMS whose text carries the unsubscribe link, tracking switched off after opens were counted).
 */
export function messageFigures(counts: Pick<NodeCounts, 'sent' | EngagementMetric>, measured: MeasuredBy): MessageFigure[] {
  const rate = (n: number) => (counts.sent > 0 ? n / counts.sent : null);
  return ENGAGEMENT_METRICS.filter((metric) => counts[metric] > 0 || isMeasured(metric, measured)).map((metric) => ({
    metric,
    count: counts[metric],
    rate: rate(counts[metric]),
  }));
}
