import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, publishScenario, START, type Harness } from './helpers.ts';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const DAY = 86_400_000;
const upsert = (id: string, attributes: Record<string, unknown>, consents?: Record<string, boolean>) => h.call('PUT', `/contacts/${id}`, { attributes, ...(consents ? { consents } : {}) });
const track = (userId: string, event: string, properties: Record<string, unknown> = {}) => h.call('POST', '/track', { userId, event, properties });
const advance = (by: string) => h.call('POST', '/clock', { advance: by });
const memberIds = async (id: string) => (await h.call('GET', `/segments/${id}/members?limit=500`)).body.items.map((m: { id: string }) => m.id);
const eventsOf = async (contact: string) =>
  (await h.call('GET', `/contacts/${contact}/timeline`)).body.items.filter((i: { kind: string }) => i.kind === 'event').map((i: { event: string; properties: { segment?: string } }) => `${i.event}:${i.properties.segment ?? ''}`);

async function saveSegment(condition: unknown, name = 'Segment'): Promise<string> {
  const saved = await h.call('POST', '/segments', { name, condition });
  expect(saved.status).toBe(201);
  // The membership of contacts already there is computed in the background: a clock move finishes it first.
  await advance('1m');
  return saved.body.id;
}

describe('saved segments: membership kept as contacts change', () => {
  it('puts the contacts already there in at save, silently, then follows attribute updates with entered and exited events', async () => {
    await upsert('ann', { plan: 'pro', score: 12 });
    await upsert('bob', { plan: 'free', score: 30 });
    const id = await saveSegment({ all: [{ attribute: 'plan', op: 'eq', value: 'pro' }, { attribute: 'score', op: 'gte', value: 10 }] });
    expect(await memberIds(id)).toEqual(['ann']);
    expect((await h.call('GET', `/segments/${id}`)).body).toMatchObject({ size: 1, computing: false });
    expect(await eventsOf('ann')).toEqual([]);

    await upsert('bob', { plan: 'pro' });
    await upsert('ann', { score: 3 });
    expect(await memberIds(id)).toEqual(['bob']);
    expect((await h.call('GET', `/segments/${id}`)).body.size).toBe(1);
    expect(await eventsOf('bob')).toEqual([`segment_entered:${id}`]);
    expect(await eventsOf('ann')).toEqual([`segment_exited:${id}`]);
  });

  it('follows consent per channel', async () => {
    const id = await saveSegment({ consent: 'email' });
    await upsert('ann', {}, { email: true });
    await upsert('bob', {}, { email: false });
    expect(await memberIds(id)).toEqual(['ann']);
    await upsert('ann', {}, { email: false });
    expect(await memberIds(id)).toEqual([]);
  });

  it('follows events with property filters, and leaves when the window moves past them as time passes', async () => {
    const id = await saveSegment({ event: 'order_completed', where: [{ property: 'total', op: 'gte', value: 50 }], within: '7d', count: { op: 'gte', value: 2 } });
    await track('ann', 'order_completed', { total: 80 });
    await track('ann', 'order_completed', { total: 10 });
    expect(await memberIds(id)).toEqual([]);
    await advance('2d');
    await track('ann', 'order_completed', { total: 60 });
    expect(await memberIds(id)).toEqual(['ann']);

    // The first big order leaves the window 7 days after it, the contact with it; nobody sends anything.
    await advance('4d');
    expect(await memberIds(id)).toEqual(['ann']);
    await advance('2d');
    expect(await memberIds(id)).toEqual([]);
    expect(await eventsOf('ann')).toEqual(['order_completed:', 'order_completed:', 'order_completed:', `segment_entered:${id}`, `segment_exited:${id}`]);
  });

  it('recomputes the membership when the condition changes, and keeps a daily size history', async () => {
    await upsert('ann', { score: 5 });
    await upsert('bob', { score: 15 });
    const id = await saveSegment({ attribute: 'score', op: 'gte', value: 10 });
    await advance('1d');
    const changed = await h.call('PUT', `/segments/${id}`, { name: 'Warm', condition: { attribute: 'score', op: 'gte', value: 1 } });
    expect(changed.body).toMatchObject({ name: 'Warm', computing: true });
    await advance('1m');
    expect(await memberIds(id)).toEqual(['ann', 'bob']);
    const day = (at: number) => new Date(at).toISOString().slice(0, 10);
    const sizes = await h.call('GET', `/segments/${id}/sizes?from=${day(START - DAY)}&to=${day(START + DAY)}`);
    expect(sizes.body.days).toEqual([
      { day: day(START - DAY), size: 0 },
      { day: day(START), size: 1 },
      { day: day(START + DAY), size: 2 },
    ]);
  });

  it('answers a draft condition size exactly on few contacts, with a sample of who matches', async () => {
    for (let i = 0; i < 30; i++) await upsert(`c${String(i).padStart(2, '0')}`, { score: i });
    const estimate = await h.call('POST', '/segments/estimate', { condition: { attribute: 'score', op: 'lt', value: 12 } });
    expect(estimate.body).toMatchObject({ size: 12, method: 'exact', evaluated: 30, contacts: 30, margin: 0 });
    expect(estimate.body.sample).toHaveLength(10);
    for (const contact of estimate.body.sample) expect(contact.attributes.score).toBeLessThan(12);
  });

  it('pages members and exports them as CSV', async () => {
    for (const id of ['a', 'b', 'c']) await upsert(id, { vip: true, city: id === 'b' ? 'Lyon, France' : 'Paris' });
    const id = await saveSegment({ attribute: 'vip', op: 'eq', value: true });
    const first = await h.call('GET', `/segments/${id}/members?limit=2`);
    expect(first.body.items.map((m: { id: string }) => m.id)).toEqual(['a', 'b']);
    const second = await h.call('GET', `/segments/${id}/members?limit=2&after=${first.body.next}`);
    expect(second.body.items.map((m: { id: string }) => m.id)).toEqual(['c']);
    expect(second.body.next).toBeUndefined();
    const csv = await h.call('GET', `/segments/${id}/export.csv`);
    expect(csv.status).toBe(200);
    const entered = new Date(START).toISOString();
    expect(csv.body).toBe(`id,entered_at,city,vip\na,${entered},Paris,true\nb,${entered},"Lyon, France",true\nc,${entered},Paris,true\n`);
  });

  it('refuses a bad definition with the path of the field, writing nothing', async () => {
    const bad = await h.call('POST', '/segments', { name: '', condition: { attribute: 'x', op: 'eq' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: unknown[] }) => i.path)).toContainEqual(['name']);
    const badCondition = await h.call('POST', '/segments/estimate', { condition: { event: 'x', within: 'soon' } });
    expect(badCondition.status).toBe(400);
    expect(badCondition.body.error.issues[0].path[0]).toBe('condition');
    expect((await h.call('GET', '/segments')).body.items).toEqual([]);
    expect((await h.call('GET', '/segments/nope')).status).toBe(404);
  });
});

