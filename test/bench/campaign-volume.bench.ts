/**
 * Campaign volume benchmark (`pnpm bench:campaign-volume`; not part of the tests). Fills BENCH_CONTACTS contacts
 * (100k by default) with a numeric `score`, email consent for three in four, a "Pro" segment of one in ten and a
 * "Gold" segment of one in a thousand, then, in the same run:
 *  - saves a plain campaign (the baseline) and one ordered by `score` (which builds the order's index): request times;
 *  - after a warm-up run, runs the plain campaign on Pro to the end (the baseline), then a campaign on Pro with a ceiling of 1 % of it
 *    (walks the index to the best members, cuts the others), then one on Gold with a floor of ten times its size
 *    (widens through the index, each candidate checked by the engine's send decision);
 * each run driven as the background loop does (time-budgeted transactions back to back), with the longest
 * transaction (what a request waits behind at most). Prints the figures and a final `RESULT {json}` line.
 */
import { inTransaction } from '@parcours/server';
import { benchApp, benchCaller, benchContactId as id, drainCampaigns, fmt } from '../support/bench-app.ts';
import { newsletterJourney } from '../support/newsletter.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const now = Date.parse('2026-06-01T08:00:00Z');
const { db, clock, runtime, app, remove } = benchApp('campaign-volume', now);

const call = benchCaller(app);

/** A deterministic score per contact (a linear congruential step), 0-999: many ties, as real scores have. */
const scoreOf = (i: number) => (i * 7919 + 13) % 1000;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await work();
  return [result, performance.now() - t0];
}

/** Creates the campaign, moves the clock to its run and drives the campaign job until nothing is left; the run's report and timings. */
async function runToEnd(body: Record<string, unknown>) {
  const campaign = await call('POST', '/campaigns', body);
  clock.set(Date.parse(campaign.nextRunAt));
  const started = performance.now();
  const { longestMs, transactions } = await drainCampaigns(runtime);
  const seconds = (performance.now() - started) / 1000;
  const [run] = (await call('GET', `/campaigns/${campaign.id}/runs`)).items;
  return { audience: run.audience, enrolled: run.enrolled, widened: run.widened, overCeiling: run.overCeiling, seconds, longestMs, transactions };
}

const campaign = (name: string, segment: string, time: string, volume?: unknown) => ({
  name,
  segment,
  action: { kind: 'journey', scenario: 'newsletter' },
  schedule: { repeat: 'once', date: '2026-06-01', time },
  ...(volume ? { volume } : {}),
});

async function main(): Promise<void> {
  const filling = performance.now();
  const contact = db.$client.prepare(`INSERT INTO contacts (id, anonymous, attributes, consents, time_zone, lists, created_at, updated_at) VALUES (?, 0, ?, ?, NULL, '[]', ?, ?)`);
  for (let from = 0; from < CONTACTS; from += 10_000) {
    inTransaction(db, () => {
      for (let i = from; i < Math.min(CONTACTS, from + 10_000); i++) {
        const plan = i % 1000 === 0 ? 'gold' : i % 10 === 0 ? 'pro' : 'free';
        contact.run(id(i), JSON.stringify({ plan, score: scoreOf(i), email: `${id(i)}@example.test` }), i % 4 === 0 ? '{}' : '{"email":true}', now, now);
      }
    });
  }
  await call('POST', '/scenarios/import', newsletterJourney());
  await call('POST', '/scenarios/newsletter/publish');
  const pro = await call('POST', '/segments', { name: 'Pro', condition: { attribute: 'plan', op: 'in', value: ['pro', 'gold'] } });
  const gold = await call('POST', '/segments', { name: 'Gold', condition: { attribute: 'plan', op: 'eq', value: 'gold' } });
  while (runtime.computeSegments() > 0);
  console.log(`filled ${fmt(CONTACTS)} contacts and computed the segments in ${fmt((performance.now() - filling) / 1000)} s`);
  const proSize = Math.ceil(CONTACTS / 10);
  const goldSize = Math.ceil(CONTACTS / 1000);

  const [, savePlainMs] = await timed(() => call('POST', '/campaigns', campaign('Saved only', pro.id, '23:00')));
  const [, saveOrderedMs] = await timed(() => call('POST', '/campaigns', campaign('Saved only, ordered', pro.id, '23:30', { max: 10, orderBy: { attribute: 'score', direction: 'desc' } })));
  console.log(`saving a campaign: ${fmt(savePlainMs)} ms plain (baseline), ${fmt(saveOrderedMs)} ms with an order on a new attribute (builds its index over ${fmt(CONTACTS)} contacts)`);

  // A first small run warms up the job (statements prepared, the journey compiled): not counted.
  await runToEnd(campaign('Warm-up', gold.id, '08:30'));
  const plain = await runToEnd(campaign('Plain', pro.id, '09:00'));
  const ceiling = await runToEnd(campaign('Ceiling', pro.id, '10:00', { max: Math.ceil(proSize / 100), orderBy: { attribute: 'score', direction: 'desc' } }));
  const floor = await runToEnd(campaign('Floor', gold.id, '11:00', { min: goldSize * 10, orderBy: { attribute: 'score', direction: 'desc' } }));
  const line = (name: string, r: typeof plain) =>
    console.log(`${name}: audience ${fmt(r.audience)}, ${fmt(r.enrolled)} started (${fmt(r.widened)} widened, ${fmt(r.overCeiling)} over the ceiling) in ${fmt(r.seconds)} s; ${fmt(r.transactions)} transactions, the longest ${fmt(r.longestMs)} ms`);
  line('plain run on Pro (baseline)', plain);
  line('ceiling of 1 % on Pro', ceiling);
  line('floor of 10x on Gold', floor);
  const ratio = (r: typeof plain) => `${(r.seconds / plain.seconds).toFixed(3)} of its time, ${(r.longestMs / plain.longestMs).toFixed(2)} of its longest transaction`;
  console.log(`against the baseline: the ceiling run ${ratio(ceiling)}; the floor run ${ratio(floor)}`);
  console.log(`RESULT ${JSON.stringify({ contacts: CONTACTS, savePlainMs, saveOrderedMs, plain, ceiling, floor })}`);
}

main()
  .finally(remove)
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
