import { afterEach, describe, expect, it } from 'vitest';
import type { SmtpSink } from './channels/servers.ts';
import { harness, publishScenario, type Harness } from './helpers.ts';
import { smtpPressureHarness, type PressureHarness } from './pressure/harness.ts';
import { newsletterJourney } from '../../test/support/newsletter.ts';

/** Message campaigns (a campaign that writes and publishes its own one-message journey) and editing a campaign. */
let h: Harness;
let sink: SmtpSink | undefined;
afterEach(async () => {
  h.close();
  await sink?.close();
  sink = undefined;
});

const iso = (at: number) => new Date(at).toISOString();
const moveTo = (at: number) => h.call('POST', '/clock', { to: iso(at) });
const RUN_AT = Date.parse('2026-01-05T10:00:00Z');

const email = { channel: 'email', subject: 'January news', html: '<p>Hello {{ contact.id }}</p>', text: 'Hello' };
const messageCampaign = (segment: string, overrides: Record<string, unknown> = {}) => ({
  name: 'January news',
  segment,
  action: { kind: 'message', template: email, topic: 'news' },
  schedule: { repeat: 'once', date: '2026-01-05', time: '10:00' },
  ...overrides,
});

async function proSegment(): Promise<string> {
  const segment = await h.call('POST', '/segments', { name: 'Pro', condition: { attribute: 'plan', op: 'eq', value: 'pro' } });
  expect(segment.status).toBe(201);
  return segment.body.id;
}

async function contact(id: string, plan: string, consents: Record<string, boolean> = { email: true }) {
  const saved = await h.call('PUT', `/contacts/${id}`, { attributes: { plan, email: `${id}@example.test`, firstName: id }, consents });
  expect(saved.status).toBe(200);
}