describe('a journey entered on a saved segment', () => {
  const journey = (segment: string, enrolExisting = false) => ({
    schemaVersion: 1,
    id: 'welcome-vip',
    name: 'Welcome VIPs',
    nodes: [
      { id: 'start', type: 'entry.membership', config: { segment, enrolExisting } },
      { id: 'tag', type: 'action.list', config: { list: 'welcomed', op: 'add' } },
      { id: 'done', type: 'flow.exit', config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'tag' },
      { id: 'e2', source: 'tag', target: 'done' },
    ],
  });
  const lists = async (id: string) => (await h.call('GET', `/contacts/${id}`)).body.lists;

  it('starts when a contact enters the segment, on the server as in the simulator', async () => {
    const id = await saveSegment({ attribute: 'vip', op: 'eq', value: true });
    await publishScenario(h, journey(id));
    await upsert('ann', { vip: false });
    expect(await lists('ann')).toEqual([]);
    await upsert('ann', { vip: true });
    expect(await lists('ann')).toEqual(['welcomed']);

    const simulated = await h.call('POST', '/scenarios/welcome-vip/simulate', {
      contact: { id: 'sim', attributes: { vip: false } },
      events: [{ at: '1d', attributes: { vip: true } }],
    });
    expect(simulated.status).toBe(200);
    expect(simulated.body.steps.map((s: { node: string; outcome: string }) => `${s.node}:${s.outcome}`)).toEqual(['start:entered', 'tag:updated', 'done:exited']);
    expect(simulated.body.steps[0]).toMatchObject({ at: Date.parse('2026-01-05T08:00:00Z') + DAY });
  });

  it('enrols the members already in the segment when published with enrolExisting, and only then', async () => {
    await upsert('ann', { vip: true });
    await upsert('bob', { vip: true });
    await upsert('cid', { vip: false });
    const id = await saveSegment({ attribute: 'vip', op: 'eq', value: true });
    await publishScenario(h, journey(id, true));
    await advance('1m');
    expect(await lists('ann')).toEqual(['welcomed']);
    expect(await lists('bob')).toEqual(['welcomed']);
    expect(await lists('cid')).toEqual([]);
    expect((await h.call('DELETE', `/segments/${id}`)).status).toBe(409);
  });
});
