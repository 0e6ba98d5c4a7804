import { DEFAULT_DELIVERY_SETTINGS, type ChannelConfig, type ComposeInput } from '../../src/channels/index.ts';

export const SECRET = 'test-secret-that-is-long-enough-0123456789';

/** Everything sandboxed, default lanes, quick retries; tests switch on the channel they exercise. */
export function testConfig(overrides: Partial<ChannelConfig> = {}): ChannelConfig {
  return {
    publicUrl: 'https://parcours.test',
    unsubscribe: { secret: SECRET, ttlDays: 30 },
    email: { mode: 'sandbox' },
    sms: { mode: 'sandbox' },
    push: { mode: 'sandbox' },
    webhook: { mode: 'sandbox' },
    task: { mode: 'sandbox' },
    http: { allow: [], timeoutMs: 1000 },
    delivery: { ...DEFAULT_DELIVERY_SETTINGS, retry: { attempts: 3, minDelayMs: 5, maxDelayMs: 20 } },
    ...overrides,
  };
}

export const scenario: ComposeInput['scenario'] = {
  id: 'welcome',
  name: 'Welcome series',
  templates: [
    {
      id: 'welcome-email',
      channel: 'email',
      subject: 'Welcome {{ contact.firstName }}',
      html: '<html><body><h1>Hello {{ contact.firstName }}</h1><p>Nickname: {{ contact.nickname }}</p></body></html>',
      text: 'Hello {{ contact.firstName }}, nickname {{ contact.nickname }}',
    },
    { id: 'linked-email', channel: 'email', subject: 'Hi', html: '<a href="{{ links.unsubscribe }}">Stop these emails</a>' },
    { id: 'welcome-sms', channel: 'sms', text: 'Hi {{ contact.firstName }}, "welcome" to {{ scenario.name }}' },
    { id: 'welcome-push', channel: 'push', title: 'Hi {{ contact.firstName }}', body: 'Your plan: {{ contact.plan }}' },
    { id: 'order-hook', channel: 'webhook', body: '{"customer": "{{ contact.firstName }}", "total": {{ event.total }}}' },
    { id: 'typo-email', channel: 'email', subject: 'Hi {{ contact.lastName }}', html: 'x' },
  ],
  nodes: [
    {
      id: 'call-back',
      type: 'action.task',
      config: { kind: 'call', title: 'Call {{ contact.firstName }}', instructions: 'Plan {{ contact.plan }}', team: 'sales', dueIn: '1d', onCap: 'skip', once: false },
      position: { x: 0, y: 0 },
    },
  ],
};

/** When the fixtures' sends were asked for. */
export const CREATED_AT = Date.parse('2026-03-02T09:00:00Z');

export const contact = {
  id: 'c-42',
  attributes: {
    email: 'zoe@example.test',
    phone: '+33612345678',
    pushToken: 'device-token-1',
    firstName: 'Zoe',
    plan: 'pro',
    nickname: '<script>alert("x")</script>',
  },
};

export function sendInput(request: ComposeInput['request'], overrides: Partial<ComposeInput> = {}): ComposeInput {
  return { id: '7', idempotencyKey: `enrolment-1:${request.node}:0`, request, scenario, createdAt: CREATED_AT, contact, ...overrides };
}
