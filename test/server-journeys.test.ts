import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, publishScenario, scenarioFile, type Harness } from '../server/test/helpers.ts';
import { parsedScenario, replay, simulatedResult } from '../server/test/replay.ts';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

/**
 * The server runs the same engine as the simulator: for every saved test case of the example
 * scenarios, a contact replayed through the HTTP API on the scheduler's clock takes exactly the
 * simulated path (same steps, times, reasons and messages) and ends in the same state.
 */
describe.each(['welcome', 'abandoned-cart', 'birthday', 'multichannel', 'post-purchase', 'renewal', 'visitor-nurture', 'win-back'])('%s: server trace equals simulate()', (name) => {
  const file = scenarioFile(name);
  const scenario = parsedScenario(file);
  it.each(scenario.tests.map((t) => [t.name, t] as const))('%s', async (_name, testCase) => {
    await publishScenario(h, file);
    const server = await replay(h, scenario, testCase);
    const simulated = simulatedResult(scenario, testCase);
    expect(server.steps.length > 0).toBe(simulated.status !== 'not_entered');
    expect(server).toEqual(simulated);
    // The scenario's own expectations hold on the server too.
    if (testCase.expect.status) expect(server.status).toBe(testCase.expect.status);
    if (testCase.expect.path) expect(server.steps.map((s) => s.node).filter((n, i, all) => n !== all[i - 1])).toEqual(testCase.expect.path);
  });
});
