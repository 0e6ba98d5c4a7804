import type { GlobalPolicy, Instant, PressureRule } from '../engine/types.ts';
import { channelOf } from '../schema/catalogue.ts';
import { MESSAGE_CHANNELS, isMessageChannel, type MessageChannel } from '../schema/primitives.ts';
import type { Scenario } from '../schema/scenario.ts';
import type { ContactProfile, TimelineEntry } from '../schema/testcase.ts';
import { DEFAULT_SIMULATION_START } from '../simulate/defaults.ts';
import { simulateJourneys } from '../simulate/simulate.ts';

const WEEK = 7 * 86_400_000;

export interface ForecastContact {
  contact: ContactProfile;
  /** What the contact is expected to do, e.g. their recent history replayed forward. */
  events: TimelineEntry[];
}

export interface ForecastInput {
  /** Every live scenario plus the draft being considered. */
  scenarios: Scenario[];
  contacts: ForecastContact[];
  start?: string;
  weeks?: number;
  policy?: GlobalPolicy;
}

export interface ChannelDistribution {
  /** Messages per contact per week: mean, median, 95th percentile and worst. */
  mean: number;
  p50: number;
  p95: number;
  max: number;
  /** How many contact-weeks received each number of messages, ascending. */
  histogram: Array<{ messages: number; contactWeeks: number }>;
}

export interface HeldBackMessage {
  contactId: string;
  scenarioId: string;
  node: string;
  channel: MessageChannel;
  outcome: 'skipped' | 'deferred';
  rule: PressureRule;
  reason: string;
  at: Instant;
}

/**
 * The rules by which the contact's own choices hold a message back (a topic opted out of, a frequency choice, a consent
 * not confirmed yet), as against the operator's and the law's (consent, caps, quiet hours, `once`, the suppression list).
 */
export const CONTACT_CHOICE_RULES = ['topic', 'frequency_choice', 'consent_pending'] as const satisfies readonly PressureRule[];
export const isContactChoice = (rule: PressureRule): boolean => (CONTACT_CHOICE_RULES as readonly PressureRule[]).includes(rule);

/** What one rule would hold back on one channel over the forecast: how many sends, and of how many contacts. */
export interface HeldBackByRule {
  rule: PressureRule;
  channel: MessageChannel;
  skipped: number;
  deferred: number;
  contacts: number;
  /** The reason of one of them, as the trace words it. */
  example: string;
}

export interface PressureForecast {
  contacts: number;
  weeks: number;
  channels: Record<MessageChannel, ChannelDistribution>;
  /** Messages each scenario would send over the period, per channel. */
  byScenario: Array<{ scenarioId: string; messages: Record<MessageChannel, number> }>;
  /** Sends that consent, quiet hours or a cap would hold back. */
  heldBack: HeldBackMessage[];
  /** `heldBack` summed per rule and channel, the contact's choices first (see CONTACT_CHOICE_RULES), then by count. */
  heldBackByRule: HeldBackByRule[];
  /** Contacts who would hit a frequency cap at least once. */
  cappedContacts: string[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function distribution(counts: number[]): ChannelDistribution {
  const sorted = [...counts].sort((a, b) => a - b);
  const histogram = new Map<number, number>();
  for (const count of sorted) histogram.set(count, (histogram.get(count) ?? 0) + 1);
  return {
    mean: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : 0,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? 0,
    histogram: [...histogram].map(([messages, contactWeeks]) => ({ messages, contactWeeks })),
  };
}

/** Sums held-back sends per rule and channel. */
function byRule(heldBack: HeldBackMessage[]): HeldBackByRule[] {
  const groups = new Map<string, HeldBackByRule & { ids: Set<string> }>();
  for (const h of heldBack) {
    const key = `${h.rule}/${h.channel}`;
    const group = groups.get(key) ?? { rule: h.rule, channel: h.channel, skipped: 0, deferred: 0, contacts: 0, example: h.reason, ids: new Set<string>() };
    group[h.outcome]++;
    group.ids.add(h.contactId);
    groups.set(key, group);
  }
  const total = (g: HeldBackByRule) => g.skipped + g.deferred;
  return [...groups.values()]
    .map(({ ids, ...group }) => ({ ...group, contacts: ids.size }))
    .sort((a, b) => Number(isContactChoice(b.rule)) - Number(isContactChoice(a.rule)) || total(b) - total(a));
}

const perChannel = <T>(make: () => T) => Object.fromEntries(MESSAGE_CHANNELS.map((c) => [c, make()])) as Record<MessageChannel, T>;

/**
 * Simulates every contact through all the scenarios together, with the engine's own pressure
 * rules, and summarises the marketing pressure they would feel: messages per contact per week
 * and channel, each scenario's share, and what consent, quiet hours and caps would hold back.
 */
export function forecastPressure(input: ForecastInput): PressureForecast {
  const weeks = input.weeks ?? 4;
  const start = Date.parse(input.start ?? DEFAULT_SIMULATION_START);
  const weekly = perChannel<number[]>(() => []);
  const byScenario = input.scenarios.map((s) => ({ scenarioId: s.id, messages: perChannel(() => 0) }));
  const heldBack: HeldBackMessage[] = [];
  const capped = new Set<string>();

  for (const { contact, events } of input.contacts) {
    const results = simulateJourneys(input.scenarios, { contact, events, start: input.start, until: `${weeks * 7}d`, policy: input.policy });
    const counts = perChannel(() => new Array<number>(weeks).fill(0));
    results.forEach((result, i) => {
      for (const message of result.messages) {
        // The forecast's figures are per message channel: webhooks (systems) and tasks (a team's work) are not in them.
        if (!isMessageChannel(message.channel)) continue;
        const week = Math.min(weeks - 1, Math.floor((message.at - start) / WEEK));
        counts[message.channel][week]++;
        byScenario[i].messages[message.channel]++;
      }
      for (const step of result.steps) {
        if (!step.rule || (step.outcome !== 'skipped' && step.outcome !== 'deferred')) continue;
        const channel = channelOf(step.type);
        if (!channel || !isMessageChannel(channel)) continue;
        heldBack.push({ contactId: contact.id, scenarioId: input.scenarios[i].id, node: step.node, channel, outcome: step.outcome, rule: step.rule, reason: step.reason ?? '', at: step.at });
        if (step.rule === 'frequency_cap') capped.add(contact.id);
      }
    });
    for (const channel of MESSAGE_CHANNELS) weekly[channel].push(...counts[channel]);
  }

  return {
    contacts: input.contacts.length,
    weeks,
    channels: Object.fromEntries(MESSAGE_CHANNELS.map((c) => [c, distribution(weekly[c])])) as Record<MessageChannel, ChannelDistribution>,
    byScenario,
    heldBack,
    heldBackByRule: byRule(heldBack),
    cappedContacts: [...capped],
  };
}
