import { afterEach, beforeEach, expect, it } from 'vitest';
import type { TestCase } from '@parcours/shared';
import { harness, publishScenario, type Harness } from '../../server/test/helpers.ts';
import { parsedScenario, replay, simulatedResult } from '../../server/test/replay.ts';

/**
 * A campaign starting a journey for one contact, on the server (a real campaign run on the manual clock) and in the
 * simulator (a campaign start in the timeline): the same shared decision, so the same path, the same starts and the
 * same skip reasons.
 */

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const PRO = { attribute: 'plan', op: 'eq', value: 'pro' };

/** A journey a campaign starts: an email, two days' rest, the end. */
function journey(id: string, settings: object) {
  const nodes = [
    { id: 'start', type: 'entry.api', config: {} },
    { id: 'mail', type: 'action.email', config: { template: 'news' } },
    { id: 'rest', type: 'wait.delay', config: { duration: '2d' } },
    { id: 'done', type: 'flow.exit', config: {} },
  ];
  return {
    schemaVersion: 1,
    id,
    name: id,
    settings,
    templates: [{ id: 'news', channel: 'email', subject: 'News', html: '<p>Hi</p>', text: 'Hi' }],
    nodes,
    edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i].id, target: n.id })),
  };
}

/** The saved segment of pro contacts, its membership computed. */
async function proSegment() {
  const created = await h.call('POST', '/segments', { name: 'Pro', condition: PRO });
  expect(created.status).toBe(201);
  while (h.runtime.computeSegments() > 0);
  return { id: created.body.id as string, condition: created.body.condition };
}

type Timeline = Array<Record<string, unknown>>;

/** The contact's whole result on the server and in the simulator, which must agree; returns it. */
async function agreeing(file: object, contact: object, events: (segment: string) => Timeline) {
  const segment = await proSegment();
  const parsed = parsedScenario(file);
  await publishScenario(h, file);
  const testCase = { contact, events: events(segment.id), until: '10d' } as unknown as Pick<TestCase, 'contact' | 'events' | 'until'>;
  const server = await replay(h, parsed, testCase);
  expect(server).toEqual(simulatedResult(parsed, testCase, [segment]));
  return server;
}

const at = (offset: number) => Date.parse('2026-01-05T08:00:00Z') + offset * 3_600_000;

it('starts the journey, then skips a start while the contact is in it (in_journey) and one after it (reentry never)', async () => {
  const server = await agreeing(journey('never-again', { reentry: { policy: 'never' } }), { id: 'ana', attributes: { plan: 'pro', email: 'ana@example.test' }, consents: { email: true } }, (segment) => [
    { at: '1h', campaign: true, segment },
    { at: '1d', campaign: true, segment },
    { at: '4d', campaign: true, segment },
  ]);
  expect(server.campaigns).toEqual([
    { at: at(1), status: 'enrolled', pass: 1 },
    { at: at(24), status: 'skipped', reason: 'in_journey' },
    { at: at(96), status: 'skipped', reason: 'reentry' },
  ]);
  expect(server.messages).toHaveLength(1);
});

it('starts it again once the re-entry rule allows', async () => {
  const server = await agreeing(journey('weekly', { reentry: { policy: 'after', after: '3d' } }), { id: 'bob', attributes: { plan: 'pro' } }, (segment) => [
    { at: '1h', campaign: true, segment },
    { at: '3d', campaign: true, segment },
    { at: '4d', campaign: true, segment },
  ]);
  expect(server.campaigns.map((c) => c.reason ?? `pass ${c.pass}`)).toEqual(['pass 1', 'reentry', 'pass 2']);
});

it('skips a contact outside the segment at the start (left_segment) and starts it once it is in', async () => {
  const server = await agreeing(journey('joiners', { reentry: { policy: 'always' } }), { id: 'cy', attributes: { plan: 'free' } }, (segment) => [
    { at: '1h', campaign: true, segment },
    { at: '2h', attributes: { plan: 'pro' } },
    { at: '3h', campaign: true, segment },
    { at: '1d', attributes: { plan: 'free' } },
    { at: '5d', campaign: true, segment },
  ]);
  expect(server.campaigns.map((c) => c.reason ?? `pass ${c.pass}`)).toEqual(['left_segment', 'pass 1', 'left_segment']);
});

it('restarts the run in progress when the journey restarts on a new entry, with the same reason in both traces', async () => {
  const server = await agreeing(journey('restarting', { reentry: { policy: 'always' }, retrigger: { mode: 'restart' } }), { id: 'dee', attributes: { plan: 'pro' } }, (segment) => [
    { at: '1h', campaign: true, segment },
    { at: '1d', campaign: true, segment },
  ]);
  expect(server.campaigns.map((c) => c.pass)).toEqual([1, 2]);
  expect(server.steps.find((s) => s.outcome === 'exited')?.reason).toBe('restarted: entered again (campaign)');
});

