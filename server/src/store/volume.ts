import { and, asc, between, eq, gte, inArray, isNull, like, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { Channel, channelOf, dateAt, dayOf as utcDayOf, formatInZone, isMessageChannel, isValidTimeZone, PRESSURE_RULES, type MessageChannel, type NodeType, type PressureRule, type VolumeCap } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { jsonField } from '../db/dialect.ts';
import { perDatabase } from '../db/per-database.ts';
import { dailyCounters, messages, scenarios, scenarioVersions, UNSENT_STATUSES, type MessageStatus } from '../db/schema.ts';
import { NotFound } from '../domain/errors.ts';

/** Statuses that count as a message that went out (to a provider or to the sandbox). */
export const SENT_STATUSES: MessageStatus[] = ['sent', 'sandboxed'];

/** One calendar day in a time zone, as the instants it starts at (inclusive) and ends at (exclusive). */
export interface Day {
  day: string;
  start: number;
  end: number;
}

/** The calendar day holding `instant` in `zone` (UTC when the zone is unknown). */
export function dayOf(instant: number, zone: string): Day {
  const tz = isValidTimeZone(zone) ? zone : 'UTC';
  const day = formatInZone(instant, tz).slice(0, 10);
  return { day, start: dateAt(day, tz, '00:00')!, end: dateAt(day, tz, '00:00', 1)! };
}

export interface VolumeSettings {
  timeZone: string;
  caps: VolumeCap[];
}

/**
 * The volume caps of each published version, read once: versions never change, so only the number of the latest
 * one is read again (the dispatcher asks before every pick, and reading the settings out of the definition cost
 * about 150 µs, a twentieth of the server's thread in bench:load's steady state).
 */
const versionSettings = perDatabase((db: Db) => {
  const latest = db.$client.prepare<[string], number | null>('SELECT max(version) FROM scenario_versions WHERE scenario_id = ?').pluck();
  const read = db.$client.prepare<[string, number], { caps: string | null; timeZone: string | null }>(
    `SELECT ${jsonField(db.$client, 'definition', 'settings.volumeCaps')} AS caps, ${jsonField(db.$client, 'definition', 'settings.defaultTimeZone')} AS timeZone
     FROM scenario_versions WHERE scenario_id = ? AND version = ?`,
  );
  const known = new Map<string, VolumeSettings>();
  return (scenarioId: string): VolumeSettings | undefined => {
    const version = latest.get(scenarioId);
    if (version === null || version === undefined) return undefined;
    const key = `${scenarioId}@${version}`;
    let settings = known.get(key);
    if (!settings) {
      const row = read.get(scenarioId, version)!;
      // Versions published before volume caps existed have none.
      settings = { timeZone: row.timeZone ?? 'UTC', caps: row.caps ? (JSON.parse(row.caps) as VolumeCap[]) : [] };
      known.set(key, settings);
    }
    return settings;
  };
});

/**
 * The volume caps in force for a scenario: those of its latest published version, whichever version
 * each contact runs (a cap is on the scenario as a whole). Undefined before the first publish.
 */
export function publishedVolumeSettings(db: Db, scenarioId: string): VolumeSettings | undefined {
  return versionSettings(db)(scenarioId);
}

/** The outbox rows of one scenario on one channel. */
export const messagesOf = (scenarioId: string, channel: string): SQL => and(eq(messages.scenarioId, scenarioId), eq(messages.channel, channel))!;

/** How many messages of the scenario on the channel went out in [start, end). */
export function sentBetween(db: Db, scenarioId: string, channel: string, start: number, end: number): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(messages)
    .where(and(messagesOf(scenarioId, channel), inArray(messages.status, SENT_STATUSES), gte(messages.sentAt, start), lt(messages.sentAt, end)))
    .get();
  return row?.n ?? 0;
}

export interface ChannelVolume {
  channel: Channel;
  sent: number;
  /** Messages due by the end of the day (or now, for today) still waiting because the day's cap was reached. */
  throttled: number;
  min: number | null;
  max: number | null;
  /** A finished day, on or after the first publish, that sent fewer than the minimum. */
  underDelivered: boolean;
}

