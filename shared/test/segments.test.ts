import { describe, expect, it } from 'vitest';
import { estimateSize, historyReadBy, simulate, type Scenario } from '../src/index.ts';
import { validateScenario } from '../src/index.ts';

describe('segment size estimates', () => {
  it('is exact when every contact was evaluated', () => {
    expect(estimateSize(12, 30, 30)).toEqual({ size: 12, method: 'exact', evaluated: 30, contacts: 30, margin: 0 });
  });

  it('scales a sample to the contacts with its 95 % margin, narrower as the sample nears everyone', () => {
    const wide = estimateSize(1000, 5000, 1_000_000);
    expect(wide).toMatchObject({ size: 200_000, method: 'sample' });
    // 1.96 × sqrt(0.2 × 0.8 / 5000) ≈ 1.1 % of a million.
    expect(wide.margin).toBeGreaterThan(11_000);
    expect(wide.margin).toBeLessThan(11_200);
    expect(estimateSize(1000, 5000, 6000).margin).toBeLessThan(estimateSize(1000, 5000, 60_000).margin);
    // Nobody matching in the sample still bounds how many could.
    expect(estimateSize(0, 5000, 1_000_000).margin).toBeGreaterThan(590);
    expect(estimateSize(0, 5000, 1_000_000).margin).toBeLessThanOrEqual(600);
  });

  it('reads the event history as far back as the longest window, or for good without one', () => {
    expect(historyReadBy({ attribute: 'plan', op: 'eq', value: 'pro' })).toBe(0);
    expect(historyReadBy({ any: [{ event: 'a', within: '7d' }, { not: { event: 'b', within: '30d' } }] })).toBe(30 * 86_400_000);
    expect(historyReadBy({ all: [{ event: 'a', within: '7d' }, { event: 'b' }] })).toBe(Infinity);
  });
});

describe('the simulator keeps saved segment membership like the server', () => {
  const scenario = validateScenario({
    schemaVersion: 1,
    id: 'lapsed',
    name: 'Lapsed',
    nodes: [
      { id: 'start', type: 'entry.membership', config: { segment: 'lapsed' } },
      { id: 'done', type: 'flow.exit', config: {} },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'done' }],
  }).scenario as Scenario;

  it('enters the journey when time moves the window past the last visit, not before', () => {
    const segments = [{ id: 'lapsed', condition: { all: [{ attribute: 'plan', op: 'eq' as const, value: 'pro' }, { not: { event: 'visit', within: '3d' } }] } }];
    const result = simulate(scenario, { contact: { id: 'c', attributes: { plan: 'pro' }, consents: {}, lists: [] }, events: [{ at: '2026-01-05T07:00:00Z', event: 'visit', properties: {} }], segments, until: '10d' });
    expect(result.steps[0]).toMatchObject({ node: 'start', outcome: 'entered', at: Date.parse('2026-01-05T07:00:00Z') + 3 * 86_400_000 + 1 });
    expect(simulate(scenario, { contact: { id: 'c', attributes: { plan: 'pro' }, consents: {}, lists: [] }, events: [], until: '10d' }).status).toBe('not_entered');
  });
});