async function create(body: unknown): Promise<any> {
  const created = await h.call('POST', '/campaigns', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

const outbox = () =>
  h.db.$client.prepare(`SELECT contact_id AS contact, scenario_id AS scenario, version, channel, status FROM messages ORDER BY contact_id`).all() as Array<Record<string, unknown>>;
const auditActions = () => (h.db.$client.prepare(`SELECT action FROM audit_log WHERE action LIKE 'campaign.%' ORDER BY id`).all() as Array<{ action: string }>).map((row) => row.action);
const runs = async (id: string) => (await h.call('GET', `/campaigns/${id}/runs`)).body.items;

describe('message campaigns', () => {
  it('sends one email to each consenting member through the outbox and holds the others back by rule', async () => {
    let smtp: PressureHarness;
    ({ h: smtp, sink } = await smtpPressureHarness());
    h = smtp;
    expect((await h.call('PUT', '/settings/topics', { topics: [{ id: 'news', name: 'News', channels: ['email'] }] })).status).toBe(200);
    await contact('ann', 'pro');
    await contact('bob', 'pro');
    await contact('cid', 'pro', { email: false });
    await contact('dan', 'pro');
    await contact('eve', 'free');
    // Dan opted out of the campaign's topic.
    expect((await h.call('PUT', '/contacts/dan/preferences', { topics: { news: { email: false } } })).status).toBe(200);
    const created = await create(messageCampaign(await proSegment()));
    expect(created.action).toMatchObject({ kind: 'message', template: email, topic: 'news' });

    // The campaign's own journey is published with it, and listed as the campaign's.
    const journeys = (await h.call('GET', '/scenarios')).body.items;
    expect(journeys).toEqual([expect.objectContaining({ id: created.id, status: 'live', latestVersion: 1, campaign: created.id })]);
    await moveTo(RUN_AT - 60_000);
    expect(outbox()).toEqual([]);

    await moveTo(RUN_AT);
    expect(outbox()).toEqual([
      { contact: 'ann', scenario: created.id, version: 1, channel: 'email', status: 'pending' },
      { contact: 'bob', scenario: created.id, version: 1, channel: 'email', status: 'pending' },
    ]);
    const [run] = await runs(created.id);
    expect(run).toMatchObject({ audience: 4, enrolled: 4, skipped: 0, messages: { pending: 2 }, heldBack: { 'skipped:consent': 1, 'skipped:topic': 1 } });

    expect(await smtp.dispatch()).toBe(2);
    expect(sink!.mails.map((mail) => mail.to).sort()).toEqual([['ann@example.test'], ['bob@example.test']]);
    expect(sink!.mails[0].raw).toContain('January news');
    expect((await runs(created.id))[0].messages).toEqual({ sent: 2 });
    expect(auditActions()).toEqual(['campaign.create']);
  });

  it("keeps the campaign's journey from being changed, published, archived or started on its own", async () => {
    h = harness();
    const created = await create(messageCampaign(await proSegment()));
    const journey = (await h.call('GET', `/scenarios/${created.id}`)).body;
    expect(journey).toMatchObject({ campaign: created.id, status: 'live', validation: { ok: true } });
    await contact('ann', 'pro');
    const refusals = [
      await h.call('PUT', `/scenarios/${created.id}/draft`, { ...journey.draft, name: 'Mine now' }),
      await h.call('POST', '/scenarios/import', { ...journey.draft, name: 'Mine now' }),
      await h.call('POST', `/scenarios/${created.id}/publish`),
      await h.call('POST', `/scenarios/${created.id}/archive`),
      await h.call('POST', `/scenarios/${created.id}/enrol`, { contactId: 'ann' }),
    ];
    for (const refused of refusals) {
      expect(refused.status, JSON.stringify(refused.body)).toBe(409);
      expect(refused.body.error.message).toContain(`message campaign ${created.id}`);
    }
    expect((await h.call('POST', '/scenarios', { ...journey.draft, name: 'Copy' })).status).toBe(409);
    // Nor does another campaign start it: it sends its own campaign's message only.
    const borrowed = await h.call('POST', '/campaigns', { ...messageCampaign(created.segment), action: { kind: 'journey', scenario: created.id } });
    expect(borrowed.status).toBe(400);
    expect(borrowed.body.error.issues[0]).toMatchObject({ path: ['action', 'scenario'], message: expect.stringContaining(created.id) });
    expect((await h.call('GET', `/scenarios/${created.id}`)).body).toMatchObject({ name: 'January news', status: 'live', latestVersion: 1 });
    expect(h.db.$client.prepare(`SELECT count(*) AS n FROM audit_log WHERE action NOT LIKE 'campaign.%' AND action NOT LIKE 'segment.%' AND action NOT LIKE 'contact.%'`).get()).toEqual({ n: 0 });

    // Cancelling the campaign retires its journey: it takes nobody new.
    expect((await h.call('POST', `/campaigns/${created.id}/cancel`)).status).toBe(200);
    expect((await h.call('GET', `/scenarios/${created.id}`)).body.status).toBe('archived');
  });

  it('refuses a bad message with a 400 located on the campaign field, and writes nothing', async () => {
    h = harness();
    const segment = await proSegment();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'message', template: { ...email, subject: '' } }, 'action.template.subject'],
      [{ kind: 'message', template: { channel: 'webhook', body: '{}' } }, 'action.template.channel'],
      [{ kind: 'message', template: email, onCap: 'later' }, 'action.onCap'],
      [{ kind: 'message', template: { ...email, html: '<p>{% if %}</p>' } }, 'action.template.html'],
    ];
    for (const [action, path] of cases) {
      const refused = await h.call('POST', '/campaigns', messageCampaign(segment, { action }));
      expect(refused.status, path).toBe(400);
      expect(refused.body.error.issues[0].path.join('.'), JSON.stringify(refused.body)).toBe(path);
    }
    expect((await h.call('GET', '/campaigns')).body.items).toEqual([]);
    expect((await h.call('GET', '/scenarios')).body.items).toEqual([]);
    expect(auditActions()).toEqual([]);
  });
});

