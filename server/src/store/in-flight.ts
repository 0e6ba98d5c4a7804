import { and, eq, gt } from 'drizzle-orm';
import { worded } from '../db/dialect.ts';
import type { Db } from '../db/open.ts';
import { perDatabase } from '../db/per-database.ts';
import { boundLimit, RawStatement, TableCodec } from '../db/raw-statement.ts';
import { insertTrace, type StepRow } from '../db/statements.ts';
import { enrolments, nodeCounters } from '../db/schema.ts';

/** How many contacts wait at each node of each version of a scenario, from the live counters (what the canvas shows). */
export function waitingByNode(db: Db, scenarioId: string): Array<{ version: number; node: string; contacts: number }> {
  return db
    .select({ version: nodeCounters.version, node: nodeCounters.node, contacts: nodeCounters.n })
    .from(nodeCounters)
    .where(and(eq(nodeCounters.scenarioId, scenarioId), eq(nodeCounters.output, ''), eq(nodeCounters.metric, 'waiting'), gt(nodeCounters.n, 0)))
    .orderBy(nodeCounters.version, nodeCounters.node)
    .all();
}

/** An active enrolment as a move reads it, with what its contact's wait times depend on. */
export interface WaitingEnrolment {
  id: number;
  version: number;
  node: string | null;
  snapshot: unknown;
  visited: string[] | null;
  dueAt: number | null;
  timerSeq: number | null;
  timeZone: string | null;
  /** The contact's attributes as stored (JSON): only a wait until a date attribute reads them. */
  attributesJson: string;
}

/** What a move writes of an enrolment: its new version, node, snapshot, counted nodes and timer. */
export interface MovedEnrolment {
  id: number;
  version: number;
  node: string;
  snapshot: unknown;
  visited: string[];
  dueAt: number | null;
  timerNode: string | null;
  timerSeq: number | null;
  now: number;
}

const enrolmentCodec = new TableCodec(enrolments);

function prepare(db: Db) {
  const sqlite = db.$client;
  return {
    // In id order from a cursor, through the table itself (the rowid range), a page at a time: a move of 100k contacts
    // then neither sorts them all nor holds them all in memory (measured: a third of its time went to the collector).
    // NOT INDEXED tells SQLite so; PostgreSQL's planner chooses by its statistics.
    waiting: new RawStatement<{ scenarioId: string; version: number; after: number; limit: number }, WaitingEnrolment>(
      sqlite.prepare(
        `SELECT e.id AS id, e.version AS version, e.node AS node, e.snapshot AS snapshot, e.visited AS visited, e.due_at AS dueAt, e.timer_seq AS timerSeq,
                c.time_zone AS timeZone, c.attributes AS attributesJson
         FROM enrolments e ${worded(sqlite, { sqlite: 'NOT INDEXED', postgres: '' })} JOIN contacts c ON c.id = e.contact_id
         WHERE e.id > @after AND e.scenario_id = @scenarioId AND e.status = 'active' AND e.version <> @version ORDER BY e.id ${boundLimit()}`,
      ),
      undefined,
      (row) => enrolmentCodec.decode(row) as unknown as WaitingEnrolment,
    ),
    move: new RawStatement<MovedEnrolment>(
      sqlite.prepare(
        `UPDATE enrolments SET version = @version, node = @node, snapshot = @snapshot, visited = @visited, updated_at = @now,
         due_at = @dueAt, timer_node = @timerNode, timer_seq = @timerSeq WHERE id = @id AND status = 'active'`,
      ),
      enrolmentCodec,
    ),
  };
}

const moveStatements = perDatabase(prepare);

/** Up to `limit` active enrolments of a scenario on versions other than `version`, in id order after the id `after`. */
export const enrolmentsOffVersion = (db: Db, scenarioId: string, version: number, after: number, limit: number): WaitingEnrolment[] =>
  moveStatements(db).waiting.all({ scenarioId, version, after, limit });

/** What the trace (a contact's timeline) keeps of a move: where and when it landed, and where it came from in words. */
export type MoveTrace = Pick<StepRow, 'scenarioId' | 'version' | 'at' | 'node' | 'type' | 'outcome' | 'reason' | 'until'>;

/** Writes an enrolment's state on the new version and the trace row of its move; must run in the move's transaction. */
export function writeMovedEnrolment(db: Db, moved: MovedEnrolment, trace: MoveTrace): void {
  moveStatements(db).move.run(moved);
  insertTrace(db, { enrolmentId: moved.id, scenarioId: trace.scenarioId, version: trace.version }, [trace]);
}
