import fc from 'fast-check';
import { it } from 'vitest';
import { caseArbitrary } from '../../shared/test/arbitraries/scenario.ts';
import { harness, publishScenario } from '../../server/test/helpers.ts';
import { parsedScenario, replay, simulatedResult } from '../../server/test/replay.ts';
it('prof', async () => {
  const t = { pub: 0, rep: 0, sim: 0, close: 0 };
  const byEntry: Record<string, number[]> = {};
  const h = harness();
  let n = 0;
  for (const c0 of fc.sample(caseArbitrary('generated'), { numRuns: 100, seed: 3 })) {
    n++;
    const c = { ...c0, scenario: { ...c0.scenario, id: 'g' + n, nodes: c0.scenario.nodes.filter(x => x.type !== 'action.scenario') }, contact: { ...c0.contact, id: 'c' + n } };
    if (c.scenario.nodes.length !== c0.scenario.nodes.length) continue;
    let a = performance.now(); let b;
    const s = parsedScenario(c.scenario); await publishScenario(h, c.scenario); b = performance.now(); t.pub += b - a; a = b;
    try { await replay(h, s, c); } catch (e) {}
    b = performance.now(); t.rep += b - a; (byEntry[c.scenario.nodes[0].type] ??= []).push(Math.round(b - a)); a = b;
    try { simulatedResult(s, c); } catch {}
    b = performance.now(); t.sim += b - a; a = b;
    await h.call('POST', `/scenarios/${c.scenario.id}/archive`);
    await h.call('DELETE', `/contacts/${c.contact.id}`);
    b = performance.now(); t.close += b - a;
  }
  console.log(n, t, byEntry);
}, 120000);
