import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, INGEST_KEY, type Harness } from './helpers.ts';
import { delayScenario } from './fixtures/scenarios.ts';

describe('GET /templates: the template library shared by every scenario', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  it("lists every draft's templates with the scenario they come from, scenarios by name", async () => {
    const withSms = { ...delayScenario('b-scenario', { second: 'reminder' }), name: 'Birthday' };
    withSms.templates = [...withSms.templates, { id: 'hello-sms', channel: 'sms', text: 'Hi {{ contact.firstName }}' } as never];
    expect((await h.call('POST', '/scenarios', withSms)).status).toBe(201);
    expect((await h.call('POST', '/scenarios', { ...delayScenario('a-scenario'), name: 'Welcome' })).status).toBe(201);

    const res = await h.call('GET', '/templates');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { scenarioName: string; template: { id: string } }) => `${i.scenarioName}/${i.template.id}`)).toEqual([
      'Birthday/first',
      'Birthday/reminder',
      'Birthday/hello-sms',
      'Welcome/first',
      'Welcome/second',
    ]);
    expect(res.body.items[2]).toEqual({ scenarioId: 'b-scenario', scenarioName: 'Birthday', template: { id: 'hello-sms', channel: 'sms', text: 'Hi {{ contact.firstName }}' } });
  });

  it('follows the drafts: a template added to a draft is in the library at once', async () => {
    const scenario = delayScenario('s1');
    await h.call('POST', '/scenarios', scenario);
    const added = { id: 'late', channel: 'email', name: 'Late', subject: 'Late', html: '<p>late</p>' };
    expect((await h.call('PUT', '/scenarios/s1/draft', { ...scenario, templates: [...scenario.templates, added] })).status).toBe(200);
    const ids = (await h.call('GET', '/templates')).body.items.map((i: { template: { id: string } }) => i.template.id);
    expect(ids).toEqual(['first', 'second', 'late']);
  });

  it('is not for ingest keys', async () => {
    expect((await h.call('GET', '/templates', undefined, INGEST_KEY)).status).toBe(403);
  });
});
