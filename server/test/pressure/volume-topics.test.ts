import { afterEach, describe, expect, it } from 'vitest';
import { START, publishScenario, runTimersUntil } from '../helpers.ts';
import { pressureHarness, type PressureHarness } from './harness.ts';
import { twoSends } from './scenarios.ts';

/** The volume report per channel and topic: what went out, and what each rule held back, from the stored rows. */
let h: PressureHarness;
afterEach(() => h.close());

const DAY = 86_400_000;
const person = { attributes: { email: 'x@example.test', firstName: 'X', nickname: 'x' }, consents: { email: true } };

describe('volume report by topic and rule', () => {
  it('counts sends and hold-backs by topic, frequency choice, pending consent and quiet hours, per channel and topic', async () => {
    h = pressureHarness();
    expect((await h.call('PUT', '/settings/topics', { topics: [{ id: 'offers', name: 'Offers', channels: ['email'] }] })).status).toBe(200);
    // The first email is on "offers", the second names no topic; the second falls in quiet hours for the night owl.
    const scenario = twoSends({ wait: '1d' });
    Object.assign(scenario.nodes.find((n) => n.id === 'send_first')!.config, { topic: 'offers' });
    await publishScenario(h, scenario);
    for (const id of ['free', 'out', 'weekly', 'late']) expect((await h.call('PUT', `/contacts/${id}`, person)).status).toBe(200);
    expect((await h.call('PUT', '/contacts/out/preferences', { topics: { offers: { email: false } } })).status).toBe(200);
    expect((await h.call('PUT', '/contacts/weekly/preferences', { frequency: 'weekly' })).status).toBe(200);
    expect((await h.call('PUT', '/settings/double-opt-in', { email: true, sms: false, smsKeywords: { confirm: ['OUI'], stop: ['STOP'] }, linkTtlDays: 7 })).status).toBe(200);
    expect((await h.call('PUT', '/contacts/pending', person)).status).toBe(200);
    for (const id of ['free', 'out', 'weekly', 'pending']) expect((await h.call('POST', '/scenarios/two-sends/enrol', { contactId: id })).body).toEqual({ enrolled: true });
    await h.dispatch();
    // The night owl enters at 23:00 in Paris under the operator's quiet hours: the first send waits for the morning.
    expect((await h.call('PUT', '/settings/pressure', { frequencyCaps: [], quietHours: { start: '22:00', end: '07:00' } })).status).toBe(200);
    h.clock.set(START + 14 * 3_600_000);
    expect((await h.call('PUT', '/contacts/late', { ...person, timeZone: 'Europe/Paris' })).status).toBe(200);
    expect((await h.call('POST', '/scenarios/two-sends/enrol', { contactId: 'late' })).body).toEqual({ enrolled: true });
    runTimersUntil(h, START + 3 * DAY);
    h.clock.set(START + 3 * DAY);
    await h.dispatch();

    const { status, body } = await h.call('GET', '/scenarios/two-sends/volume?days=7');
    expect(status).toBe(200);
    expect(body.byTopic).toEqual([
      // The second email: free, out and late; weekly's choice holds it; pending awaits confirmation.
      { channel: 'email', topic: null, sent: 3, held: [{ rule: 'frequency_choice', skipped: 1, deferred: 0 }, { rule: 'consent_pending', skipped: 1, deferred: 0 }] },
      // The first email, on offers: free, weekly and late (deferred once by quiet hours); out opted out; pending awaits confirmation.
      {
        channel: 'email',
        topic: 'offers',
        sent: 3,
        held: [
          { rule: 'quiet_hours', skipped: 0, deferred: 1 },
          { rule: 'topic', skipped: 1, deferred: 0 },
          { rule: 'consent_pending', skipped: 1, deferred: 0 },
        ],
      },
    ]);
  });
});
