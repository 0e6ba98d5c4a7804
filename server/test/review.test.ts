import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, count } from 'drizzle-orm';
import { auditLog } from '../src/db/schema.ts';
import { delayScenario } from './fixtures/scenarios.ts';
import { harness, type Harness } from './helpers.ts';
import { makeUser, signIn, type Browser } from './people-helpers.ts';

/** Review before publishing and the diff between versions, over HTTP with signed-in people of each role. */
let h: Harness;
let editor: Browser;
let publisher: Browser;
let admin: Browser;
let viewer: Browser;
const ID = 'journey';

beforeEach(async () => {
  h = harness();
  for (const role of ['viewer', 'editor', 'publisher', 'admin'] as const) await makeUser(h, role);
  [viewer, editor, publisher, admin] = await Promise.all(['viewer', 'editor', 'publisher', 'admin'].map((role) => signIn(h, `${role}@example.com`)));
  expect((await publisher.call('POST', '/scenarios', delayScenario(ID))).status).toBe(201);
  expect((await publisher.call('POST', `/scenarios/${ID}/publish`)).status).toBe(201);
});
afterEach(() => h.close());

const auditRows = () => h.db.select().from(auditLog).orderBy(asc(auditLog.id)).all();
const auditCount = () => h.db.select({ n: count() }).from(auditLog).get()!.n;

/** The entries `act` added to the audit log, read from the table. */
async function entriesOf<T>(act: () => Promise<T>): Promise<[T, ReturnType<typeof auditRows>]> {
  const before = auditCount();
  const result = await act();
  return [result, auditRows().slice(before)];
}

/** The draft with the delay changed to `delay` (and, when asked, a moved node). */
function edited(delay: string, moveBy = 0) {
  const scenario = delayScenario(ID, { delay });
  return { ...scenario, nodes: scenario.nodes.map((n, i) => ({ ...n, position: { x: i * 200 + moveBy, y: 0 } })) };
}

const turnReviewOn = async () => expect((await admin.call('PUT', '/settings/review', { required: true })).status).toBe(200);

describe('the diff between versions', () => {
  it('lists changed fields, added and removed nodes and connections, from a version to the draft or another version', async () => {
    const next = edited('3d');
    next.nodes.splice(3, 1, { id: 'sms', type: 'action.sms', config: { template: 'text' } } as never);
    next.templates.push({ id: 'text', channel: 'sms', text: 'Hello' } as never);
    next.edges = next.edges.map((e) => (e.target === 'send_b' ? { ...e, target: 'sms' } : e.source === 'send_b' ? { ...e, source: 'sms' } : e));
    expect((await editor.call('PUT', `/scenarios/${ID}/draft`, next)).status).toBe(200);

    const toDraft = await viewer.call('GET', `/scenarios/${ID}/diff?from=1&to=draft`);
    expect(toDraft.status).toBe(200);
    expect(toDraft.body.from).toBe(1);
    expect(toDraft.body.to).toBe('draft');
    const { diff } = toDraft.body;
    expect(diff.nodes.added).toEqual([{ id: 'sms', type: 'action.sms' }]);
    expect(diff.nodes.removed).toEqual([{ id: 'send_b', type: 'action.email' }]);
    expect(diff.nodes.changed).toEqual([{ id: 'wait', type: 'wait.delay', fields: [{ path: 'config.duration', before: '1d', after: '3d' }] }]);
    expect(diff.edges.added.map((e: { target: string }) => e.target).sort()).toEqual(['done', 'sms']);
    expect(diff.edges.removed).toHaveLength(2);
    expect(diff.other).toEqual([{ path: 'templates.text', after: { id: 'text', channel: 'sms', text: 'Hello' } }]);
    expect(toDraft.body.before.nodes.map((n: { id: string }) => n.id)).toContain('send_b');
    expect(toDraft.body.after.nodes.map((n: { id: string }) => n.id)).toContain('sms');

    expect((await publisher.call('POST', `/scenarios/${ID}/publish`)).status).toBe(201);
    const between = await viewer.call('GET', `/scenarios/${ID}/diff?from=2&to=1`);
    expect(between.body.diff.nodes.added).toEqual([{ id: 'send_b', type: 'action.email' }]);
    expect(between.body.diff.nodes.changed[0].fields).toEqual([{ path: 'config.duration', before: '3d', after: '1d' }]);
  });

  it('answers 400 on a bad version reference and 404 on a missing version or scenario', async () => {
    const bad = await viewer.call('GET', `/scenarios/${ID}/diff?from=zero`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.issues)).toContain('from');
    expect((await viewer.call('GET', `/scenarios/${ID}/diff?from=7`)).status).toBe(404);
    expect((await viewer.call('GET', `/scenarios/nope/diff?from=1`)).status).toBe(404);
  });
});

