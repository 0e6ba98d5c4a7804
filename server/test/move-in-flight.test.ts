import { asc, count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, enrolments, messages } from '../src/db/schema.ts';
import { Runtime } from '../src/runtime/runtime.ts';
import { harness, pendingTimers, publishScenario, runTimersUntil, START, type Harness } from './helpers.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const templates = [
  { id: 'old', channel: 'email', subject: 'Old', html: '<p>old</p>' },
  { id: 'new', channel: 'email', subject: 'New', html: '<p>new</p>' },
];
const edge = (id: string, source: string, target: string, sourceHandle = 'next') => ({ id, source, sourceHandle, target });
const at = { x: 0, y: 0 };

/** Signed up, a delay, an email, the end: the delay's id, label and duration and the email's template given. */
const journey = (wait: { id: string; label: string; duration: string }, template: string) => ({
  schemaVersion: 1,
  id: 'onboarding',
  name: 'Onboarding',
  settings: { defaultTimeZone: 'UTC' },
  templates,
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: 'signed_up' }, position: at },
    { id: wait.id, type: 'wait.delay', label: wait.label, config: { duration: wait.duration }, position: at },
    { id: 'mail', type: 'action.email', config: { template }, position: at },
    { id: 'done', type: 'flow.exit', config: {}, position: at },
  ],
  edges: [edge('e1', 'start', wait.id), edge('e2', wait.id, 'mail'), edge('e3', 'mail', 'done')],
});

/** Version 1: wait 2 days, the old email. */
const v1 = journey({ id: 'wait', label: 'Two days', duration: '2d' }, 'old');
/** Version 2: the wait renamed and made 3 days, then the new email. */
const v2 = journey({ id: 'pause', label: 'Three days', duration: '3d' }, 'new');

const enrolmentRows = () => h.db.select().from(enrolments).orderBy(asc(enrolments.id)).all();
const templatesSent = () => h.db.select({ contact: messages.contactId, template: messages.template }).from(messages).orderBy(asc(messages.id)).all();
const auditCount = () => h.db.select({ n: count() }).from(auditLog).get()!.n;
const stats = async (version: number) => (await h.call('GET', `/scenarios/onboarding/versions/${version}/stats`)).body;

/** A contact who agreed to emails signs up. */
async function signUp(userId: string) {
  expect((await h.call('PUT', `/contacts/${userId}`, { attributes: { email: `${userId}@example.com` }, consents: { email: true } })).status).toBeLessThan(300);
  expect((await h.call('POST', '/track', { userId, event: 'signed_up' })).status).toBe(200);
}

/** Version 1 live with ada and bob waiting on its delay (entered at START), and version 2 saved as the draft. */
async function contactsWaitingOnV1() {
  await publishScenario(h, v1);
  for (const userId of ['ada', 'bob']) await signUp(userId);
  expect(enrolmentRows().map((e) => [e.contactId, e.version, e.node])).toEqual([
    ['ada', 1, 'wait'],
    ['bob', 1, 'wait'],
  ]);
  expect((await h.call('PUT', '/scenarios/onboarding/draft', v2)).status).toBe(200);
  h.clock.set(START + HOUR);
}

