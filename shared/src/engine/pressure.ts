import type { FrequencyCap, QuietHours, Settings } from '../schema/scenario.ts';
import { isConsentChannel, isMessageChannel, type PressureChannel } from '../schema/primitives.ts';
import { FREQUENCY_WINDOWS, optedOutOf, type ContactPreferences } from '../schema/preferences.ts';
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
  /** The message's topic: skipped for a contact who opted out of it on the channel. */
  topic?: string;
  /** Bypasses topics and the contact's frequency choice (never consent, suppression, quiet hours or caps). */
  transactional?: boolean;
}

/** A limit on how many sent messages a window may hold: an operator's cap or the contact's frequency choice. */
interface Limit {
  max: number;
  per: string;
  rule: 'frequency_cap' | 'frequency_choice';
  /** Which of the contact's sent messages the limit counts. */
  counts: (message: SentMessage) => boolean;
  /** How the trace names it: "global cap of 3 email per 7d", "contact's choice of at most weekly". */
  describe: string;
}

/** The scenario's and the operator's caps on the channel. */
function capsOn(request: SendRequest): Limit[] {
  const scoped = (caps: FrequencyCap[], scope: 'scenario' | 'global'): Limit[] =>
    caps
      .filter((cap) => cap.channel === request.channel)
      .map((cap) => ({
        max: cap.max,
        per: cap.per,
        rule: 'frequency_cap',
        counts: (m) => m.channel === cap.channel && (scope === 'global' || m.scenarioId === request.scenarioId),
        describe: `${scope} cap of ${cap.max} ${cap.channel} per ${cap.per}`,
      }));
  return [...scoped(request.settings.frequencyCaps, 'scenario'), ...scoped(request.policy?.frequencyCaps ?? [], 'global')];
}

/** What the contact's frequency choice reads of a send. */
type ChoiceRequest = Pick<SendRequest, 'transactional' | 'channel'> & { contact: Pick<ContactFacts, 'preferences'> };

/** The contact's frequency choice: one marketing message (any message channel, transactional ones aside) per window. */
function frequencyChoiceOf(request: ChoiceRequest): Limit[] {
  const choice = request.contact.preferences?.frequency ?? 'any';
  if (choice === 'any' || request.transactional || !isMessageChannel(request.channel)) return [];
  return [{ max: 1, per: FREQUENCY_WINDOWS[choice], rule: 'frequency_choice', counts: (m) => isMessageChannel(m.channel) && !m.transactional, describe: `contact's choice of at most ${choice}` }];
}

/** When a limit that is full now lets one more message through; undefined when it is not full. */
function limitFreesAt(limit: Limit, request: Pick<SendRequest, 'sent' | 'now'>): Instant | undefined {
  const window = parseDuration(limit.per);
  const counted = request.sent
    .filter((m) => m.at > request.now - window && limit.counts(m))
    .map((m) => m.at)
    .sort((a, b) => a - b);
  if (counted.length < limit.max) return undefined;
  // Once the oldest (count - max + 1) messages leave the window, one more fits.
  return limit.max === 0 ? Infinity : counted[counted.length - limit.max] + window;
}

/**
 * Why a message on `channel` may not go to the contact while the consent they gave awaits their confirmation (double
 * opt-in): nothing goes through, transactional or not, whatever the scenario requires. Undefined: no such consent.
 * Checked when the engine decides and again at delivery.
 */
export function consentAwaitsConfirmation(contact: Pick<ContactFacts, 'consents' | 'pendingConsents'>, channel: string): string | undefined {
  if (!isConsentChannel(channel) || contact.consents[channel] === true || !contact.pendingConsents?.includes(channel)) return undefined;
  return `consent for ${channel} awaits confirmation`;
}

/**
 * Why the contact's frequency choice holds a message back now (undefined: it does not), whatever the node's `onCap`:
 * what delivery checks again, since the contact may have chosen a rarer frequency after the engine decided.
 */
export function frequencyChoiceReached(request: ChoiceRequest & Pick<SendRequest, 'sent' | 'now'>): string | undefined {
  const [limit] = frequencyChoiceOf(request);
  return limit && limitFreesAt(limit, request) !== undefined ? `${limit.describe} reached` : undefined;
}

function quietHoursOf(request: SendRequest): QuietHours[] {
  return [request.settings.quietHours, request.policy?.quietHours].filter((q): q is QuietHours => !!q);
}

/**
 * Why a message on `topic` may not go to a contact with these preferences (undefined: it may): they opted out of
 * the topic on the channel. Transactional messages and messages without a topic pass. Checked when the engine
 * decides and again at delivery, when the contact may have changed their mind since.
 */
export function topicOptOut(topic: string | undefined, transactional: boolean | undefined, channel: string, preferences: ContactPreferences | undefined): string | undefined {
  if (topic === undefined || transactional || !isMessageChannel(channel) || !optedOutOf(preferences, topic, channel)) return undefined;
  return `opted out of topic ${topic} on ${channel}`;
}

/**
 * Decides whether a message, a task or an on-site item may go now: a consent awaiting confirmation holds everything
 * back on its channel; then consent (never overridden; tasks need
 * none; on-site items need consent for personalisation, `onsite`), then the suppression list (an address that
 * bounced hard or complained), then the contact's opt-out of the message's topic, then quiet hours (always a
 * deferral; none for on-site items), then frequency caps and the contact's frequency choice (skip or defer, by the
 * node's setting). Transactional messages pass topics and the frequency choice. The same
 * function decides in the simulator and on the server, so their traces agree.
 */
export function decideSend(request: SendRequest): SendDecision {
  const { channel, contact, now } = request;
  const pending = consentAwaitsConfirmation(contact, channel);
  if (pending) return { kind: 'skip', rule: 'consent_pending', reason: pending };
  if (isConsentChannel(channel) && request.settings.consentRequired[channel] && contact.consents[channel] !== true) {
    return { kind: 'skip', rule: 'consent', reason: `no consent for ${channel}` };
  }
  if (isMessageChannel(channel) && contact.suppressed?.includes(channel)) {
    return { kind: 'skip', rule: 'suppressed', reason: `${channel} address on the suppression list` };
  }
  const optedOut = topicOptOut(request.topic, request.transactional, channel, contact.preferences);
  if (optedOut) return { kind: 'skip', rule: 'topic', reason: optedOut };
  // On-site content shows only while the visitor is on the site, by their own choice: no hour is quiet for it.
  for (const quiet of channel === 'onsite' ? [] : quietHoursOf(request)) {
    if (isWithinSpan(now, contact.timeZone, quiet)) {
      return { kind: 'defer', rule: 'quiet_hours', until: spanEnd(now, contact.timeZone, quiet), reason: `quiet hours ${quiet.start}-${quiet.end}` };
    }
  }
  let until: Instant | undefined;
  let binding: Limit | undefined;
  for (const limit of [...capsOn(request), ...frequencyChoiceOf(request)]) {
    const freesAt = limitFreesAt(limit, request);
    if (freesAt !== undefined && (until === undefined || freesAt > until)) {
      until = freesAt;
      binding = limit;
    }
  }
  if (!binding || until === undefined) return { kind: 'send' };
  const reason = `${binding.describe} reached`;
  if (request.onCap === 'skip' || !Number.isFinite(until)) return { kind: 'skip', rule: binding.rule, reason };
  return { kind: 'defer', rule: binding.rule, until, reason };
}
