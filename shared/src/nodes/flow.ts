import { z } from 'zod';
import { GoalConfig, goalOutcome } from './goal.ts';
import { define } from './define.ts';

export const FLOW_NODES = [
  define(
    'flow.goal',
    GoalConfig,
    {
      family: 'flow',
      title: 'Goal',
      description:
        'Ends the journey. Doing its event at any time converts; reaching it converts only when its event happened in its window or its condition holds, otherwise the contact is counted as completed.',
      machine: 'final',
      outputs: [],
      starter: () => ({}),
      behaviour: (run, node) => {
        const { status, reason } = goalOutcome(run, node.config);
        run.finish(status);
        run.record(node, status, { reason });
      },
    },
  ),
  define('flow.exit', z.object({}).strict(), {
    family: 'flow',
    title: 'Exit',
    description: 'Ends the journey for the contact.',
    machine: 'final',
    outputs: [],
    starter: () => ({}),
    behaviour: (run, node) => {
      run.finish('exited');
      run.record(node, 'exited');
    },
  }),
] as const;
