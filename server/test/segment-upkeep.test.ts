import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.ts';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const upsert = (id: string, attributes: Record<string, unknown>) => h.call('PUT', `/contacts/${id}`, { attributes });
const track = (userId: string, event: string, properties: Record<string, unknown> = {}) => h.call('POST', '/track', { userId, event, properties });
const advance = (by: string) => h.call('POST', '/clock', { advance: by });
const memberIds = async (id: string) => (await h.call('GET', `/segments/${id}/members?limit=500`)).body.items.map((m: { id: string }) => m.id);
const segmentEvents = async (contact: string) =>
  (await h.call('GET', `/contacts/${contact}/timeline`)).body.items
    .filter((i: { kind: string; event: string }) => i.kind === 'event' && i.event.startsWith('segment_'))
    .map((i: { event: string }) => i.event);

async function saveSegment(condition: unknown): Promise<string> {
  const saved = await h.call('POST', '/segments', { name: 'Segment', condition });
  expect(saved.status).toBe(201);
  await advance('1m');
  return saved.body.id;
}

// Events that cannot change a membership are not evaluated against the history (see the shared eventMayChangeMembership):
// these follow contacts through such events, then through the time and profile changes that do change it.
describe('saved segment upkeep: events that change nothing are passed over, and memberships stay exact', () => {
  it('keeps a member through more events, then lets it leave once the last one leaves the window', async () => {
    const id = await saveSegment({ event: 'order_completed', within: '7d' });
    await track('ann', 'order_completed');
    await advance('2d');
    // A member's second order changes neither the membership nor the first re-check (in 5 days).
    await track('ann', 'order_completed');
    await advance('6d');
    // The first order left the window: the re-check found the second one and waits for it.
    expect(await memberIds(id)).toEqual(['ann']);
    await advance('2d');
    expect(await memberIds(id)).toEqual([]);
    expect(await segmentEvents('ann')).toEqual(['segment_entered', 'segment_exited']);
  });

  it('passes over an order of a contact the attributes keep out, and still lets it in once they no longer do and the window moved', async () => {
    const id = await saveSegment({ all: [{ attribute: 'plan', op: 'eq', value: 'team' }, { not: { event: 'order_completed', within: '45d' } }] });
    await upsert('bob', { plan: 'free' });
    await track('bob', 'order_completed');
    await upsert('bob', { plan: 'team' });
    expect(await memberIds(id)).toEqual([]);
    await advance('46d');
    expect(await memberIds(id)).toEqual(['bob']);
    expect(await segmentEvents('bob')).toEqual(['segment_entered']);
  });

  it('puts a contact that an event creates in the segments it matches at once, though no segment or journey counts that event', async () => {
    const id = await saveSegment({ not: { consent: 'email' } });
    await track('cid', 'page_viewed');
    expect(await memberIds(id)).toEqual(['cid']);
    expect(await segmentEvents('cid')).toEqual(['segment_entered']);
  });
});