describe('moving contacts in flight when publishing', () => {
  it('previews how many contacts wait on each node of the old version and where the default mapping sends them', async () => {
    await contactsWaitingOnV1();
    const preview = await h.call('GET', '/scenarios/onboarding/in-flight');
    expect(preview).toEqual({
      status: 200,
      body: {
        version: 2,
        // The delay was renamed: by default its contacts stay; "pause" is where they may go.
        rows: [{ version: 1, node: 'wait', name: 'Two days', type: 'wait.delay', contacts: 2, to: null, targets: [{ node: 'pause', name: 'Three days' }] }],
      },
    });
  });

  it('moves them in the publish: new version, timeline entry, live counts; the wait fires on the new version and sends its message', async () => {
    await contactsWaitingOnV1();
    const auditBefore = auditCount();
    const published = await h.call('POST', '/scenarios/onboarding/publish', { inFlight: 'move', mapping: { '1': { wait: 'pause' } } });
    expect(published).toEqual({ status: 201, body: { version: 2, moved: 2 } });

    // Each enrolment now rests on version 2, with its timer at the new node: 3 days from its arrival at the old one.
    expect(enrolmentRows().map((e) => [e.contactId, e.version, e.node, e.timerNode, e.dueAt])).toEqual([
      ['ada', 2, 'pause', 'pause', START + 3 * DAY],
      ['bob', 2, 'pause', 'pause', START + 3 * DAY],
    ]);
    const timeline = (await h.call('GET', '/contacts/ada/timeline')).body.items;
    expect(timeline.at(-1)).toMatchObject({
      kind: 'step',
      scenarioId: 'onboarding',
      version: 2,
      node: 'pause',
      nodeName: 'Three days',
      outcome: 'moved',
      reason: 'moved from version 1 node wait to version 2 node pause',
      until: new Date(START + 3 * DAY).toISOString(),
    });
    // The new version's canvas counts them at "pause"; nobody is left waiting at the old node.
    const after = await stats(2);
    expect(after.nodes.pause).toMatchObject({ waiting: 2, entered: 2 });
    expect(after.removed).toEqual([]);
    // One audit entry, for the publish, saying how many moved.
    expect(auditCount()).toBe(auditBefore + 1);
    expect((await h.call('GET', '/audit?action=version.publish')).body.items[0].change).toMatchObject({ version: 2, moved: 2 });

    // Version 1's delay would have ended at START + 2d: nothing happens then.
    runTimersUntil(h, START + 2 * DAY + HOUR);
    expect(templatesSent()).toEqual([]);
    runTimersUntil(h, START + 3 * DAY);
    expect(templatesSent()).toEqual([
      { contact: 'ada', template: 'new' },
      { contact: 'bob', template: 'new' },
    ]);
    expect(enrolmentRows().map((e) => [e.version, e.status, e.node])).toEqual([
      [2, 'exited', 'done'],
      [2, 'exited', 'done'],
    ]);
    expect((await stats(2)).nodes.mail.sent).toBe(2);
  });

  it('refuses an unsound mapping with 422 located on the node, and neither publishes nor moves anything', async () => {
    await contactsWaitingOnV1();
    const auditBefore = auditCount();
    const refused = await h.call('POST', '/scenarios/onboarding/publish', { inFlight: 'move', mapping: { '1': { wait: 'mail', ghost: 'pause' } } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_mapping');
    expect(refused.body.error.issues).toEqual([
      expect.objectContaining({ path: ['mapping', '1', 'wait'], nodeId: 'wait', message: expect.stringContaining('mail is a action.email node') }),
      expect.objectContaining({ path: ['mapping', '1', 'ghost'], message: 'version 1 has no node ghost' }),
    ]);
    expect((await h.call('GET', '/scenarios/onboarding/versions')).body.items.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(enrolmentRows().map((e) => [e.version, e.node, e.dueAt])).toEqual([
      [1, 'wait', START + 2 * DAY],
      [1, 'wait', START + 2 * DAY],
    ]);
    expect(auditCount()).toBe(auditBefore);

    // A mapping without a move, or of the wrong shape: 400 with the path.
    const stray = await h.call('POST', '/scenarios/onboarding/publish', { mapping: { '1': { wait: 'pause' } } });
    expect(stray.status).toBe(400);
    expect(stray.body.error.issues).toEqual([expect.objectContaining({ path: ['mapping'] })]);
    const shape = await h.call('POST', '/scenarios/onboarding/publish', { inFlight: 'move', mapping: { one: { wait: 'pause' } } });
    expect(shape.status).toBe(400);
    expect(shape.body.error.issues[0].path).toEqual(['mapping', 'one']);
    expect((await h.call('GET', '/scenarios/onboarding/versions')).body.items).toHaveLength(1);
  });

  it('keeps them on their version by default, as before', async () => {
    await contactsWaitingOnV1();
    expect(await h.call('POST', '/scenarios/onboarding/publish', { inFlight: 'keep' })).toEqual({ status: 201, body: { version: 2 } });
    expect(enrolmentRows().map((e) => [e.version, e.node])).toEqual([
      [1, 'wait'],
      [1, 'wait'],
    ]);
    expect((await stats(2)).removed).toEqual([{ version: 1, node: 'wait', waiting: 2 }]);
    runTimersUntil(h, START + 2 * DAY);
    expect(templatesSent().map((m) => m.template)).toEqual(['old', 'old']);
  });

  it('moves by id when the ids match, keeping the due time of the same wait; a node mapped to null stays', async () => {
    await publishScenario(h, v1);
    await signUp('ada');
    // Version 2 changes only the email: the delay keeps its id and its timing.
    await h.call('PUT', '/scenarios/onboarding/draft', journey({ id: 'wait', label: 'Two days', duration: '2d' }, 'new'));
    h.clock.set(START + HOUR);
    expect((await h.call('GET', '/scenarios/onboarding/in-flight')).body.rows).toEqual([expect.objectContaining({ node: 'wait', contacts: 1, to: 'wait' })]);
    expect((await h.call('POST', '/scenarios/onboarding/publish', { inFlight: 'move' })).body).toEqual({ version: 2, moved: 1 });
    expect(enrolmentRows().map((e) => [e.version, e.node, e.dueAt])).toEqual([[2, 'wait', START + 2 * DAY]]);
    // Reached once by id: the canvas counts ada entered at "wait" once, not once per version.
    expect((await stats(2)).nodes.wait).toMatchObject({ entered: 1, waiting: 1 });

    // Version 3, publish with the node mapped to null: ada stays on version 2.
    await h.call('PUT', '/scenarios/onboarding/draft', { ...v1, name: 'Onboarding 3' });
    expect((await h.call('POST', '/scenarios/onboarding/publish', { inFlight: 'move', mapping: { '2': { wait: null } } })).body).toEqual({ version: 3, moved: 0 });
    expect(enrolmentRows().map((e) => [e.version, e.node])).toEqual([[2, 'wait']]);
  });

  it('loses nobody across a restart after the move: the timers fire on the new version', async () => {
    await contactsWaitingOnV1();
    expect((await h.call('POST', '/scenarios/onboarding/publish', { inFlight: 'move', mapping: { '1': { wait: 'pause' } } })).body.moved).toBe(2);
    // A new process over the same database file.
    h.db.$client.close();
    const db = h.database.open();
    h.db = db;
    const runtime = new Runtime(db, h.clock);
    expect(pendingTimers(db)).toBe(2);
    h.clock.set(START + 3 * DAY);
    expect(runtime.runDue(100)).toBe(2);
    expect(db.select({ template: messages.template, version: messages.version }).from(messages).where(eq(messages.contactId, 'ada')).all()).toEqual([{ template: 'new', version: 2 }]);
  });
  it("moves them when a review's approval publishes, as the publisher chose, and an unsound mapping approves nothing", async () => {
    await contactsWaitingOnV1();
    expect((await h.call('PUT', '/settings/review', { required: true })).status).toBe(200);
    const asked = await h.call('POST', '/scenarios/onboarding/reviews', { note: 'three days, the new email' });
    expect(asked.status).toBe(201);

    const refused = await h.call('POST', `/reviews/${asked.body.id}/approve`, { inFlight: 'move', mapping: { '1': { wait: 'mail' } } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_mapping');
    expect((await h.call('GET', `/reviews/${asked.body.id}`)).body.status).toBe('pending');
    expect(enrolmentRows().map((e) => e.version)).toEqual([1, 1]);

    const approved = await h.call('POST', `/reviews/${asked.body.id}/approve`, { inFlight: 'move', mapping: { '1': { wait: 'pause' } } });
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({ version: 2, moved: 2, review: { status: 'approved' } });
    expect(enrolmentRows().map((e) => [e.contactId, e.version, e.node])).toEqual([
      ['ada', 2, 'pause'],
      ['bob', 2, 'pause'],
    ]);
    runTimersUntil(h, START + 3 * DAY);
    expect(templatesSent()).toEqual([
      { contact: 'ada', template: 'new' },
      { contact: 'bob', template: 'new' },
    ]);
  });
});
