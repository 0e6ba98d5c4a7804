import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pressureHarness, type PressureHarness } from './harness.ts';
import { twoSends } from './scenarios.ts';

let h: PressureHarness;
beforeEach(async () => {
  h = pressureHarness();
  const scenario = twoSends();
  scenario.templates.push(
    { id: 'order', channel: 'email', subject: 'Order {{ event.ref }}', html: '<p>{{ contact.firstName }}: {{ event.total }}</p>', text: 'x' },
    { id: 'typo', channel: 'email', subject: 'Hi', html: '<p>\n{{ contact.firstName | nope }}</p>', text: 'x' },
  );
  expect((await h.call('POST', '/scenarios', scenario)).status).toBe(201);
  await h.call('PUT', '/contacts/zoe', { attributes: { firstName: 'Zoé', nickname: '<i>z</i>' } });
});
afterEach(() => h.close());

const preview = (template: string, body: unknown) => h.call('POST', `/scenarios/two-sends/templates/${template}/preview`, body);

describe('template preview', () => {
  it('renders for a stored contact, escaped, with the unsubscribe footer', async () => {
    const res = await preview('first', { contactId: 'zoe' });
    expect(res.status).toBe(200);
    expect(res.body.content).toMatchObject({ channel: 'email', subject: 'Hello Zoé' });
    expect(res.body.content.html).toContain('<p>Hi Zoé, you are &lt;i&gt;z&lt;/i&gt;</p>');
    expect(res.body.content.html).toContain('#unsubscribe');
  });

  it('renders for a sample contact and event', async () => {
    const res = await preview('order', { contact: { id: 'sample', attributes: { firstName: 'Sam' } }, event: { name: 'order', properties: { ref: 'A-9', total: 12.5 } } });
    expect(res.status).toBe(200);
    expect(res.body.content).toMatchObject({ subject: 'Order A-9', html: expect.stringContaining('<p>Sam: 12.5</p>') });
  });

  it('answers 422 located on the template field for a template that cannot render', async () => {
    const missing = await preview('first', {});
    expect(missing.status).toBe(422);
    expect(missing.body.error.issues[0].path).toEqual(['templates', 0, expect.stringMatching(/^(subject|html|text)$/)]);
    expect(missing.body.error.message).toContain('firstName');

    const typo = await preview('typo', { contactId: 'zoe' });
    expect(typo.status).toBe(422);
    expect(typo.body.error.issues).toEqual([{ path: ['templates', 3, 'html'], message: expect.stringContaining('nope') }]);
  });

  it('answers 404 for an unknown scenario, template or contact, and 400 for a bad body', async () => {
    expect((await h.call('POST', '/scenarios/nope/templates/first/preview', {})).status).toBe(404);
    expect((await preview('nope', {})).status).toBe(404);
    expect((await preview('first', { contactId: 'nobody' })).status).toBe(404);
    const both = await preview('first', { contactId: 'zoe', contact: { id: 'x' } });
    expect(both.status).toBe(400);
    expect(both.body.error.issues[0].path).toEqual(['contact']);
    const bad = await preview('first', { contact: { id: 'x', consents: { email: 'yes' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toEqual(['contact', 'consents', 'email']);
  });
});
