import { z } from 'zod';
import { PropertyFilter } from '../schema/conditions.ts';
import { define } from './define.ts';

export const FLOW_NODES = [
  define('flow.goal', z.object({ event: z.string().min(1).optional(), where: z.array(PropertyFilter).optional() }).strict(), {
    family: 'flow',
    title: 'Goal',
    description: 'A conversion: reaching it, or doing its event at any time, converts and exits the contact.',
    machine: 'final',
    outputs: [],
    starter: () => ({}),
    // A goal reached by its own event says so; one reached by an edge is a conversion too.
    behaviour: (run, node) => {
      run.finish('converted');
      const byEvent = run.event && node.config.event === run.event.name;
      run.record(node, 'converted', { reason: byEvent ? `goal event ${run.event!.name}` : 'reached the goal' });
    },
  }),
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
