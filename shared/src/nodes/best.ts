import { z } from 'zod';
import { failingPart } from '../conditions/describe.ts';
import { evaluateCondition } from '../conditions/evaluate.ts';
import { valueAt } from '../conditions/compare.ts';
import type { ContactFacts, Instant } from '../engine/types.ts';
import { Condition } from '../schema/conditions.ts';
import { Identifier } from '../schema/primitives.ts';
import { define } from './define.ts';

/** The output a next-best-action node takes when no candidate is eligible. */
export const BEST_FALLBACK = 'fallback';

const Candidate = z
  .object({
    id: Identifier.refine((id) => id !== BEST_FALLBACK, `"${BEST_FALLBACK}" is the name of the output taken when no candidate is eligible`),
    label: z.string().optional(),
    valuedBy: z
      .string()
      .min(1)
      .optional()
      .meta({ title: 'Valued by', description: "A score or numeric attribute of the contact (e.g. engagement_score); none: the offer's value alone" }),
    offerValue: z
      .number()
      .min(0)
      .max(1_000_000)
      .default(1)
      .meta({ title: 'Offer value', description: "What this action is worth when it works (margin, basket); the candidate's value is the attribute × this" }),
    eligibleWhen: Condition.optional().meta({ title: 'Eligible when', description: 'Only contacts meeting this condition may get this action; none: everyone' }),
  })
  .strict();

export const BestConfig = z.object({ candidates: z.array(Candidate).min(1).meta({ title: 'Candidates' }) }).strict();
export type BestConfig = z.infer<typeof BestConfig>;
type BestCandidate = BestConfig['candidates'][number];

/** One candidate as the ranking saw it: its value when eligible, else why not. */
export type CandidateVerdict =
  | { id: string; eligible: true; value: number; formula: string }
  | { id: string; eligible: false; why: string };

export interface BestChoice {
  /** The winning candidate's id, or `fallback`. */
  output: string;
  verdicts: CandidateVerdict[];
  /** Why the winner won and why each other lost, for the trace. */
  reason: string;
}

const figure = (n: number) => String(Number(n.toFixed(2)));

function judge(candidate: BestCandidate, contact: ContactFacts, now: Instant): CandidateVerdict {
  const { id, valuedBy, offerValue, eligibleWhen } = candidate;
  if (eligibleWhen && !evaluateCondition(eligibleWhen, contact, now)) return { id, eligible: false, why: `${failingPart(eligibleWhen, contact, now)} does not hold` };
  if (valuedBy === undefined) return { id, eligible: true, value: offerValue, formula: `offer value ${figure(offerValue)}` };
  const worth = valueAt(contact.attributes, valuedBy);
  // Without a number there is nothing to rank by: the candidate cannot be chosen rather than be valued at 0.
  if (typeof worth !== 'number' || !Number.isFinite(worth)) return { id, eligible: false, why: `no numeric ${valuedBy}` };
  return { id, eligible: true, value: worth * offerValue, formula: `${valuedBy} ${figure(worth)} × ${figure(offerValue)}` };
}

/**
 * The next best action for a contact now: each candidate eligible by its condition is valued (attribute ×
 * offer value); the highest value wins, ties going to the earlier candidate; none eligible: `fallback`.
 * Pure, so the simulator and the server choose alike.
 */
export function chooseBest(config: BestConfig, contact: ContactFacts, now: Instant): BestChoice {
  const verdicts = config.candidates.map((c) => judge(c, contact, now));
  let winner: Extract<CandidateVerdict, { eligible: true }> | undefined;
  for (const verdict of verdicts) if (verdict.eligible && (!winner || verdict.value > winner.value)) winner = verdict;
  const others = verdicts
    .filter((v) => v !== winner)
    .map((v) =>
      !v.eligible
        ? `${v.id} ineligible: ${v.why}`
        : v.value === winner!.value
          ? `${v.id} tied at ${figure(v.value)} (${v.formula}), ${winner!.id} comes first`
          : `${v.id} lost with ${figure(v.value)} (${v.formula})`,
    );
  const head = winner ? `${winner.id} won with ${figure(winner.value)} (${winner.formula})` : 'no candidate eligible';
  return { output: winner?.id ?? BEST_FALLBACK, verdicts, reason: [head, ...others].join('; ') };
}

export const BEST_NODES = [
  define('branch.best', BestConfig, {
    family: 'branch',
    title: 'Next best action',
    description: "Takes the eligible candidate of highest value (a score or attribute × the offer's value); none eligible: the fallback.",
    machine: 'best',
    outputs: (config) => [...config.candidates.map((c) => c.id), BEST_FALLBACK],
    defaultOutput: BEST_FALLBACK,
    starter: () => ({
      candidates: [
        { id: 'premium', label: 'Premium offer', valuedBy: 'score', offerValue: 3, eligibleWhen: { attribute: 'score', op: 'gte' as const, value: 50 } },
        { id: 'discount', label: 'Discount', valuedBy: 'score', offerValue: 1 },
      ],
    }),
    // The machine's guards take the winner (hooks.bestOutput); the trace step says why it won and the others lost.
    behaviour: (run, node) => run.record(node, 'branched', { reason: chooseBest(node.config, run.contact, run.now).reason }),
  }),
] as const;
