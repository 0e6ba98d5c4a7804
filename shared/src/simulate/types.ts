import type { CampaignSkipReason } from '../campaigns/api.ts';
import type { DigestContent } from '../engine/digest.ts';
import type { GlobalPolicy, Instant, TraceStep } from '../engine/types.ts';
import type { Channel } from '../schema/primitives.ts';
import type { ContactProfile, TimelineEntry } from '../schema/testcase.ts';
import type { SavedSegment } from '../segments/definition.ts';

export interface SimulationInput {
  contact: ContactProfile;
  events: TimelineEntry[];
  /** ISO instant where the virtual clock starts; default DEFAULT_SIMULATION_START. */
  start?: string;
  /** How long the virtual clock may run ("90d"); default "90d". */
  until?: string;
  policy?: GlobalPolicy;
  /** The saved segments whose membership the contact has (saved segment entries start on it), as the server keeps it. */
  segments?: readonly SavedSegment[];
}

export interface SimulatedMessage {
  at: Instant;
  node: string;
  channel: Channel;
  template?: string;
  pass: number;
  /** Why delivery would fail this send (the outbox's reason), e.g. a template variable the contact lacks. */
  failure?: string;
  /** For a send after a digest: what the digest collected, as the template reads it. */
  digest?: DigestContent;
}

export const SIMULATION_STATUSES = ['not_entered', 'active', 'exited', 'converted', 'completed'] as const;
export type SimulationStatus = (typeof SIMULATION_STATUSES)[number];

export interface SimulatedStep extends TraceStep {
  /** 1 for the first time the contact entered, 2 for a re-entry... */
  pass: number;
  /** For a `sent` step that delivery would fail: the reason, as on its message. */
  failure?: string;
}

export interface SimulatedRun {
  pass: number;
  correlation: string;
  status: Exclude<SimulationStatus, 'not_entered'>;
  /** For an active run: the node it waits at. */
  at: string | null;
}

/** A campaign start of the timeline: the journey started (the pass it began) or was skipped, with the campaign run's reason. */
export type SimulatedCampaignStart = { at: Instant; status: 'enrolled'; pass: number } | { at: Instant; status: 'skipped'; reason: CampaignSkipReason };

export interface SimulationResult {
  steps: SimulatedStep[];
  messages: SimulatedMessage[];
  status: SimulationStatus;
  /** For status "active": the node the contact waits at. */
  at: string | null;
  /** How many times the contact entered. */
  passes: number;
  /** Each run, oldest first: its pass, its correlation value ('' without one), where it stands or how it ended. */
  runs: SimulatedRun[];
  /** The timeline's campaign starts, in time order: each started the journey or says why it did not. */
  campaigns: SimulatedCampaignStart[];
  start: Instant;
  end: Instant;
}
