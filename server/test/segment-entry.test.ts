import { afterEach, beforeEach, expect, it } from 'vitest';
import { harness, publishScenario, type Harness } from './helpers.ts';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const CONTACTS = 120;
/** Contacts per slice of the background computation here: the segment needs three to be complete. */
const SLICE = 50;
const ids = Array.from({ length: CONTACTS }, (_, i) => `c${String(i).padStart(3, '0')}`);
const vip = (id: string) => Number(id.slice(1)) % 2 === 0;

const journey = (segment: string) => ({
  schemaVersion: 1,
  id: 'welcome-vip',
  name: 'Welcome VIPs',
  nodes: [
    { id: 'start', type: 'entry.membership', config: { segment, enrolExisting: true } },
    { id: 'tag', type: 'action.list', config: { list: 'welcomed', op: 'add' } },
    { id: 'done', type: 'flow.exit', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'tag' },
    { id: 'e2', source: 'tag', target: 'done' },
  ],
});
const welcomed = async () => {
  const out: string[] = [];
  for (const id of ids) if ((await h.call('GET', `/contacts/${id}`)).body.lists.includes('welcomed')) out.push(id);
  return out;
};

it('a journey published with enrolExisting while its segment is still being computed enrols every member once the computation ends', async () => {
  for (const id of ids) await h.call('PUT', `/contacts/${id}`, { attributes: { vip: vip(id) } });
  const saved = await h.call('POST', '/segments', { name: 'VIPs', condition: { attribute: 'vip', op: 'eq', value: true } });
  // One slice of the background computation: the segment has members, but not all of them yet.
  expect(h.runtime.computeSegments(SLICE)).toBe(SLICE);
  const partial = (await h.call('GET', `/segments/${saved.body.id}`)).body;
  expect(partial).toMatchObject({ computing: true, size: SLICE / 2 });

  await publishScenario(h, journey(saved.body.id));
  // The enrolment job waits for the computation rather than enrolling the members found so far.
  expect(h.runtime.backfillEntries()).toBe(0);
  expect(await welcomed()).toEqual([]);

  // The server's background loops (here the clock, which runs them to the end) finish the computation, then enrol.
  expect((await h.call('POST', '/clock', { advance: '1m' })).status).toBe(200);
  expect((await h.call('GET', `/segments/${saved.body.id}`)).body).toMatchObject({ computing: false, size: CONTACTS / 2 });
  expect(await welcomed()).toEqual(ids.filter(vip));
});

it('refuses to publish a journey entering on a segment that does not exist, located on the entry', async () => {
  expect((await h.call('POST', '/scenarios/import', journey('seg-gone'))).status).toBe(201);
  const refused = await h.call('POST', '/scenarios/welcome-vip/publish');
  expect(refused.status).toBe(422);
  expect(refused.body.error.issues).toContainEqual({ path: ['nodes', 0, 'config', 'segment'], nodeId: 'start', message: 'no saved segment "seg-gone"' });
});
