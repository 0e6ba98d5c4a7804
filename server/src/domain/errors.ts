/**
 * What the domain (store, runtime, delivery) refuses, in its own words. None of these knows HTTP:
 * the HTTP edge (http/errors.ts) gives each kind its status and answer body, in one place.
 */

import type { PathSegment } from '@parcours/shared';

/** One located problem: where it is (a field path as segments, a node, an edge) and what is wrong there. */
export interface Issue {
  path: PathSegment[];
  message: string;
  nodeId?: string;
  edgeId?: string;
}

export abstract class DomainError extends Error {}

/** The thing asked for does not exist ("scenario welcome", "contact c1"). */
export class NotFound extends DomainError {
  constructor(readonly what: string) {
    super(`${what} not found`);
  }
}

/** The request contradicts what is stored (an id already taken, a key revoking itself). */
export class Conflict extends DomainError {}

/** The scenario takes no contacts: it was never published, or it was archived. */
export class NotLive extends DomainError {
  constructor(readonly scenarioId: string) {
    super(`scenario ${scenarioId} is not live: publish it first`);
  }
}

/** A scenario (or one of its templates) the engine cannot run or store as asked, with located issues. */
export class InvalidScenario extends DomainError {
  constructor(
    message: string,
    readonly issues: Issue[],
    /** `invalid_scenario`, or the more precise code of a template problem ("template_syntax"...). */
    readonly code = 'invalid_scenario',
  ) {
    super(message);
  }
}

/** Saved test cases of the draft fail: one issue per failing case. */
export class CasesFailed extends DomainError {
  constructor(
    message: string,
    readonly issues: Issue[],
  ) {
    super(message);
  }
}
