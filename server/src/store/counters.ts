import { dayOf, type StepResult } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import type { CounterMetric, DailyCounterMetric, EnrolmentStatus } from '../db/schema.ts';
import { statements } from '../db/statements.ts';
import type { DeliveryRule } from './outbox.ts';

/** What the counters need of an enrolment row: where it stood before a step, and what it had reached. */
interface CountedEnrolment {
  scenarioId: string;
  version: number;
  status: EnrolmentStatus;
  node: string | null;
  visited: string[] | null;
}

const outputKey = (node: string, output: string) => `${node}:${output}`;

/**
 * Counter changes of one unit of work, summed per counter and written once, at its end, inside its
 * transaction: one upsert per distinct counter, however many steps moved it. The same for the daily
 * counters of the analytics page.
 */
export class CounterDeltas {
  private readonly deltas = new Map<string, { scenarioId: string; version: number; node: string; output: string; metric: CounterMetric; n: number }>();
  private readonly daily = new Map<string, { scenarioId: string; day: number; version: number; node: string; metric: DailyCounterMetric; n: number }>();

  add(scenarioId: string, version: number, node: string, output: string, metric: CounterMetric, n: number): void {
    const key = `${scenarioId}\u0000${version}\u0000${node}\u0000${output}\u0000${metric}`;
    const delta = this.deltas.get(key);
    if (delta) delta.n += n;
    else this.deltas.set(key, { scenarioId, version, node, output, metric, n });
  }

  /** A change of a daily counter, on the UTC day of `at`. */
  addDaily(scenarioId: string, version: number, at: number, node: string, metric: DailyCounterMetric, n: number): void {
    const day = dayOf(at);
    const key = `${scenarioId}\u0000${day}\u0000${version}\u0000${node}\u0000${metric}`;
    const delta = this.daily.get(key);
    if (delta) delta.n += n;
    else this.daily.set(key, { scenarioId, day, version, node, metric, n });
  }

  /**
   * Counts what a step did to an enrolment (`before`: the row as the step found it) and returns
   * the enrolment's new visited set (null once it has ended). An enrolment counts once per node
   * and per output however often it passes (loops); its conversion (and `revenue`, in hundredths) counts
   * at every node and output it reached. So the counts are those of distinct enrolments in the trace,
   * without reading it. The daily counters take the entry, the sends and the end, on the day of each
   * (`now` for the end when the step recorded nothing).
   */
  step(before: CountedEnrolment, result: Pick<StepResult, 'status' | 'node' | 'steps'>, now: number, revenue = 0): string[] | null {
    const { scenarioId, version } = before;
    const add = (node: string, output: string, metric: CounterMetric, n = 1) => this.add(scenarioId, version, node, output, metric, n);
    const daily = (at: number, node: string, metric: DailyCounterMetric, n = 1) => this.addDaily(scenarioId, version, at, node, metric, n);
    const visited = before.visited ?? [];
    // A handful of keys: a linear search costs less than building a set at every step.
    const reach = (key: string, node: string, output: string, metric: CounterMetric) => {
      if (visited.includes(key)) return;
      visited.push(key);
      add(node, output, metric);
    };
    for (const s of result.steps) {
      // The journey's entry: its entry node, which an enrolment reaches once.
      if (s.type.startsWith('entry.') && !visited.includes(s.node)) daily(s.at, '', 'entered');
      reach(s.node, s.node, '', 'entered');
      if (s.output !== undefined) reach(outputKey(s.node, s.output), s.node, s.output, 'taken');
      // Sends decided, every one (not per enrolment): what a message node did, and which rule held one back.
      if (s.outcome === 'sent' || s.outcome === 'deferred') {
        add(s.node, '', s.outcome);
        daily(s.at, s.node, s.outcome);
        if (s.outcome === 'deferred' && s.rule) daily(s.at, s.node, `deferred:${s.rule}`);
      } else if (s.outcome === 'skipped') {
        add(s.node, '', 'skipped');
        daily(s.at, s.node, 'skipped');
        if (s.rule) {
          add(s.node, '', `skipped:${s.rule}`);
          daily(s.at, s.node, `skipped:${s.rule}`);
        }
      }
    }
    if (before.status === 'active' && before.node !== null) add(before.node, '', 'waiting', -1);
    if (result.status === 'active') {
      if (result.node !== null) add(result.node, '', 'waiting', 1);
      return visited;
    }
    const endedAt = result.steps.at(-1)?.at ?? now;
    if (result.node !== null) daily(endedAt, result.node, result.status);
    if ((result.status === 'exited' || result.status === 'completed') && result.node !== null) add(result.node, '', result.status);
    if (result.status === 'converted') {
      for (const key of visited) {
        const [node, output = ''] = key.split(':');
        add(node, output, 'converted');
        if (revenue !== 0) add(node, output, 'revenue', revenue);
      }
      if (revenue !== 0 && result.node !== null) daily(endedAt, result.node, 'revenue', revenue);
    }
    return null;
  }

  /**
   * A delivery that did not go out after all: a send the step counted as sent failed after its tries,
   * or was skipped because the contact withdrew consent, opted out, chose a rarer frequency meanwhile or its address
   * was suppressed (`rule`).
   */
  delivery(message: { scenarioId: string; version: number; node: string; createdAt: number }, status: 'failed' | 'skipped', rule: DeliveryRule): void {
    const add = (metric: CounterMetric, n: number) => this.add(message.scenarioId, message.version, message.node, '', metric, n);
    // On the day the send was counted, so a day's sends are split by what became of them.
    const daily = (metric: DailyCounterMetric, n: number) => this.addDaily(message.scenarioId, message.version, message.createdAt, message.node, metric, n);
    add('sent', -1);
    add(status, 1);
    daily('sent', -1);
    daily(status, 1);
    if (status === 'skipped') {
      add(`skipped:${rule}`, 1);
      daily(`skipped:${rule}`, 1);
    }
  }

  /** Writes the summed changes; must run inside the transaction of the steps they count. */
  flush(db: Db): void {
    const q = statements(db);
    const moved = <T extends { n: number }>(deltas: Map<string, T>) => [...deltas.values()].filter((delta) => delta.n !== 0);
    const counters = moved(this.deltas);
    const daily = moved(this.daily);
    // In one statement per table where a statement is a round trip (PostgreSQL), else one per counter.
    if (q.bumpCounters && counters.length > 1) q.bumpCounters.run({ rows: JSON.stringify(counters.map((d) => [d.scenarioId, d.version, d.node, d.output, d.metric, d.n])) });
    else for (const delta of counters) q.bumpCounter.run(delta);
    if (q.bumpDailyCounters && daily.length > 1) q.bumpDailyCounters.run({ rows: JSON.stringify(daily.map((d) => [d.scenarioId, d.day, d.version, d.node, d.metric, d.n])) });
    else for (const delta of daily) q.bumpDailyCounter.run(delta);
    this.deltas.clear();
    this.daily.clear();
  }
}
