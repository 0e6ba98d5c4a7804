import type { FrequencyCap, QuietHours, Settings } from '../schema/scenario.ts';
import { isConsentChannel, isMessageChannel, type PressureChannel } from '../schema/primitives.ts';
import { parseDuration } from '../time/duration.ts';
import { isWithinSpan, spanEnd } from '../time/zoned.ts';
import type { ContactFacts, GlobalPolicy, Instant, PressureRule, SentMessage } from './types.ts';

export type SendDecision =
  | { kind: 'send' }
  | { kind: 'skip'; rule: PressureRule; reason: string }
  | { kind: 'defer'; rule: PressureRule; until: Instant; reason: string };

export interface SendRequest {
  channel: PressureChannel;
  onCap: 'skip' | 'defer';
  scenarioId: string;
  settings: Settings;
  policy?: GlobalPolicy;
  contact: ContactFacts;
  sent: SentMessage[];
  now: Instant;
}

interface ScopedCap extends FrequencyCap {
  scope: 'scenario' | 'global';
}

const describeCap = (cap: ScopedCap) => `${cap.scope} cap of ${cap.max} ${cap.channel} per ${cap.per}`;

/** When a cap that is full now lets one more message through; undefined when it is not full. */
function capFreesAt(cap: ScopedCap, request: SendRequest): Instant | undefined {
  const window = parseDuration(cap.per);
  const counted = request.sent
    .filter((m) => m.channel === cap.channel && m.at > request.now - window && (cap.scope === 'global' || m.scenarioId === request.scenarioId))
    .map((m) => m.at)
    .sort((a, b) => a - b);
  if (counted.length < cap.max) return undefined;
  // Once the oldest (count - max + 1) messages leave the window, one more fits.
  return cap.max === 0 ? Infinity : counted[counted.length - cap.max] + window;
}

function quietHoursOf(request: SendRequest): QuietHours[] {
  return [request.settings.quietHours, request.policy?.quietHours].filter((q): q is QuietHours => !!q);
}

/**
 * Decides whether a message, a task or an on-site item may go now: consent first (never overridden; tasks need
 * none; on-site items need consent for personalisation, `onsite`), then the
 * suppression list (an address that bounced hard or complained), then quiet hours
 * (always a deferral; none for on-site items), then frequency caps (skip or defer, by the node's setting). The same
 * function decides in the simulator and on the server, so their traces agree.
 */
export function decideSend(request: SendRequest): SendDecision {
  const { channel, contact, now } = request;
  if (isConsentChannel(channel) && request.settings.consentRequired[channel] && contact.consents[channel] !== true) {
    return { kind: 'skip', rule: 'consent', reason: `no consent for ${channel}` };
  }
  if (isMessageChannel(channel) && contact.suppressed?.includes(channel)) {
    return { kind: 'skip', rule: 'suppressed', reason: `${channel} address on the suppression list` };
  }
  // On-site content shows only while the visitor is on the site, by their own choice: no hour is quiet for it.
  for (const quiet of channel === 'onsite' ? [] : quietHoursOf(request)) {
    if (isWithinSpan(now, contact.timeZone, quiet)) {
      return { kind: 'defer', rule: 'quiet_hours', until: spanEnd(now, contact.timeZone, quiet), reason: `quiet hours ${quiet.start}-${quiet.end}` };
    }
  }
  const caps: ScopedCap[] = [
    ...request.settings.frequencyCaps.map((c) => ({ ...c, scope: 'scenario' as const })),
    ...(request.policy?.frequencyCaps ?? []).map((c) => ({ ...c, scope: 'global' as const })),
  ].filter((c) => c.channel === channel);
  let until: Instant | undefined;
  let binding: ScopedCap | undefined;
  for (const cap of caps) {
    const freesAt = capFreesAt(cap, request);
    if (freesAt !== undefined && (until === undefined || freesAt > until)) {
      until = freesAt;
      binding = cap;
    }
  }
  if (!binding || until === undefined) return { kind: 'send' };
  if (request.onCap === 'skip' || !Number.isFinite(until)) return { kind: 'skip', rule: 'frequency_cap', reason: `${describeCap(binding)} reached` };
  return { kind: 'defer', rule: 'frequency_cap', until, reason: `${describeCap(binding)} reached` };
}
