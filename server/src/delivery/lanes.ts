import type { DeliverySettings } from '../channels/config.ts';
import { urlHost } from '../db/sql-functions.ts';
import type { OutboxMessage } from '../store/outbox.ts';
import { TokenBucket } from './token-bucket.ts';

/** Where a message is sent through: its channel's lane and, for a webhook, its destination host's. */
export interface Lane {
  channel: string;
  host: string | null;
}

/**
 * The dispatcher's lanes: a cap on sends in flight per channel and per webhook host, and a token bucket per
 * rate-limited channel. A message is only picked when its lanes have room, so a slow or hanging destination
 * fills its own lane and nothing else; the messages it holds back stay pending rows, not queued promises.
 */
export class Lanes {
  private readonly perChannel = new Map<string, number>();
  private readonly perHost = new Map<string, number>();
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly settings: Pick<DeliverySettings, 'concurrency' | 'perHost' | 'rateLimits'>,
    now: number,
  ) {
    for (const [channel, perSecond] of Object.entries(settings.rateLimits)) this.buckets.set(channel, new TokenBucket(perSecond, now));
  }

  laneOf(message: OutboxMessage): Lane {
    return { channel: message.channel, host: message.channel === 'webhook' ? urlHost(message.webhook?.url) : null };
  }

  /** Channels that can take no message now: all their sends in flight, or out of tokens. */
  closedChannels(now: number): string[] {
    const channels = new Set([...this.perChannel.keys(), ...this.buckets.keys()]);
    return [...channels].filter((channel) => !this.channelOpen(channel, now));
  }

  /** Webhook hosts with all their requests in flight. */
  fullHosts(): string[] {
    return [...this.perHost].filter(([, count]) => count >= this.settings.perHost).map(([host]) => host);
  }

  /** How many more messages the channels could take now, all together: no pick needs more rows than that. */
  room(now: number): number {
    return Object.entries(this.settings.concurrency).reduce(
      (sum, [channel, cap]) => sum + (this.channelOpen(channel, now) ? cap - (this.perChannel.get(channel) ?? 0) : 0),
      0,
    );
  }

  canEnter(lane: Lane, now: number): boolean {
    return this.channelOpen(lane.channel, now) && (lane.host === null || (this.perHost.get(lane.host) ?? 0) < this.settings.perHost);
  }

  /** Takes a place in the lanes (and a token); call after `canEnter` said yes. */
  enter(lane: Lane, now: number): void {
    this.perChannel.set(lane.channel, (this.perChannel.get(lane.channel) ?? 0) + 1);
    if (lane.host !== null) this.perHost.set(lane.host, (this.perHost.get(lane.host) ?? 0) + 1);
    this.buckets.get(lane.channel)?.take(now);
  }

  leave(lane: Lane): void {
    decrement(this.perChannel, lane.channel);
    if (lane.host !== null) decrement(this.perHost, lane.host);
  }

  private channelOpen(channel: string, now: number): boolean {
    // A row with a channel the settings do not know still goes (and fails at delivery), one at a time.
    const cap = (this.settings.concurrency as Record<string, number | undefined>)[channel] ?? 1;
    return (this.perChannel.get(channel) ?? 0) < cap && (this.buckets.get(channel)?.has(now) ?? true);
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const left = (counts.get(key) ?? 0) - 1;
  if (left > 0) counts.set(key, left);
  else counts.delete(key);
}
