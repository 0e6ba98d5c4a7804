import { and, asc, eq, ne } from 'drizzle-orm';
import {
  ContactProfile,
  DEFAULT_DOUBLE_OPT_IN,
  DEFAULT_SIMULATION_START,
  campaignStartPoint,
  campaignTimingOf,
  parseDuration,
  resolveTimelineTime,
  simulate,
  startsByCampaign,
  timelinePoints,
  validateScenario,
  type CampaignSkipReason,
  type SavedSegment,
  type Scenario,
  type SimulatedMessage,
  type TestCase,
  type TimelinePoint,
} from '@parcours/shared';
import { campaignDeliveries, campaignRuns, contacts, enrolments, messages, steps } from '../src/db/schema.ts';
import { CONFIRMATION_SCENARIO } from '../src/optin/consent-requests.ts';
import type { Harness } from './helpers.ts';
import { fromPage, siteKey } from './site-helpers.ts';

const ANONYMOUS = 'anon:';

export function parsedScenario(file: unknown): Scenario {
  const result = validateScenario(file);
  if (!result.ok || !result.scenario) throw new Error(`invalid scenario: ${JSON.stringify(result.errors)}`);
  return result.scenario;
}

/** The visitor's consent to personalisation, from a page of the shop through the snippet's collect route. */
async function consentOnSite(h: Harness, anonymousId: string, personalisation: boolean) {
  const key = await siteKey(h);
  const sent = await fromPage(h, 'POST', '/collect', { key, body: { anonymousId, batch: [{ type: 'consent', personalisation }] } });
  if (sent.status !== 200) throw new Error(`consent: ${JSON.stringify(sent.body)}`);
}

/** What a replay plays: a saved test case's contact, timeline and clock. */
type ReplayedCase = Pick<TestCase, 'contact' | 'events' | 'start' | 'until'>;

export interface ReplayOptions {
  /** How an `{at, attributes}` entry reaches the server: `PUT /contacts/:id` (default) or `POST /identify` traits. */
  attributesVia?: 'put' | 'identify';
}

/**
 * Plays a saved test case against the running server the way the simulator plays it: the contact
 * is created at the start, timeline entries come at their times (before any timer due at the same
 * instant), and timers fire as the clock reaches them. Returns the server's trace and messages.
 */
