import { describe, expect, test } from 'vitest';
import { renderSend, runTestCase, simulate, type TestCase } from '../src/index.ts';
import { scenarioOf, shopper } from './fixtures.ts';

/** Signed up → welcome email whose subject reads the contact's first name, with or without a default. */
const welcome = (subject: string) =>
  scenarioOf(
    [
      { id: 'start', type: 'entry.event', config: { event: 'signed_up' } },
      { id: 'send_welcome', type: 'action.email', config: { template: 'welcome' } },
      { id: 'done', type: 'flow.exit' },
    ],
    ['start>send_welcome', 'send_welcome>done'],
    { templates: [{ id: 'welcome', channel: 'email', subject, html: '<p>Hello</p>' }] },
  );
const STRICT = 'Welcome, {{ contact.firstName }}!';
const signedUp = [{ at: '0m', event: 'signed_up', properties: {} }];
const REASON = 'template "welcome": subject, line 1, column 13: undefined variable: contact.firstName';

describe('a simulated send fails where delivery would', () => {
  test('the reason is the one delivery records (renderSend, shared with the server)', () => {
    const rendered = renderSend(welcome(STRICT), { node: 'send_welcome', channel: 'email', template: 'welcome' }, shopper);
    expect(rendered).toEqual({ ok: false, error: { code: 'unknown_variable', message: REASON, field: 'subject' } });
  });

  test('a contact without the attribute: the message and its step carry the reason', () => {
    const result = simulate(welcome(STRICT), { contact: shopper, events: signedUp });
    expect(result.messages.map((m) => [m.node, m.failure])).toEqual([['send_welcome', REASON]]);
    expect(result.steps.find((s) => s.node === 'send_welcome')).toMatchObject({ outcome: 'sent', failure: REASON });
  });

  test('a contact with the attribute, or a template with a default, sends fine', () => {
    const withName = simulate(welcome(STRICT), { contact: { ...shopper, attributes: { firstName: 'Ana' } }, events: signedUp });
    const defaulted = simulate(welcome('Welcome, {{ contact.firstName | default: "there" }}!'), { contact: shopper, events: signedUp });
    for (const result of [withName, defaulted]) {
      expect(result.messages.map((m) => m.failure)).toEqual([undefined]);
      expect(result.steps.some((s) => s.failure)).toBe(false);
    }
  });

  test('an attribute set before the send counts, as it would live', () => {
    const scenario = welcome(STRICT);
    const result = simulate(scenario, {
      contact: shopper,
      events: [{ at: '0m', attributes: { firstName: 'Ana' } }, ...signedUp],
    });
    expect(result.messages[0].failure).toBeUndefined();
  });

  test('a saved case whose path hits the failing send fails with that reason', () => {
    const testCase: TestCase = {
      name: 'welcome',
      contact: shopper,
      events: signedUp,
      expect: { path: ['start', 'send_welcome', 'done'], messages: [{ channel: 'email', template: 'welcome' }] },
    };
    const outcome = runTestCase(welcome(STRICT), testCase);
    expect(outcome.passed).toBe(false);
    expect(outcome.failures).toEqual([`message 1: email template welcome at node send_welcome would fail: ${REASON}`]);
    expect(runTestCase(welcome(STRICT), { ...testCase, contact: { ...shopper, attributes: { firstName: 'Ana' } } }).passed).toBe(true);
  });
});