export interface DayVolume extends Day {
  finished: boolean;
  channels: ChannelVolume[];
}

export interface TopicVolume {
  channel: MessageChannel;
  /** The topic its message nodes name; null for those that name none. */
  topic: string | null;
  sent: number;
  /** Per rule, the sends it held back: skipped for good, or deferred (then sent or held later). */
  held: Array<{ rule: PressureRule; skipped: number; deferred: number }>;
}

export interface VolumeReport {
  scenarioId: string;
  timeZone: string;
  days: DayVolume[];
  byTopic: TopicVolume[];
}

/** Each message node of the scenario's versions as `version/node`: its channel and its topic. */
function messageNodes(db: Db, scenarioId: string): Map<string, { channel: MessageChannel; topic: string | null }> {
  const nodes = new Map<string, { channel: MessageChannel; topic: string | null }>();
  const versions = db.select({ version: scenarioVersions.version, definition: scenarioVersions.definition }).from(scenarioVersions).where(eq(scenarioVersions.scenarioId, scenarioId)).all();
  for (const { version, definition } of versions) {
    for (const node of definition.nodes) {
      const channel = channelOf(node.type as NodeType);
      if (!channel || !isMessageChannel(channel)) continue;
      const topic = (node.config as { topic?: unknown }).topic;
      nodes.set(`${version}/${node.id}`, { channel, topic: typeof topic === 'string' ? topic : null });
    }
  }
  return nodes;
}

/**
 * Per channel and topic, from `from` to now: the messages that went out (the outbox) and the sends each pressure rule
 * held back (the daily counters, by UTC day: skipped by the engine or at delivery, deferred by the engine).
 */
