import { compileScenario, entryEventMatcher, mayReactTo, parseDuration, scoreAttributesOf, type CompiledScenario, type SavedSegment, type ContactEvent, type FrequencyCap, type GlobalPolicy, type NodeOf, type ScenarioNode } from '@parcours/shared';
import { onChange } from '../db/changes.ts';
import type { Db } from '../db/open.ts';
import { liveVersions, publishedVersions, requireVersion } from '../store/scenarios.ts';
import { savedSegments } from '../store/segments.ts';

const longestCapOf = (caps: FrequencyCap[]) => caps.reduce((longest, cap) => Math.max(longest, parseDuration(cap.per)), 0);

/** A live scenario version that takes new contacts, with its compiled machine. */
export interface LiveEntry {
  scenarioId: string;
  version: number;
  compiled: CompiledScenario;
  entry: ScenarioNode;
}

interface LiveIndex {
  byId: Map<string, LiveEntry>;
  /** Entries an event starts (event triggers, saved segment entries) by event name. */
  byEvent: Map<string, LiveEntry[]>;
  segments: Array<LiveEntry & { entry: NodeOf<'entry.segment'> }>;
  dates: Array<LiveEntry & { entry: NodeOf<'entry.date'> }>;
  /** Attributes the live scenarios' score nodes write. */
  scores: Set<string>;
  /** Every published version: those that may hold contacts in flight. */
  published: CompiledScenario[];
}

/**
 * Compiled machines per scenario version (versions are immutable, so they are cached for good: a
 * contact in flight on version 1 keeps running version 1 after version 2 is published), and the
 * index of live entry triggers, rebuilt when a scenario is published or archived (announced as a change of
 * 'scenarios', by this process or another).
 */
export class VersionCache {
  private readonly compiledByVersion = new Map<string, CompiledScenario>();
  private live: LiveIndex | undefined;
  /** The saved segments whose membership every contact change keeps, read again after segmentsChanged(). */
  private segments: SavedSegment[] | undefined;
  /** The longest frequency-cap window of the scenario versions compiled so far. */
  private longestCap = 0;

  constructor(private readonly db: Db) {
    // A publish, an archive or a segment saved in any process (see announceChange).
    onChange(db, 'scenarios', () => (this.live = undefined));
    onChange(db, 'segments', () => (this.segments = undefined));
  }

  compiled(scenarioId: string, version: number): CompiledScenario {
    const key = `${scenarioId}@${version}`;
    let compiled = this.compiledByVersion.get(key);
    if (!compiled) {
      compiled = compileScenario(requireVersion(this.db, scenarioId, version));
      this.compiledByVersion.set(key, compiled);
      this.longestCap = Math.max(this.longestCap, longestCapOf(compiled.scenario.settings.frequencyCaps));
    }
    return compiled;
  }

  private index(): LiveIndex {
    if (this.live) return this.live;
    const published = publishedVersions(this.db).map(({ scenarioId, version }) => this.compiled(scenarioId, version));
    const index: LiveIndex = { byId: new Map(), byEvent: new Map(), segments: [], dates: [], scores: new Set(), published };
    for (const { scenarioId, version } of liveVersions(this.db)) {
      const compiled = this.compiled(scenarioId, version);
      const entry: LiveEntry = { scenarioId, version, compiled, entry: compiled.entry };
      index.byId.set(scenarioId, entry);
      const node = compiled.entry;
      const event = entryEventMatcher(node)?.event;
      if (event !== undefined) index.byEvent.set(event, [...(index.byEvent.get(event) ?? []), entry]);
      if (node.type === 'entry.segment') index.segments.push({ ...entry, entry: node });
      if (node.type === 'entry.date') index.dates.push({ ...entry, entry: node });
    }
    index.scores = scoreAttributesOf([...index.byId.values()].map((live) => live.compiled.scenario));
    this.live = index;
    return index;
  }

  savedSegments = (): SavedSegment[] => (this.segments ??= savedSegments(this.db));

  liveScenario = (scenarioId: string): LiveEntry | undefined => this.index().byId.get(scenarioId);
  /** One published version as an entry to start contacts on, live or not (a campaign run keeps the version it started with). */
  entryAt = (scenarioId: string, version: number): LiveEntry => {
    const compiled = this.compiled(scenarioId, version);
    return { scenarioId, version, compiled, entry: compiled.entry };
  };
  eventTriggers = (name: string): LiveEntry[] => this.index().byEvent.get(name) ?? [];
  segmentEntries = () => this.index().segments;
  dateEntries = () => this.index().dates;
  scoreAttributes = () => this.index().scores;
  /** Whether a journey live or in flight can react to the event (see the shared `mayReactTo`). */
  mayReactTo = (event: ContactEvent): boolean => mayReactTo(event, { eventEntries: this.eventTriggers(event.name), segmentEntries: this.segmentEntries() }, this.index().published);

  /** How far back a contact's sent messages matter: the longest frequency-cap window in use. */
  capWindow(policy: GlobalPolicy | undefined): number {
    return Math.max(this.longestCap, longestCapOf(policy?.frequencyCaps ?? []));
  }
}
