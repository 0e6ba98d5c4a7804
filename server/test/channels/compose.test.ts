import { describe, expect, it } from 'vitest';
import { createChannels, type ComposeResult } from '../../src/channels/index.ts';
import { contact, sendInput, testConfig } from './fixtures.ts';

const channels = createChannels(testConfig());

function failure(result: ComposeResult) {
  if (result.ok) throw new Error('expected the message not to compose');
  return result.error;
}

describe('composeMessage', () => {
  it('builds an email with its address, rendered content and signed unsubscribe link', () => {
    const result = channels.compose(sendInput({ node: 'n1', channel: 'email', template: 'linked-email' }));
    if (!result.ok) throw new Error(result.error.message);
    const { message } = result;
    expect(message).toMatchObject({ id: '7', idempotencyKey: 'enrolment-1:n1:0', channel: 'email', recipient: { contactId: 'c-42', email: 'zoe@example.test' } });
    if (message.channel !== 'email') throw new Error('expected an email');
    expect(message.unsubscribeUrl).toMatch(/^https:\/\/parcours\.test\/u\//);
    expect(message.content).toEqual({ channel: 'email', subject: 'Hi', html: `<a href="${message.unsubscribeUrl}">Stop these emails</a>` });
    expect(channels.verifyUnsubscribe(message.unsubscribeUrl.split('/u/')[1])).toMatchObject({ ok: true, contactId: 'c-42', channel: 'email' });
    expect(JSON.parse(JSON.stringify(message))).toEqual(message);
  });

  it('gives SMS and push the recipient address their channel needs', () => {
    expect(channels.compose(sendInput({ node: 'n', channel: 'sms', template: 'welcome-sms' }))).toMatchObject({
      ok: true,
      message: { channel: 'sms', recipient: { contactId: 'c-42', phone: '+33612345678' }, content: { text: 'Hi Zoe, "welcome" to Welcome series' } },
    });
    expect(channels.compose(sendInput({ node: 'n', channel: 'push', template: 'welcome-push' }))).toMatchObject({
      ok: true,
      message: { channel: 'push', recipient: { pushToken: 'device-token-1' }, content: { title: 'Hi Zoe' } },
    });
  });

  it('refuses an email attribute that would add recipients', () => {
    const sneaky = { ...contact, attributes: { ...contact.attributes, email: 'zoe@example.test, boss@example.test' } };
    expect(failure(channels.compose(sendInput({ node: 'n', channel: 'email', template: 'welcome-email' }, { contact: sneaky })))).toEqual({
      code: 'no_address',
      message: 'contact c-42: attribute "email" must hold an email address',
    });
  });

  it('refuses a phone number that is not E.164 and a contact with no push token', () => {
    const local = { ...contact, attributes: { ...contact.attributes, phone: '06 12 34 56 78', pushToken: null } };
    expect(failure(channels.compose(sendInput({ node: 'n', channel: 'sms', template: 'welcome-sms' }, { contact: local }))).code).toBe('no_address');
    expect(failure(channels.compose(sendInput({ node: 'n', channel: 'push', template: 'welcome-push' }, { contact: local }))).message).toBe(
      'contact c-42: attribute "pushToken" must hold a push token',
    );
  });

  it('reports an unknown variable at send time, located on the template field', () => {
    expect(failure(channels.compose(sendInput({ node: 'n', channel: 'email', template: 'typo-email' })))).toEqual({
      code: 'unknown_variable',
      field: 'subject',
      message: 'template "typo-email": subject, line 1, column 7: undefined variable: contact.lastName',
    });
  });

  it('reports a missing or mismatched template', () => {
    expect(failure(channels.compose(sendInput({ node: 'n', channel: 'email', template: 'nope' }))).code).toBe('template_not_found');
    expect(failure(channels.compose(sendInput({ node: 'n', channel: 'sms', template: 'welcome-email' }))).code).toBe('template_channel_mismatch');
    expect(failure(channels.compose(sendInput({ node: 'n', channel: 'sms' }))).code).toBe('template_missing');
  });

  it('needs a webhook target and a known method', () => {
    expect(failure(channels.compose(sendInput({ node: 'n', channel: 'webhook' }))).code).toBe('invalid_webhook');
    const bad = { url: 'http://x.test', method: 'TRACE' };
    expect(failure(channels.compose(sendInput({ node: 'n', channel: 'webhook', webhook: bad }))).code).toBe('invalid_webhook');
  });

  it('fails a webhook template that needs an event when there is none', () => {
    const webhook = { url: 'http://x.test', method: 'POST' };
    expect(failure(channels.compose(sendInput({ node: 'n', channel: 'webhook', template: 'order-hook', webhook })))).toMatchObject({
      code: 'unknown_variable',
      field: 'body',
    });
  });
});

describe('sandbox', () => {
  it('is the default for every channel and sends nothing', async () => {
    expect(channels.modes).toEqual({ email: 'sandbox', sms: 'sandbox', push: 'sandbox', webhook: 'sandbox', task: 'sandbox' });
    const result = channels.compose(sendInput({ node: 'n', channel: 'sms', template: 'welcome-sms' }));
    if (!result.ok) throw new Error(result.error.message);
    expect(await channels.deliver(result.message)).toEqual({ status: 'sent', detail: 'sandbox', providerId: 'sandbox:7' });
  });
});
