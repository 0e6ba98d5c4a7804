import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { contacts, enrolments, events } from '../src/db/schema.ts';
import { harness, publishScenario, type Harness } from './helpers.ts';
import { delayScenario } from './fixtures/scenarios.ts';
import { formatPath, type PathSegment } from '@parcours/shared';

const LONE = 'ann\uD800'; // a high surrogate with no low one after it
const LONG = 'x'.repeat(201);
let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const written = () => ({
  contacts: h.db.select({ n: count() }).from(contacts).get()!.n,
  events: h.db.select({ n: count() }).from(events).get()!.n,
  enrolments: h.db.select({ n: count() }).from(enrolments).get()!.n,
});
const NOTHING = { contacts: 0, events: 0, enrolments: 0 };

async function refused(method: string, path: string, body: unknown, field: string) {
  const answer = await h.call(method, path, body);
  expect(answer.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
  expect(answer.body.error.issues.map((i: { path: PathSegment[] }) => formatPath(i.path))).toContain(field);
}

describe('contact ids, anonymous ids and event names at the edge', () => {
  it('refuses a lone surrogate in a track, writes nothing, and a valid event still works afterwards', async () => {
    await publishScenario(h, delayScenario('s'));
    await refused('POST', '/track', { userId: LONE, event: 'go', properties: {} }, 'userId');
    await refused('POST', '/track', { anonymousId: LONE, event: 'go', properties: {} }, 'anonymousId');
    await refused('POST', '/track', { userId: 'ann', event: `go${LONE}`, properties: {} }, 'event');
    expect(written()).toEqual(NOTHING);

    expect((await h.call('POST', '/track', { userId: 'ann', event: 'go', properties: {} })).status).toBe(200);
    expect((await h.call('POST', '/track', { userId: 'ann', event: 'clicked', properties: {} })).status).toBe(200);
    expect(written()).toEqual({ contacts: 1, events: 2, enrolments: 1 });
  });

  it('takes ids of 200 characters and refuses 201, in every body and path that names a contact', async () => {
    expect((await h.call('POST', '/track', { userId: 'x'.repeat(200), event: 'go', properties: {} })).status).toBe(200);
    await refused('POST', '/track', { userId: LONG, event: 'go', properties: {} }, 'userId');
    await refused('POST', '/track', { userId: 'ann', event: LONG, properties: {} }, 'event');
    await refused('POST', '/identify', { userId: 'ann', anonymousId: LONG }, 'anonymousId');
    await refused('POST', '/identify', { userId: LONE }, 'userId');
    await refused('PUT', `/contacts/${LONG}`, {}, 'id');
    await refused('POST', '/contacts/batch', { contacts: [{ id: 'ok' }, { id: LONE }] }, 'contacts[1].id');
    for (const path of [`/contacts/${LONG}`, `/contacts/${LONG}/timeline`]) {
      const answer = await h.call('GET', path);
      expect(answer.status, path).toBe(400);
      expect(answer.body.error.issues[0].path).toEqual(['id']);
    }
    expect(written()).toEqual({ contacts: 1, events: 1, enrolments: 0 });
  });

  it('refuses a whole batch for one bad item', async () => {
    const batch = [
      { type: 'track', userId: 'ann', event: 'go', properties: {} },
      { type: 'track', userId: LONE, event: 'go', properties: {} },
      { type: 'identify', userId: 'bob', anonymousId: LONG },
    ];
    const answer = await h.call('POST', '/batch', { batch });
    expect(answer.status).toBe(400);
    expect(answer.body.error.issues.map((i: { path: PathSegment[] }) => i.path)).toEqual([['batch', 1, 'userId'], ['batch', 2, 'anonymousId']]);
    expect(written()).toEqual(NOTHING);
  });

  it('checks enrolment bodies and simulated timelines the same way', async () => {
    const scenario = delayScenario('api', { entry: 'api' });
    await publishScenario(h, scenario);
    await refused('POST', '/scenarios/api/enrol', { contactId: LONE }, 'contactId');
    await refused('POST', '/scenarios/api/simulate', { contact: { id: LONE }, events: [] }, 'contact.id');
    await refused('POST', '/scenarios/api/simulate', { contact: { id: 'ann' }, events: [{ at: '1h', event: LONG }] }, 'events[0].event');
    expect(written()).toEqual(NOTHING);
  });
});
