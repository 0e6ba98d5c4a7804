import type { StepResult } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import type { CounterMetric, EnrolmentStatus } from '../db/schema.ts';
import { statements } from '../db/statements.ts';

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
 * transaction: one upsert per distinct counter, however many steps moved it.
 */
export class CounterDeltas {
  private readonly deltas = new Map<string, { scenarioId: string; version: number; node: string; output: string; metric: CounterMetric; n: number }>();

  add(scenarioId: string, version: number, node: string, output: string, metric: CounterMetric, n: number): void {
    const key = `${scenarioId}\u0000${version}\u0000${node}\u0000${output}\u0000${metric}`;
    const delta = this.deltas.get(key);
    if (delta) delta.n += n;
    else this.deltas.set(key, { scenarioId, version, node, output, metric, n });
  }

  /**
   * Counts what a step did to an enrolment (`before`: the row as the step found it) and returns
   * the enrolment's new visited set (null once it has ended). An enrolment counts once per node
   * and per output however often it passes (loops); its conversion counts at every node and output
   * it reached. So the counts are those of distinct enrolments in the trace, without reading it.
   */
  step(before: CountedEnrolment, result: Pick<StepResult, 'status' | 'node' | 'steps'>): string[] | null {
    const { scenarioId, version } = before;
    const add = (node: string, output: string, metric: CounterMetric, n = 1) => this.add(scenarioId, version, node, output, metric, n);
    const visited = before.visited ?? [];
    // A handful of keys: a linear search costs less than building a set at every step.
    const reach = (key: string, node: string, output: string, metric: CounterMetric) => {
      if (visited.includes(key)) return;
      visited.push(key);
      add(node, output, metric);
    };
    for (const s of result.steps) {
      reach(s.node, s.node, '', 'entered');
      if (s.output !== undefined) reach(outputKey(s.node, s.output), s.node, s.output, 'taken');
      // Sends decided, every one (not per enrolment): what a message node did, and which rule held one back.
      if (s.outcome === 'sent' || s.outcome === 'deferred') add(s.node, '', s.outcome);
      else if (s.outcome === 'skipped') {
        add(s.node, '', 'skipped');
        if (s.rule) add(s.node, '', `skipped:${s.rule}`);
      }
    }
    if (before.status === 'active' && before.node !== null) add(before.node, '', 'waiting', -1);
    if (result.status === 'active') {
      if (result.node !== null) add(result.node, '', 'waiting', 1);
      return visited;
    }
    if ((result.status === 'exited' || result.status === 'completed') && result.node !== null) add(result.node, '', result.status);
    if (result.status === 'converted') {
      for (const key of visited) {
        const [node, output = ''] = key.split(':');
        add(node, output, 'converted');
      }
    }
    return null;
  }

  /**
   * A delivery that did not go out after all: a send the step counted as sent failed after its tries,
   * or was skipped because the contact withdrew consent meanwhile or its address was suppressed (`rule`).
   */
  delivery(message: { scenarioId: string; version: number; node: string }, status: 'failed' | 'skipped', rule: 'consent' | 'suppressed'): void {
    const add = (metric: CounterMetric, n: number) => this.add(message.scenarioId, message.version, message.node, '', metric, n);
    add('sent', -1);
    add(status, 1);
    if (status === 'skipped') add(`skipped:${rule}`, 1);
  }

  /** Writes the summed changes; must run inside the transaction of the steps they count. */
  flush(db: Db): void {
    const { bumpCounter } = statements(db);
    for (const delta of this.deltas.values()) if (delta.n !== 0) bumpCounter.run(delta);
    this.deltas.clear();
  }
}