describe('editing a campaign', () => {
  it('moves the next run to the new schedule, audited once; an edit that changes nothing writes nothing', async () => {
    h = harness();
    const created = await create(messageCampaign(await proSegment(), { schedule: { repeat: 'weekly', weekday: 'mon', time: '10:00' } }));
    expect(created.nextRunAt).toBe(iso(RUN_AT));
    const edited = await h.call('PATCH', `/campaigns/${created.id}`, { schedule: { repeat: 'weekly', weekday: 'wed', time: '18:30' }, timeZone: 'Europe/Paris' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    // Wednesday 7 January, 18:30 in Paris (UTC+1 in winter); the fields not given are kept.
    expect(edited.body).toMatchObject({ nextRunAt: '2026-01-07T17:30:00.000Z', name: 'January news', action: { kind: 'message', topic: 'news' } });
    expect((await h.call('GET', `/campaigns/${created.id}`)).body.nextRunAt).toBe('2026-01-07T17:30:00.000Z');
    expect((await h.call('PATCH', `/campaigns/${created.id}`, { timeZone: 'Europe/Paris' })).status).toBe(200);
    expect(auditActions()).toEqual(['campaign.create', 'campaign.update']);
    const entry = h.db.$client.prepare(`SELECT change FROM audit_log WHERE action = 'campaign.update'`).get() as { change: string };
    expect(JSON.parse(entry.change)).toEqual({ fields: ['schedule', 'timeZone'] });
    // The schedule did not touch the message: the journey has no new version.
    expect((await h.call('GET', `/scenarios/${created.id}`)).body.latestVersion).toBe(1);
  });

  it('a run under way keeps the message it started with; the next run sends the edited one', async () => {
    h = harness();
    for (const id of ['a1', 'a2', 'a3', 'a4']) await contact(id, 'pro');
    const created = await create(messageCampaign(await proSegment(), { schedule: { repeat: 'daily', time: '10:00' }, spread: '1h' }));
    await moveTo(RUN_AT + 20 * 60_000);
    expect(outbox().map((m) => m.version)).toEqual([1, 1]);

    const edited = await h.call('PATCH', `/campaigns/${created.id}`, { action: { kind: 'message', template: { ...email, subject: 'Better news' } }, spread: null });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.spread).toBeUndefined();
    expect((await h.call('GET', `/scenarios/${created.id}`)).body).toMatchObject({ latestVersion: 2, draft: { templates: [{ subject: 'Better news' }] } });

    // The rest of today's run still goes out paced and with the first message.
    await moveTo(RUN_AT + 60 * 60_000);
    expect(outbox().map((m) => m.version)).toEqual([1, 1, 1, 1]);
    expect((await runs(created.id))[0]).toMatchObject({ enrolled: 4, messages: { pending: 4 } });
    // Tomorrow's run sends the edited message to everyone at once.
    await moveTo(RUN_AT + 24 * 3_600_000);
    const tomorrow = h.db.$client.prepare(`SELECT version, created_at AS at FROM messages WHERE version = 2`).all() as Array<{ version: number; at: number }>;
    expect(tomorrow.map((m) => m.at)).toEqual(Array(4).fill(RUN_AT + 24 * 3_600_000));
  });

  it('turns a journey campaign into a message campaign and back, retiring the journey it no longer sends', async () => {
    h = harness();
    await publishScenario(h, newsletterJourney());
    const created = await create({ ...messageCampaign(await proSegment()), action: { kind: 'journey', scenario: 'newsletter' } });
    const toMessage = await h.call('PATCH', `/campaigns/${created.id}`, { action: { kind: 'message', template: email } });
    expect(toMessage.status).toBe(200);
    expect((await h.call('GET', `/scenarios/${created.id}`)).body).toMatchObject({ status: 'live', campaign: created.id });
    expect((await h.call('PATCH', `/campaigns/${created.id}`, { action: { kind: 'journey', scenario: 'newsletter' } })).status).toBe(200);
    expect((await h.call('GET', `/scenarios/${created.id}`)).body.status).toBe('archived');
    expect(auditActions()).toEqual(['campaign.create', 'campaign.update', 'campaign.update']);
  });

  it('refuses a bad edit with a located 400 and a cancelled campaign with 409, changing nothing', async () => {
    h = harness();
    const segment = await proSegment();
    const created = await create(messageCampaign(segment, { schedule: { repeat: 'daily', time: '10:00' } }));
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ segment: 'seg-nope' }, 'segment'],
      [{ schedule: { repeat: 'daily', time: '25:00' } }, 'schedule.time'],
      [{ schedule: { repeat: 'once', date: '2026-01-04', time: '10:00' } }, 'schedule.date'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ spread: '2d' }, 'spread'],
      [{ action: { kind: 'journey', scenario: 'nope' } }, 'action.scenario'],
      [{ action: { kind: 'message', template: { ...email, subject: '' } } }, 'action.template.subject'],
      [{ name: '' }, 'name'],
      [{ extra: true }, 'extra'],
    ];
    for (const [patch, path] of cases) {
      const refused = await h.call('PATCH', `/campaigns/${created.id}`, patch);
      expect(refused.status, path).toBe(400);
      expect(refused.body.error.issues[0].path.join('.'), JSON.stringify(refused.body)).toBe(path);
    }
    expect((await h.call('PATCH', '/campaigns/camp-nope', { name: 'x' })).status).toBe(404);
    expect((await h.call('GET', `/campaigns/${created.id}`)).body).toMatchObject({ name: 'January news', schedule: { repeat: 'daily', time: '10:00' }, nextRunAt: iso(RUN_AT) });

    expect((await h.call('POST', `/campaigns/${created.id}/cancel`)).status).toBe(200);
    const refused = await h.call('PATCH', `/campaigns/${created.id}`, { name: 'Revived' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('cancelled');
    expect(auditActions()).toEqual(['campaign.create', 'campaign.cancel']);
  });
});