export function topicVolume(db: Db, scenarioId: string, from: number, now: number): TopicVolume[] {
  const nodes = messageNodes(db, scenarioId);
  const groups = new Map<string, TopicVolume>();
  const groupOf = (version: number, node: string) => {
    const found = nodes.get(`${version}/${node}`);
    if (!found) return undefined;
    const key = `${found.channel}/${found.topic ?? ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { channel: found.channel, topic: found.topic, sent: 0, held: [] }));
    return group;
  };
  const sent = db
    .select({ version: messages.version, node: messages.node, n: sql<number>`count(*)` })
    .from(messages)
    .where(and(eq(messages.scenarioId, scenarioId), inArray(messages.status, SENT_STATUSES), gte(messages.sentAt, from)))
    .groupBy(messages.version, messages.node)
    .all();
  for (const row of sent) {
    const group = groupOf(row.version, row.node);
    if (group) group.sent += row.n;
  }
  const held = db
    .select({ version: dailyCounters.version, node: dailyCounters.node, metric: dailyCounters.metric, n: sql<number>`sum(${dailyCounters.n})` })
    .from(dailyCounters)
    .where(
      and(
        eq(dailyCounters.scenarioId, scenarioId),
        between(dailyCounters.day, utcDayOf(from), utcDayOf(now)),
        or(like(dailyCounters.metric, 'skipped:%'), like(dailyCounters.metric, 'deferred:%')),
      ),
    )
    .groupBy(dailyCounters.version, dailyCounters.node, dailyCounters.metric)
    .all();
  for (const row of held) {
    const [outcome, rule] = row.metric.split(':') as ['skipped' | 'deferred', PressureRule];
    const group = groupOf(row.version, row.node);
    if (!group || !PRESSURE_RULES.includes(rule) || row.n === 0) continue;
    let line = group.held.find((h) => h.rule === rule);
    if (!line) group.held.push((line = { rule, skipped: 0, deferred: 0 }));
    line[outcome] += row.n;
  }
  const order = (g: TopicVolume) => `${Channel.options.indexOf(g.channel)}/${g.topic ?? ''}`;
  return [...groups.values()]
    .map((g) => ({ ...g, held: g.held.sort((a, b) => PRESSURE_RULES.indexOf(a.rule) - PRESSURE_RULES.indexOf(b.rule)) }))
    .sort((a, b) => order(a).localeCompare(order(b)));
}

/** The last `count` days in `zone`, oldest first, ending with the day holding `now`. */
function lastDays(now: number, zone: string, count: number): Day[] {
  const days = [dayOf(now, zone)];
  while (days.length < count) days.unshift(dayOf(days[0].start - 1, zone));
  return days;
}

/** A column per day: `when(day, i)` counted per channel, in one pass over the scenario's messages. */
function countPerDay(db: Db, days: Day[], where: SQL, when: (day: Day) => SQL): Map<string, number[]> {
  const columns = days.map((day, i) => sql`sum(case when ${when(day)} then 1 else 0 end) as ${sql.identifier(`d${i}`)}`);
  const rows = db.all<Record<string, number | string | null>>(
    sql`select ${messages.channel} as channel, ${sql.join(columns, sql`, `)} from ${messages} where ${where} group by ${messages.channel}`,
  );
  return new Map(rows.map((row) => [String(row.channel), days.map((_, i) => Number(row[`d${i}`] ?? 0))]));
}

/**
 * Per day and channel over the last `count` days in the scenario's time zone: what went out, what
 * the cap held back, and whether a finished day fell short of the minimum. Caps and time zone are
 * those of the latest published version (the draft's before any publish).
 */
export function volumeReport(db: Db, scenarioId: string, count: number, now: number): VolumeReport {
  const scenario = db.select({ draft: scenarios.draft }).from(scenarios).where(eq(scenarios.id, scenarioId)).get();
  if (!scenario) throw new NotFound(`scenario ${scenarioId}`);
  const settings = publishedVolumeSettings(db, scenarioId) ?? { timeZone: scenario.draft.settings.defaultTimeZone, caps: scenario.draft.settings.volumeCaps ?? [] };
  const firstPublish = db
    .select({ at: scenarioVersions.publishedAt })
    .from(scenarioVersions)
    .where(eq(scenarioVersions.scenarioId, scenarioId))
    .orderBy(asc(scenarioVersions.version))
    .limit(1)
    .get()?.at;
  const days = lastDays(now, settings.timeZone, count);
  const from = days[0].start;
  // A day's backlog is measured at its end, or just after now for today (instants are whole milliseconds).
  const cutoff = (day: Day) => Math.min(day.end, now + 1);

  const sent = countPerDay(
    db,
    days,
    and(eq(messages.scenarioId, scenarioId), inArray(messages.status, SENT_STATUSES), gte(messages.sentAt, from))!,
    (day) => sql`${messages.sentAt} >= ${day.start} and ${messages.sentAt} < ${day.end}`,
  );
  const backlog = countPerDay(
    db,
    days,
    and(eq(messages.scenarioId, scenarioId), notInArray(messages.status, [...UNSENT_STATUSES]), or(isNull(messages.sentAt), gte(messages.sentAt, from)))!,
    (day) => sql`${messages.createdAt} < ${cutoff(day)} and (${messages.sentAt} is null or ${messages.sentAt} >= ${cutoff(day)})`,
  );

  const channels = Channel.options.filter((c) => settings.caps.some((cap) => cap.channel === c) || sent.has(c) || backlog.has(c));
  return {
    scenarioId,
    timeZone: settings.timeZone,
    byTopic: topicVolume(db, scenarioId, from, now),
    days: days.map((day, i) => {
      const finished = day.end <= now;
      const live = firstPublish !== undefined && day.end > firstPublish;
      return {
        ...day,
        finished,
        channels: channels.map((channel) => {
          const cap = settings.caps.find((c) => c.channel === channel);
          const max = cap?.maxPerDay ?? null;
          const min = cap?.minPerDay ?? null;
          const sentThatDay = sent.get(channel)?.[i] ?? 0;
          return {
            channel,
            sent: sentThatDay,
            throttled: max !== null && sentThatDay >= max ? (backlog.get(channel)?.[i] ?? 0) : 0,
            min,
            max,
            underDelivered: finished && live && min !== null && sentThatDay < min,
          };
        }),
      };
    }),
  };
}
