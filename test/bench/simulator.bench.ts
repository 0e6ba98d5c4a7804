/**
 * pnpm bench:sim — compile time of a generated 300-node scenario, and simulated contact-steps per
 * second over many contacts of the welcome and abandoned-cart examples. Baseline, measured in the
 * same run because this machine is shared and noisy: raw XState actor transitions per second on a
 * three-state machine, the floor any XState-based engine pays per step.
 */
import { readFileSync } from 'node:fs';
import { createActor, createMachine } from 'xstate';
import { compileScenario, Scenario, simulate, type TestCase } from '@parcours/shared';
import { generateScenario } from './generated-scenario.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

function xstateBaseline(): number {
  const machine = createMachine({
    initial: 'a',
    states: { a: { on: { NEXT: 'b' } }, b: { on: { NEXT: 'c' } }, c: { on: { NEXT: 'a' } } },
  });
  const actor = createActor(machine).start();
  const transitions = 300_000;
  const { ms } = time(() => {
    for (let i = 0; i < transitions; i++) actor.send({ type: 'NEXT' });
  });
  return (transitions / ms) * 1000;
}

function simulateMany(file: string): { contacts: number; steps: number; perSecond: number } {
  const scenario = Scenario.parse(JSON.parse(readFileSync(new URL(`../../scenarios/${file}`, import.meta.url), 'utf8')));
  const cases: TestCase[] = scenario.tests;
  if (cases.length === 0) throw new Error(`${file} has no saved cases to draw contacts from`);
  let steps = 0;
  const { ms } = time(() => {
    for (let i = 0; i < CONTACTS; i++) {
      const model = cases[i % cases.length];
      const result = simulate(scenario, { contact: { ...model.contact, id: `bench-${i}` }, events: model.events, start: model.start, until: model.until });
      steps += result.steps.length;
    }
  });
  return { contacts: CONTACTS, steps, perSecond: (steps / ms) * 1000 };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

compileScenario(generateScenario(300)); // warm-up
const compileRuns = 20;
const { ms: compileMs } = time(() => {
  for (let i = 0; i < compileRuns; i++) compileScenario(generateScenario(300));
});
const { ms: generateMs } = time(() => {
  for (let i = 0; i < compileRuns; i++) generateScenario(300);
});
const baseline = xstateBaseline();
console.log(`compile 300-node scenario: ${((compileMs - generateMs) / compileRuns).toFixed(2)} ms`);
console.log(`baseline: raw XState actor transitions: ${fmt(baseline)}/s`);
for (const file of ['welcome.json', 'abandoned-cart.json']) {
  simulateMany(file); // warm-up pass
  const { contacts, steps, perSecond } = simulateMany(file);
  console.log(
    `simulate ${file}: ${fmt(contacts)} contacts, ${fmt(steps)} steps, ${fmt(perSecond)} contact-steps/s (${(perSecond / baseline).toFixed(2)}× raw XState transitions)`,
  );
}
