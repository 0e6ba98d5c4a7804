/**
 * Campaign benchmark (`pnpm bench:campaign`; not part of the tests). Fills BENCH_CONTACTS contacts (100k by default;
 * the target is 1M fully queued in under 2 minutes), all members of a saved segment, publishes a journey that
 * sends one email, schedules a campaign for the segment, and runs the campaign job as the background loop does
 * (time-budgeted transactions, back to back) until every member is started. Prints the time to queue, the rate, the
 * longest transaction (what a request waits behind at most), and a final `RESULT {json}` line.
 */
import { inTransaction } from '@parcours/server';
import { benchApp, benchCaller, benchContactId as id, drainCampaigns, fmt } from '../support/bench-app.ts';
import { newsletterJourney } from '../support/newsletter.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const now = Date.parse('2026-06-01T08:00:00Z');
const { db, clock, runtime, app, remove } = benchApp('campaign', now);

const call = benchCaller(app);


async function main(): Promise<void> {
  const filling = performance.now();
  const contact = db.$client.prepare(`INSERT INTO contacts (id, anonymous, attributes, consents, time_zone, lists, created_at, updated_at) VALUES (?, 0, ?, ?, ?, '[]', ?, ?)`);
  const ZONES = ['Europe/Paris', 'America/New_York', null];
  for (let from = 0; from < CONTACTS; from += 10_000) {
    inTransaction(db, () => {
      for (let i = from; i < Math.min(CONTACTS, from + 10_000); i++) contact.run(id(i), JSON.stringify({ plan: 'pro', email: `${id(i)}@example.test` }), '{"email":true}', ZONES[i % 3], now, now);
    });
  }
  await call('POST', '/scenarios/import', newsletterJourney());
  await call('POST', '/scenarios/newsletter/publish');
  const segment = await call('POST', '/segments', { name: 'Pro', condition: { attribute: 'plan', op: 'eq', value: 'pro' } });
  while (runtime.computeSegments() > 0);
  console.log(`filled ${fmt(CONTACTS)} contacts and computed the segment in ${fmt((performance.now() - filling) / 1000)} s`);

  const campaign = await call('POST', '/campaigns', { name: 'June news', segment: segment.id, action: { kind: 'journey', scenario: 'newsletter' }, schedule: { repeat: 'once', date: '2026-06-01', time: '09:00' } });
  clock.set(Date.parse(campaign.nextRunAt));
  const started = performance.now();
  const { longestMs: longest, transactions } = await drainCampaigns(runtime);
  const seconds = (performance.now() - started) / 1000;
  const [run] = (await call('GET', `/campaigns/${campaign.id}/runs`)).items;
  const queued = (db.$client.prepare(`SELECT count(*) AS n FROM messages WHERE scenario_id = 'newsletter'`).get() as { n: number }).n;
  console.log(`campaign to ${fmt(run.audience)} contacts: ${fmt(run.enrolled)} started, ${fmt(queued)} emails queued in ${fmt(seconds)} s (${fmt(run.enrolled / seconds)} contacts/s)`);
  console.log(`${fmt(transactions)} transactions, the longest ${fmt(longest)} ms`);
  console.log(`RESULT ${JSON.stringify({ contacts: CONTACTS, enrolled: run.enrolled, queued, seconds, perSecond: run.enrolled / seconds, longestMs: longest, transactions })}`);
}

main()
  .finally(remove)
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