describe('review before publishing', () => {
  it('is off by default: the publisher publishes, a request for review is refused, the editor cannot publish', async () => {
    expect((await viewer.call('GET', '/settings/review')).body).toEqual({ required: false });
    await editor.call('PUT', `/scenarios/${ID}/draft`, edited('2d'));
    const [asked, entries] = await entriesOf(() => editor.call('POST', `/scenarios/${ID}/reviews`, { note: 'longer wait' }));
    expect(asked.status).toBe(409);
    expect(asked.body.error.code).toBe('review_off');
    expect(entries).toEqual([]);
    const refused = await editor.call('POST', `/scenarios/${ID}/publish`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).not.toContain('review');
    expect((await publisher.call('POST', `/scenarios/${ID}/publish`)).status).toBe(201);
  });

  it('is turned on by an admin only, audited once, not on a repeat', async () => {
    expect((await publisher.call('PUT', '/settings/review', { required: true })).status).toBe(403);
    const bad = await admin.call('PUT', '/settings/review', { required: 'yes' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.issues)).toContain('required');
    const [, entries] = await entriesOf(turnReviewOn);
    expect(entries.map((e) => [e.action, e.change])).toEqual([['settings.review', { required: true }]]);
    const [, again] = await entriesOf(turnReviewOn);
    expect(again).toEqual([]);
  });

  it("when on: the editor's publish is refused with a pointer to review; asked, approved, the version is the requested snapshot", async () => {
    await turnReviewOn();
    const snapshot = edited('2d');
    await editor.call('PUT', `/scenarios/${ID}/draft`, snapshot);
    const refused = await editor.call('POST', `/scenarios/${ID}/publish`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain(`ask for a review with POST /api/scenarios/${ID}/reviews`);

    const [asked, requestEntries] = await entriesOf(() => editor.call('POST', `/scenarios/${ID}/reviews`, { note: 'Two days is kinder' }));
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ scenarioId: ID, status: 'pending', note: 'Two days is kinder', requestedBy: 'editor@example.com', baseVersion: 1 });
    expect(requestEntries.map((e) => [e.action, e.actorLabel, e.change])).toEqual([['review.request', 'editor@example.com', { review: asked.body.id, note: 'Two days is kinder' }]]);

    // The publisher sees it among the pending reviews and on the scenario, with what it changes.
    expect((await publisher.call('GET', '/reviews?status=pending')).body.items.map((r: { id: number }) => r.id)).toEqual([asked.body.id]);
    expect((await viewer.call('GET', `/scenarios/${ID}/reviews`)).body.items[0].status).toBe('pending');
    const detail = await publisher.call('GET', `/reviews/${asked.body.id}`);
    expect(detail.body.stale).toBeNull();
    expect(detail.body.diff.nodes.changed).toEqual([{ id: 'wait', type: 'wait.delay', fields: [{ path: 'config.duration', before: '1d', after: '2d' }] }]);

    // Moving nodes after the request is no change: approval still publishes the snapshot, positions included.
    await editor.call('PUT', `/scenarios/${ID}/draft`, edited('2d', 50));
    expect((await editor.call('POST', `/reviews/${asked.body.id}/approve`)).status).toBe(403);
    const [approved, approveEntries] = await entriesOf(() => publisher.call('POST', `/reviews/${asked.body.id}/approve`, {}));
    expect(approved.status).toBe(201);
    expect(approved.body.version).toBe(2);
    expect(approved.body.review).toMatchObject({ status: 'approved', decidedBy: 'publisher@example.com', publishedVersion: 2 });
    expect(approveEntries.map((e) => [e.action, e.actorLabel, e.change])).toEqual([['review.approve', 'publisher@example.com', { review: asked.body.id, version: 2 }]]);

    const published = (await viewer.call('GET', `/scenarios/${ID}/versions/2`)).body.scenario;
    expect(published.nodes.find((n: { id: string }) => n.id === 'wait').config.duration).toBe('2d');
    expect(published.nodes.map((n: { position: { x: number } }) => n.position.x)).toEqual(snapshot.nodes.map((n) => n.position.x));
    const versions = (await viewer.call('GET', `/scenarios/${ID}/versions`)).body.items;
    expect(versions[0]).toMatchObject({ version: 2, note: 'Two days is kinder', author: 'publisher@example.com' });

    // Decided once: a second approval is refused, and nothing more is published.
    const again = await publisher.call('POST', `/reviews/${asked.body.id}/approve`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('review_closed');
    expect((await viewer.call('GET', `/scenarios/${ID}/versions`)).body.items).toHaveLength(2);
  });

  it('sends back with a comment the editor reads; nothing is published', async () => {
    await turnReviewOn();
    await editor.call('PUT', `/scenarios/${ID}/draft`, edited('2d'));
    const asked = await editor.call('POST', `/scenarios/${ID}/reviews`, { note: 'please' });
    const empty = await publisher.call('POST', `/reviews/${asked.body.id}/send-back`, { comment: '   ' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body.error.issues)).toContain('comment');
    const [sent, entries] = await entriesOf(() => publisher.call('POST', `/reviews/${asked.body.id}/send-back`, { comment: 'Three days, as agreed' }));
    expect(sent.status).toBe(200);
    expect(entries.map((e) => [e.action, e.change])).toEqual([['review.send_back', { review: asked.body.id, comment: 'Three days, as agreed' }]]);
    const mine = (await editor.call('GET', `/scenarios/${ID}/reviews`)).body.items[0];
    expect(mine).toMatchObject({ status: 'sent_back', comment: 'Three days, as agreed', decidedBy: 'publisher@example.com' });
    expect((await publisher.call('POST', `/reviews/${asked.body.id}/approve`)).body.error.code).toBe('review_closed');
    expect((await viewer.call('GET', `/scenarios/${ID}/versions`)).body.items).toHaveLength(1);
  });

  it('refuses to approve once the draft changed since the request, shows what changed, and takes a new request over it', async () => {
    await turnReviewOn();
    await editor.call('PUT', `/scenarios/${ID}/draft`, edited('2d'));
    const first = await editor.call('POST', `/scenarios/${ID}/reviews`, {});
    await editor.call('PUT', `/scenarios/${ID}/draft`, edited('5d'));
    const detail = await publisher.call('GET', `/reviews/${first.body.id}`);
    expect(detail.body.stale).toBe('draft_changed');
    expect(detail.body.draftChanges.nodes.changed[0].fields).toEqual([{ path: 'config.duration', before: '2d', after: '5d' }]);
    const [refused, entries] = await entriesOf(() => publisher.call('POST', `/reviews/${first.body.id}/approve`));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('review_stale');
    expect(entries).toEqual([]);
    expect((await viewer.call('GET', `/scenarios/${ID}/versions`)).body.items).toHaveLength(1);

    const second = await editor.call('POST', `/scenarios/${ID}/reviews`, { note: 'five days' });
    expect((await viewer.call('GET', `/reviews/${first.body.id}`)).body.status).toBe('superseded');
    expect((await publisher.call('GET', '/reviews?status=pending')).body.items.map((r: { id: number }) => r.id)).toEqual([second.body.id]);
    const approved = await publisher.call('POST', `/reviews/${second.body.id}/approve`);
    expect(approved.status).toBe(201);
    expect((await viewer.call('GET', `/scenarios/${ID}/versions/2`)).body.scenario.nodes.find((n: { id: string }) => n.id === 'wait').config.duration).toBe('5d');
  });

  it('refuses to approve once another version went live since the request', async () => {
    await turnReviewOn();
    await editor.call('PUT', `/scenarios/${ID}/draft`, edited('2d'));
    const asked = await editor.call('POST', `/scenarios/${ID}/reviews`, {});
    // A publisher publishes directly meanwhile (the draft is unchanged, so only the live version moved).
    expect((await publisher.call('POST', `/scenarios/${ID}/publish`)).status).toBe(201);
    expect((await publisher.call('GET', `/reviews/${asked.body.id}`)).body.stale).toBe('version_changed');
    const refused = await publisher.call('POST', `/reviews/${asked.body.id}/approve`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('review_stale');
  });

  it('refuses a request with nothing to publish or an invalid draft, and a viewer may not ask', async () => {
    await turnReviewOn();
    const nothing = await editor.call('POST', `/scenarios/${ID}/reviews`, {});
    expect(nothing.status).toBe(409);
    expect(nothing.body.error.code).toBe('nothing_to_publish');
    const broken = edited('2d');
    broken.edges = broken.edges.slice(1);
    await editor.call('PUT', `/scenarios/${ID}/draft`, broken);
    expect((await editor.call('POST', `/scenarios/${ID}/reviews`, {})).status).toBe(422);
    expect((await viewer.call('POST', `/scenarios/${ID}/reviews`, {})).status).toBe(403);
    const note = await editor.call('POST', `/scenarios/${ID}/reviews`, { note: 5 });
    expect(note.status).toBe(400);
    expect(JSON.stringify(note.body.error.issues)).toContain('note');
    expect((await viewer.call('GET', '/reviews/999')).status).toBe(404);
  });
});