export async function replay(
  h: Harness,
  scenario: Scenario,
  testCase: ReplayedCase,
  options: ReplayOptions = {},
) {
  const start = Date.parse(testCase.start ?? DEFAULT_SIMULATION_START);
  const horizon = start + parseDuration(testCase.until ?? '90d');
  const contact = ContactProfile.parse(testCase.contact);
  h.clock.set(start);
  // A contact whose id is "anon:<id>" is an anonymous visitor (the server's id for one): its events
  // carry that anonymous id until it identifies; it has no profile of its own to set.
  const anonymousId = contact.id.startsWith(ANONYMOUS) ? contact.id.slice(ANONYMOUS.length) : undefined;
  let contactId = contact.id;
  const who = () => (contactId === contact.id && anonymousId !== undefined ? { anonymousId } : { userId: contactId });
  const putProfile = async (id: string, profile: Partial<ContactProfile>) => {
    const put = await h.call('PUT', `/contacts/${encodeURIComponent(id)}`, profile);
    if (put.status !== 200) throw new Error(`contact: ${JSON.stringify(put.body)}`);
  };
  if (anonymousId === undefined) {
    const { id: _id, timeZone, preferences, pendingConsents = [], ...profile } = contact;
    // A consent pending confirmation is, on the server, one given on a channel with double opt-in on.
    if (pendingConsents.length > 0) {
      const settings = { ...DEFAULT_DOUBLE_OPT_IN, ...Object.fromEntries(pendingConsents.map((channel) => [channel, true])) };
      const put = await h.call('PUT', '/settings/double-opt-in', settings);
      if (put.status !== 200) throw new Error(`double opt-in: ${JSON.stringify(put.body)}`);
    }
    const consents = { ...profile.consents, ...Object.fromEntries(pendingConsents.map((channel) => [channel, true])) };
    await putProfile(contact.id, { ...profile, consents, ...(timeZone ? { timeZone } : {}) });
    // Preferences have their own route (checked against the settings' topics, recorded in the consent history).
    if (preferences) {
      const put = await h.call('PUT', `/contacts/${encodeURIComponent(contact.id)}/preferences`, preferences);
      if (put.status !== 200) throw new Error(`preferences: ${JSON.stringify(put.body)}`);
    }
  } else {
    // A visitor's only profile is what the site tells: its consent to personalisation, sent as the snippet sends it.
    const { onsite, ...otherConsents } = contact.consents;
    if (Object.keys(contact.attributes).length + Object.keys(otherConsents).length + contact.lists.length > 0 || contact.timeZone) {
      throw new Error('an anonymous visitor has no profile of its own to replay but its consent to personalisation');
    }
    if (onsite !== undefined) await consentOnSite(h, anonymousId!, onsite);
  }
  const events = testCase.events ?? [];
  if (scenario.nodes.some((n) => n.type === 'entry.api') && !startsByCampaign(events)) await h.call('POST', `/scenarios/${scenario.id}/enrol`, { contactId: contact.id });
  // In the simulator's order: a local-time campaign's run copies its audience when the zone furthest ahead reaches its
  // time, and its start comes at the contact's own time, in the zone the contact has on the server at the copy.
  const timeline = timelinePoints(events, start, contact.timeZone);
  const campaignStarts = await scheduleCampaigns(h, scenario, timeline, start);
  let cursor = 0;
  // The next timer changes only when something ran: an input or a timer (date entries and re-checks included).
  const nextDue = () => h.runtime.nextDueAt() ?? Infinity;
  let due = nextDue();
  for (;;) {
    const next = timeline[cursor];
    const at = Math.min(next?.at ?? Infinity, due);
    if (!Number.isFinite(at) || at > horizon) break;
    h.clock.set(Math.max(h.clock.now(), at));
    // At one instant: the timeline entry first, then timers, date entries and re-checks — the simulator's order.
    if (next && next.at === at) {
      cursor++;
      const { item } = next;
      let res;
      if ('campaign' in item) {
        // The campaign's run starts now and copies its audience, or its members due now are started.
        while (h.runtime.runCampaigns() > 0);
        if (next.audience && item.localTime) {
          const zone = h.db.select({ timeZone: contacts.timeZone }).from(contacts).where(eq(contacts.id, contactId)).get()?.timeZone ?? undefined;
          campaignStarts.find(({ index }) => index === next.index)!.at = campaignStartPoint(timeline, cursor, next, start, zone)?.at;
        }
        due = nextDue();
        continue;
      }
      if ('event' in item) res = await h.call('POST', '/track', { ...who(), event: item.event, properties: item.properties });
      else if ('attributes' in item) {
        res =
          options.attributesVia === 'identify'
            ? await h.call('POST', '/identify', { userId: contactId, traits: item.attributes })
            : await h.call('PUT', `/contacts/${encodeURIComponent(contactId)}`, { attributes: item.attributes });
      } else {
        // The known contact exists with its profile, then the visitor identifies as it.
        await putProfile(item.identify, item.profile);
        res = await h.call('POST', '/identify', { userId: item.identify, ...(anonymousId !== undefined ? { anonymousId } : {}), traits: {} });
        contactId = item.identify;
      }
      if (res.status !== 200) throw new Error(`timeline: ${JSON.stringify(res.body)}`);
      due = nextDue();
    } else {
      h.runtime.runDue(1000);
      due = nextDue();
    }
  }
  return withAbsentFromAudience(h, contactId, campaignStarts);
}

/**
 * Each campaign start of the timeline as a campaign of its own on its saved segment, starting the scenario: scheduled
 * once at its `at` (a whole minute) in its zone, at each contact's local time if it says so. The replay runs the
 * campaigns at the instants the simulator's timeline has (its run's copy, its start); the server computes the contact's
 * instant itself, so a start it dates otherwise is still pending or skipped then. Returns each campaign's id, its
 * place in the timeline and the instant it reaches the contact (a local-time one's is known once its run copied the
 * audience: the replay sets it then).
 */
