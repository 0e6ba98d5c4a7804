import { describe, expect, it } from 'vitest';
import type { Scenario } from '@parcours/shared';
import { autoLayout } from '../src/editor/layout.ts';
import { welcomeScenario } from './fixtures.ts';

describe('auto layout (elkjs)', () => {
  it('stacks a chain top to bottom without overlap', async () => {
    const p = await autoLayout(welcomeScenario());
    const ys = ['start', 'wait', 'mail', 'end'].map((id) => p[id].y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(96);
  });

  it('keeps a branch in the order of its outputs: the first output goes left', async () => {
    const s: Scenario = {
      ...welcomeScenario(),
      nodes: [
        { id: 'start', type: 'entry.api', config: {}, position: { x: 0, y: 0 } },
        { id: 'ask', type: 'wait.event', config: { event: 'redeemed', timeout: '7d' }, position: { x: 0, y: 0 } },
        // Declared in the opposite order of the outputs, so that model order alone would cross the edges.
        { id: 'late', type: 'flow.exit', config: {}, position: { x: 0, y: 0 } },
        { id: 'won', type: 'flow.goal', config: {}, position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
        { id: 'e3', source: 'ask', sourceHandle: 'timedOut', target: 'late' },
        { id: 'e2', source: 'ask', sourceHandle: 'happened', target: 'won' },
      ],
    };
    const p = await autoLayout(s);
    expect(p.won.x).toBeLessThan(p.late.x);
  });
});
