import { and, asc, desc, eq, max, sql } from 'drizzle-orm';
import {
  formatPath,
  validateScenario,
  type DraftScenario,
  type Scenario,
  type ScenarioNode,
  type ScenarioDetail,
  type ScenarioSummary,
  type TemplateLibrary,
  type ValidationError,
  type ValidationResult,
} from '@parcours/shared';
import { attributeCatalogue } from './attributes.ts';
import { inTransaction, type Db } from '../db/open.ts';
import { scenarios, scenarioVersions } from '../db/schema.ts';
import { scheduleEntryBackfill } from './entry-backfills.ts';
import { savedSegments } from './segments.ts';
import { Conflict, InvalidScenario, NotFound, type Issue } from '../domain/errors.ts';

const toIssue = (e: ValidationError): Issue => ({
  path: e.path ?? [],
  message: e.message,
  ...(e.nodeId ? { nodeId: e.nodeId } : {}),
  ...(e.edgeId ? { edgeId: e.edgeId } : {}),
});

export function invalidScenario(message: string, errors: ValidationError[]): InvalidScenario {
  const first = errors[0];
  return new InvalidScenario(first ? `${message}: ${first.path?.length ? `${formatPath(first.path)}: ` : ''}${first.message}` : message, errors.map(toIssue));
}

const knownScenarios = (db: Db) => db.select({ id: scenarios.id }).from(scenarios).all().map((r) => r.id);

/**
 * Validation against what the workspace knows: its scenarios (for "start scenario" nodes), its saved segments (for
 * saved segment entries) and its attribute catalogue.
 */
const check = (db: Db, input: unknown, also: string[] = []): ValidationResult =>
  validateScenario(input, { knownScenarios: [...knownScenarios(db), ...also], knownSegments: savedSegments(db).map((s) => s.id), attributes: attributeCatalogue(db) });

/**
 * Reads a scenario body as a draft: a wrong shape (a field of the wrong type, an unknown node type) is refused
 * with 422 and located issues; incomplete node configs (an Email node without its template yet) and graph errors
 * (a dangling output...) are allowed in a draft and reported in its `validation`.
 */
export function parseScenarioBody(db: Db, body: unknown): DraftScenario {
  const id = typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined;
  const result = validateScenario(body, { knownScenarios: [...knownScenarios(db), ...(typeof id === 'string' ? [id] : [])] });
  if (!result.draft) throw invalidScenario('the scenario does not match the schema', result.errors.filter((e) => !isInsideNodeConfig(e)));
  return result.draft;
}

/** An error a draft may carry: inside `nodes[i].config`. */
const isInsideNodeConfig = (e: ValidationError) => e.path?.[0] === 'nodes' && e.path[2] === 'config';