async function scheduleCampaigns(h: Harness, scenario: Scenario, timeline: TimelinePoint[], start: number) {
  const scheduled: Array<{ id: string; index: number; at: number | undefined }> = [];
  for (const { item, index, at, audience } of timeline) {
    if (!('campaign' in item) || !audience) continue;
    if (item.segment === undefined) throw new Error('a replayed campaign start names its saved segment: a campaign needs one on the server');
    const { schedule, timeZone, localTime } = campaignTimingOf(item, resolveTimelineTime(item.at, start));
    const body = { name: `at ${item.at}`, segment: item.segment, action: { kind: 'journey', scenario: scenario.id }, schedule, timeZone, localTime };
    const created = await h.call('POST', '/campaigns', body);
    if (created.status !== 201) throw new Error(`campaign: ${JSON.stringify(created.body)}`);
    // Not at local time, the run copies its audience at the instant it starts the contact.
    scheduled.push({ id: created.body.id, index, at: localTime ? undefined : at });
  }
  return scheduled;
}

/**
 * A contact outside the segment when a run starts is not in its audience: the run has no row for it. The simulator,
 * which follows one contact, says so as a start skipped for `left_segment`: the replay reads the missing row alike.
 */
function withAbsentFromAudience(h: Harness, contactId: string, scheduled: Array<{ id: string; at: number | undefined }>) {
  const result = serverResult(h, contactId);
  const inAudience = new Set(campaignStartsOf(h, contactId).map((row) => row.campaignId));
  // A start dated before the simulation's is history there, as it is in the simulator.
  const absent = scheduled.flatMap(({ id, at }): typeof result.campaigns => (at === undefined || inAudience.has(id) ? [] : [{ at, status: 'skipped', reason: 'left_segment' }]));
  return { ...result, campaigns: [...result.campaigns, ...absent].sort((a, b) => a.at - b.at) };
}

/** A trace row as the engine's TraceStep has it: optional fields absent rather than null. */
export type ServerStep = {
  at: number;
  node: string;
  type: string;
  outcome: string;
  output?: string;
  reason?: string;
  rule?: string;
  until?: number;
};

/** The server's trace rows of one contact, oldest first, each with the pass of the enrolment it belongs to. */
function traceWithPasses(h: Harness, contactId: string): Array<ServerStep & { pass: number | null }> {
  return h.db
    .select({ at: steps.at, node: steps.node, type: steps.type, outcome: steps.outcome, output: steps.output, reason: steps.reason, rule: steps.rule, until: steps.until, pass: enrolments.pass })
    .from(steps)
    .innerJoin(enrolments, eq(enrolments.id, steps.enrolmentId))
    .where(eq(enrolments.contactId, contactId))
    .orderBy(asc(steps.id))
    .all()
    // Absent optional fields of the engine's TraceStep are null columns here.
    .map(({ output, reason, rule, until, ...s }) => ({
      ...s,
      ...(output !== null ? { output } : {}),
      ...(reason !== null ? { reason } : {}),
      ...(rule !== null ? { rule } : {}),
      ...(until !== null ? { until } : {}),
    }));
}

/**
 * The server's outbox rows of one contact's journeys, oldest first, each with the pass of the enrolment that sent it
 * (a double opt-in confirmation is the server's, not a journey's: the simulator has none).
 */
function outboxWithPasses(h: Harness, contactId: string) {
  return h.db
    .select({ at: messages.createdAt, node: messages.node, channel: messages.channel, template: messages.template, pass: enrolments.pass })
    .from(messages)
    .leftJoin(enrolments, eq(enrolments.id, messages.enrolmentId))
    .where(and(eq(messages.contactId, contactId), ne(messages.scenarioId, CONFIRMATION_SCENARIO)))
    .orderBy(asc(messages.id))
    .all()
    .map(({ template, ...m }) => ({ ...m, ...(template !== null ? { template } : {}) }));
}

/** A start of a campaign run for the contact, in the shape of the simulator's (with the campaign it belongs to). */
type CampaignStartRow = { campaignId: string; at: number; status: 'pending' | 'enrolled' | 'skipped'; reason?: CampaignSkipReason; pass?: number };