it("starts a contact in another zone at a local-time campaign's time in their own zone, on both sides", async () => {
  // The campaign is at 09:00 in Paris on the 7th (08:00 UTC): 09:00 in Tokyo is midnight UTC, 15 hours after the start.
  const local = { at: '2d', campaign: true, localTime: true, timeZone: 'Europe/Paris' };
  const server = await agreeing(journey('local-news', { reentry: { policy: 'never' } }), { id: 'eiko', attributes: { plan: 'pro' }, timeZone: 'Asia/Tokyo' }, (segment) => [{ ...local, segment }]);
  expect(server.campaigns).toEqual([{ at: Date.parse('2026-01-07T00:00:00Z'), status: 'enrolled', pass: 1 }]);
  expect(server.steps[0]).toMatchObject({ node: 'start', at: Date.parse('2026-01-07T00:00:00Z') });
});

it('orders a local-time start by the contact\'s instant: in New York it comes after a campaign at 09:00 UTC, which started the journey', async () => {
  const server = await agreeing(journey('two-campaigns', { reentry: { policy: 'never' } }), { id: 'fay', attributes: { plan: 'pro' }, timeZone: 'America/New_York' }, (segment) => [
    { at: '2d', campaign: true, segment, localTime: true, timeZone: 'Europe/Paris' },
    { at: '2d1h', campaign: true, segment },
  ]);
  expect(server.campaigns).toEqual([
    { at: Date.parse('2026-01-07T09:00:00Z'), status: 'enrolled', pass: 1 },
    { at: Date.parse('2026-01-07T14:00:00Z'), status: 'skipped', reason: 'in_journey' },
  ]);
});

it("leaves out of a local-time run a contact who joins the segment after the run copied its audience, before their own time", async () => {
  // The run of 09:00 (Paris) on the 7th copies its audience when UTC+14 reaches 09:00: the 6th at 19:00 UTC. The
  // contact in New York joins the segment at 10:00 UTC on the 7th, before their 09:00 (14:00 UTC): not in this run.
  const server = await agreeing(journey('late-joiner', { reentry: { policy: 'always' } }), { id: 'gus', attributes: { plan: 'free' }, timeZone: 'America/New_York' }, (segment) => [
    { at: '2d', campaign: true, segment, localTime: true, timeZone: 'Europe/Paris' },
    { at: '2d2h', attributes: { plan: 'pro' } },
    { at: '3d', campaign: true, segment, localTime: true, timeZone: 'Europe/Paris' },
  ]);
  expect(server.campaigns).toEqual([
    { at: Date.parse('2026-01-07T14:00:00Z'), status: 'skipped', reason: 'left_segment' },
    { at: Date.parse('2026-01-08T14:00:00Z'), status: 'enrolled', pass: 1 },
  ]);
});

it('reaches a visitor at their own time in the zone they have when the run copies its audience: an identify before the copy moves it', async () => {
  // The run of 09:00 (Paris) on the 7th copies its audience on the 6th at 19:00 UTC (35 hours after the start). The
  // visitor identifies before it as a pro contact in Tokyo: in the run, at 09:00 in Tokyo (midnight UTC on the 7th).
  const tokyoPro = { identify: 'hana', profile: { attributes: { plan: 'pro' }, timeZone: 'Asia/Tokyo' } };
  const local = { at: '2d', campaign: true, localTime: true, timeZone: 'Europe/Paris' };
  const visitor = { id: 'anon:v7', attributes: {}, consents: {}, lists: [] };
  const before = await agreeing(journey('zone-before', { reentry: { policy: 'always' } }), visitor, (segment) => [{ at: '30h', ...tokyoPro }, { ...local, segment }]);
  expect(before.campaigns).toEqual([{ at: Date.parse('2026-01-07T00:00:00Z'), status: 'enrolled', pass: 1 }]);
});

it('leaves out of a local-time run a visitor who identifies after it copied its audience, at the campaign zone\'s time', async () => {
  const tokyoPro = { identify: 'hana', profile: { attributes: { plan: 'pro' }, timeZone: 'Asia/Tokyo' } };
  const visitor = { id: 'anon:v8', attributes: {}, consents: {}, lists: [] };
  const after = await agreeing(journey('zone-after', { reentry: { policy: 'always' } }), visitor, (segment) => [
    { at: '2d', campaign: true, segment, localTime: true, timeZone: 'Europe/Paris' },
    { at: '36h', ...tokyoPro },
  ]);
  // At the copy the visitor had no zone: the campaign's, 09:00 in Paris (08:00 UTC).
  expect(after.campaigns).toEqual([{ at: Date.parse('2026-01-07T08:00:00Z'), status: 'skipped', reason: 'left_segment' }]);
});