export function latestVersionOf(db: Db, id: string): number | null {
  const [row] = db.select({ v: max(scenarioVersions.version) }).from(scenarioVersions).where(eq(scenarioVersions.scenarioId, id)).all();
  return row?.v ?? null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const ownedBy = (campaign: string | null) => (campaign ? { campaign } : {});

export function listScenarios(db: Db): ScenarioSummary[] {
  const latest = db
    .select({ scenarioId: scenarioVersions.scenarioId, v: max(scenarioVersions.version).as('v') })
    .from(scenarioVersions)
    .groupBy(scenarioVersions.scenarioId)
    .as('latest');
  return db
    .select({ id: scenarios.id, name: scenarios.name, status: scenarios.status, updatedAt: scenarios.updatedAt, tags: scenarios.tags, campaign: scenarios.campaign, v: latest.v })
    .from(scenarios)
    .leftJoin(latest, eq(latest.scenarioId, scenarios.id))
    .orderBy(asc(scenarios.name))
    .all()
    .map((r) => ({ id: r.id, name: r.name, status: r.status, latestVersion: r.v ?? null, updatedAt: iso(r.updatedAt), tags: r.tags, ...ownedBy(r.campaign) }));
}

/** The scenario with its draft validated, and the draft parsed as a runnable scenario when it is one. */
function examine(db: Db, id: string): { detail: ScenarioDetail; scenario?: Scenario } {
  const row = db.select().from(scenarios).where(eq(scenarios.id, id)).get();
  if (!row) throw new NotFound(`scenario ${id}`);
  const { ok, errors, warnings, scenario } = check(db, row.draft);
  const detail = {
    id: row.id,
    name: row.name,
    status: row.status,
    latestVersion: latestVersionOf(db, id),
    updatedAt: iso(row.updatedAt),
    tags: row.tags,
    ...ownedBy(row.campaign),
    draft: row.draft,
    validation: { ok, errors, warnings },
  };
  return { detail, ...(ok && scenario ? { scenario } : {}) };
}

export const getScenario = (db: Db, id: string): ScenarioDetail => examine(db, id).detail;

/** The draft as a scenario the engine can run, or a 422 saying what `action` needs fixed first. */
export function runnableDraft(db: Db, id: string, action: string): { detail: ScenarioDetail; scenario: Scenario } {
  const { detail, scenario } = examine(db, id);
  if (!scenario) throw invalidScenario(action, detail.validation.errors);
  return { detail, scenario };
}

/** The templates of every scenario's draft, scenarios by name: the library message nodes reuse templates from. */
export function templateLibrary(db: Db): TemplateLibrary['items'] {
  return db
    .select({ id: scenarios.id, name: scenarios.name, draft: scenarios.draft })
    .from(scenarios)
    .orderBy(asc(scenarios.name))
    .all()
    .flatMap((row) => (row.draft.templates ?? []).map((template) => ({ scenarioId: row.id, scenarioName: row.name, template })));
}

export const scenarioExists = (db: Db, id: string) => !!db.select({ id: scenarios.id }).from(scenarios).where(eq(scenarios.id, id)).get();

/** Creates a scenario as a draft; `campaign`: a message campaign's own journey, changed only through that campaign. */
export function createScenario(db: Db, scenario: DraftScenario, now: number, campaign?: string): void {
  if (scenarioExists(db, scenario.id)) throw new Conflict(`scenario ${scenario.id} already exists`);
  db.insert(scenarios).values({ id: scenario.id, name: scenario.name, status: 'draft', draft: scenario, campaign: campaign ?? null, createdAt: now, updatedAt: now }).run();
}

/** The message campaign whose journey this is, if it is one. */
export const owningCampaign = (db: Db, id: string): string | undefined =>
  db.select({ campaign: scenarios.campaign }).from(scenarios).where(eq(scenarios.id, id)).get()?.campaign ?? undefined;

/** Refuses a change to a message campaign's own journey made other than through its campaign. */
export function refuseIfOwned(db: Db, id: string): void {
  const campaign = owningCampaign(db, id);
  if (campaign) throw new Conflict(`scenario ${id} is the journey of message campaign ${campaign}: change it by editing the campaign`);
}

export function saveDraft(db: Db, id: string, scenario: DraftScenario, now: number): void {
  if (scenario.id !== id) {
    throw new InvalidScenario(`id: the body's id "${scenario.id}" differs from the URL's "${id}"`, [
      { path: ['id'], message: `must be "${id}"` },
    ]);
  }
  const changed = db.update(scenarios).set({ draft: scenario, name: scenario.name, updatedAt: now }).where(eq(scenarios.id, id)).run();
  if (changed.changes === 0) throw new NotFound(`scenario ${id}`);
}

/** Replaces the scenario's tags (duplicates dropped, first spelling kept). Tags are not a change of the scenario. */
export function setTags(db: Db, id: string, tags: string[]): void {
  const changed = db.update(scenarios).set({ tags: [...new Set(tags)] }).where(eq(scenarios.id, id)).run();
  if (changed.changes === 0) throw new NotFound(`scenario ${id}`);
}

export function validateDraft(db: Db, id: string) {
  return getScenario(db, id).validation;
}

/** The version a draft is published as: the latest when the draft equals it (nothing new is published), else the next. */
export function versionOnPublish(db: Db, id: string, draft: Scenario): number {
  const latest = latestVersionOf(db, id);
  if (latest === null) return 1;
  return JSON.stringify(getVersion(db, id, latest)) === JSON.stringify(draft) ? latest : latest + 1;
}

/**
 * Publishes the draft as a new immutable version and makes the scenario live. Publishing a draft
 * identical to the latest version adds no version.
 */
export function publish(
  db: Db,
  id: string,
  now: number,
  about: { note?: string; author?: string | null; /** A reviewed snapshot to publish instead of the draft (which must be runnable still). */ definition?: Scenario } = {},
): { version: number; created: boolean } {
  return inTransaction(db, () => {
    const { detail, scenario: draft } = runnableDraft(db, id, 'the scenario cannot be published');
    const scenario = about.definition ?? draft;
    const version = versionOnPublish(db, id, scenario);
    const same = version === detail.latestVersion;
    if (!same) db.insert(scenarioVersions).values({ scenarioId: id, version, definition: scenario, publishedAt: now, note: about.note || null, author: about.author ?? null }).run();
    // Going live (a new version, or again after an archive) over existing contacts: their date entries and segment re-checks are
    // backfilled, and a saved segment entry that asks for it enrols the segment's members.
    const backfilled = (n: ScenarioNode) => n.type === 'entry.date' || n.type === 'entry.segment' || (n.type === 'entry.membership' && n.config.enrolExisting);
    if ((!same || detail.status !== 'live') && scenario.nodes.some(backfilled)) {
      scheduleEntryBackfill(db, id, version, now);
    }
    db.update(scenarios).set({ status: 'live', updatedAt: now }).where(eq(scenarios.id, id)).run();
    return { version, created: !same };
  });
}

export function archive(db: Db, id: string, now: number): void {
  const changed = db.update(scenarios).set({ status: 'archived', updatedAt: now }).where(eq(scenarios.id, id)).run();
  if (changed.changes === 0) throw new NotFound(`scenario ${id}`);
}

export function listVersions(db: Db, id: string) {
  if (!scenarioExists(db, id)) throw new NotFound(`scenario ${id}`);
  return db
    .select({ version: scenarioVersions.version, publishedAt: scenarioVersions.publishedAt, note: scenarioVersions.note, author: scenarioVersions.author })
    .from(scenarioVersions)
    .where(eq(scenarioVersions.scenarioId, id))
    .orderBy(desc(scenarioVersions.version))
    .all()
    .map((r) => ({ version: r.version, publishedAt: iso(r.publishedAt), ...(r.note ? { note: r.note } : {}), ...(r.author ? { author: r.author } : {}) }));
}

export function getVersion(db: Db, id: string, version: number): Scenario | undefined {
  return db
    .select({ definition: scenarioVersions.definition })
    .from(scenarioVersions)
    .where(and(eq(scenarioVersions.scenarioId, id), eq(scenarioVersions.version, version)))
    .get()?.definition;
}

export function requireVersion(db: Db, id: string, version: number): Scenario {
  const scenario = getVersion(db, id, version);
  if (!scenario) throw new NotFound(`version ${version} of scenario ${id}`);
  return scenario;
}

export interface LiveVersion {
  scenarioId: string;
  version: number;
  scenario: Scenario;
}

/** The latest version of every live scenario: the ones that take new contacts. */
/** Every version ever published, each as (scenario, version): any may still hold contacts in flight. */
export function publishedVersions(db: Db): Array<{ scenarioId: string; version: number }> {
  return db.select({ scenarioId: scenarioVersions.scenarioId, version: scenarioVersions.version }).from(scenarioVersions).all();
}

export function liveVersions(db: Db): LiveVersion[] {
  return db
    .select({ scenarioId: scenarioVersions.scenarioId, version: scenarioVersions.version, scenario: scenarioVersions.definition })
    .from(scenarioVersions)
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(
      and(
        eq(scenarios.status, 'live'),
        eq(scenarioVersions.version, sql`(select max(v2.version) from ${scenarioVersions} v2 where v2.scenario_id = ${scenarios.id})`),
      ),
    )
    .all();
}

/** Every version ever published, archived scenarios' too: what a contact may still run, conservatively. */
export function publishedDefinitions(db: Db): Scenario[] {
  return db.select({ scenario: scenarioVersions.definition }).from(scenarioVersions).all().map((row) => row.scenario);
}