/** The contact's rows in campaign runs, as the simulator reports campaign starts: when, started (the pass) or skipped (why). */
function campaignStartsOf(h: Harness, contactId: string) {
  const passes = h.db.select({ pass: enrolments.pass, trigger: enrolments.trigger }).from(enrolments).where(eq(enrolments.contactId, contactId)).all();
  return h.db
    .select({ campaignId: campaignRuns.campaignId, runId: campaignDeliveries.runId, at: campaignDeliveries.dueAt, status: campaignDeliveries.status, reason: campaignDeliveries.reason })
    .from(campaignDeliveries)
    .innerJoin(campaignRuns, eq(campaignRuns.id, campaignDeliveries.runId))
    .where(eq(campaignDeliveries.contactId, contactId))
    .orderBy(asc(campaignDeliveries.dueAt), asc(campaignDeliveries.runId))
    .all()
    .map(({ runId, reason, ...row }): CampaignStartRow => {
      const pass = passes.find((p) => p.trigger === `campaign:${runId}`)?.pass;
      return { ...row, ...(reason !== null ? { reason } : {}), ...(pass !== undefined ? { pass } : {}) };
    });
}

/** The server's trace, outbox and enrolment status for one contact (one scenario is live in these tests). */
export function serverResult(h: Harness, contactId: string) {
  const passes = h.db.select().from(enrolments).where(eq(enrolments.contactId, contactId)).orderBy(asc(enrolments.id)).all();
  const last = passes.at(-1);
  return {
    steps: traceWithPasses(h, contactId).map(({ pass: _pass, ...s }): ServerStep => s),
    messages: outboxWithPasses(h, contactId).map(({ pass: _pass, ...m }) => m),
    status: last ? last.status : 'not_entered',
    at: last?.status === 'active' ? last.node : null,
    passes: passes.length,
    runs: passes.map(({ pass, correlation, status, node }) => ({ pass, correlation, status, at: status === 'active' ? node : null })),
    campaigns: campaignStartsOf(h, contactId).map(({ campaignId: _id, ...start }) => start),
  };
}

/**
 * Each pass of the contact kept apart, on the server: the enrolment's number, status and entry time,
 * and the trace steps and messages that belong to it (in the shape of `simulatedPasses`).
 */
export function serverPasses(h: Harness, contactId: string) {
  const trace = traceWithPasses(h, contactId);
  const sent = outboxWithPasses(h, contactId);
  return h.db
    .select({ pass: enrolments.pass, status: enrolments.status, enteredAt: enrolments.enteredAt })
    .from(enrolments)
    .where(eq(enrolments.contactId, contactId))
    .orderBy(asc(enrolments.id))
    .all()
    .map(({ pass, status, enteredAt }) => ({
      pass,
      status,
      enteredAt,
      steps: trace.filter((s) => s.pass === pass).map(({ pass: _pass, ...s }) => s),
      messages: sent.filter((m) => m.pass === pass).map(({ pass: _pass, ...m }) => m),
    }));
}

/** `segments`: the saved segments the server has, when the case reads them (a segment entry, a campaign's segment). */
const simulated = (scenario: Scenario, testCase: ReplayedCase, segments?: readonly SavedSegment[]) =>
  simulate(scenario, { contact: ContactProfile.parse(testCase.contact), events: testCase.events ?? [], start: testCase.start, until: testCase.until, segments });

/** A simulated message in the shape of the server's outbox rows (no pass, template absent rather than undefined). */
const asOutboxRow = ({ at, node, channel, template }: SimulatedMessage) => ({ at, node, channel, ...(template !== undefined ? { template } : {}) });

/** The simulator's result in the same shape as `serverResult`. */
export function simulatedResult(scenario: Scenario, testCase: ReplayedCase, segments?: readonly SavedSegment[]) {
  const result = simulated(scenario, testCase, segments);
  return {
    steps: result.steps.map(({ pass: _pass, ...s }) => s),
    messages: result.messages.map(asOutboxRow),
    status: result.status,
    at: result.at,
    passes: result.passes,
    runs: result.runs,
    campaigns: result.campaigns,
  };
}

/** Each pass of the simulated contact kept apart, in the shape of `serverPasses`. */
export function simulatedPasses(scenario: Scenario, testCase: ReplayedCase) {
  const result = simulated(scenario, testCase);
  return result.runs.map(({ pass, status }) => {
    const trace = result.steps.filter((s) => s.pass === pass).map(({ pass: _pass, ...s }) => s);
    return {
      pass,
      status,
      enteredAt: trace[0].at,
      steps: trace,
      messages: result.messages.filter((m) => m.pass === pass).map(asOutboxRow),
    };
  });
}
