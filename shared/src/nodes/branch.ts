import { z } from 'zod';
import { Condition } from '../schema/conditions.ts';
import { Identifier } from '../schema/primitives.ts';
import { blankCondition, define, recordOnly } from './define.ts';

const branched = recordOnly('branched');

export const BRANCH_NODES = [
  define('branch.condition', z.object({ condition: Condition }).strict(), {
    family: 'branch',
    title: 'Condition',
    description: 'Yes / no on attributes, lists or event history.',
    machine: 'condition',
    outputs: ['yes', 'no'],
    defaultOutput: 'no',
    starter: () => ({ condition: blankCondition }),
    behaviour: branched,
  }),
  define(
    'branch.switch',
    z
      .object({
        cases: z
          .array(
            z
              .object({
                id: Identifier.refine((id) => id !== 'default', '"default" is the name of the fallback output'),
                label: z.string().optional(),
                condition: Condition,
              })
              .strict(),
          )
          .min(1),
      })
      .strict(),
    {
      family: 'branch',
      title: 'Multi-way switch',
      description: 'The first matching case wins; otherwise the default output.',
      machine: 'switch',
      outputs: (config) => [...config.cases.map((c) => c.id), 'default'],
      defaultOutput: 'default',
      starter: () => ({ cases: [{ id: 'case1', label: 'Case 1', condition: blankCondition }] }),
      behaviour: branched,
    },
  ),
  define(
    'branch.split',
    z
      .object({
        variants: z
          .array(
            z
              .object({
                id: Identifier,
                label: z.string().optional(),
                percent: z.number().min(0).max(100).meta({ description: '0–100; the arms should add up to 100' }),
                /** A holdout arm: counted for comparison, meant to receive nothing. */
                control: z.boolean().default(false),
              })
              .strict(),
          )
          .min(2),
      })
      .strict(),
    {
      family: 'branch',
      title: 'Random split',
      description: 'A/B/n split by percentage, deterministic per contact; an arm may be a control group.',
      machine: 'split',
      outputs: (config) => config.variants.map((v) => v.id),
      starter: () => ({
        variants: [
          { id: 'a', label: 'A', percent: 50, control: false },
          { id: 'b', label: 'B', percent: 50, control: false },
        ],
      }),
      behaviour: branched,
    },
  ),
] as const;
