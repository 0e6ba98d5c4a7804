import { Liquid } from 'liquidjs';
import { describe, expect, it, vi } from 'vitest';
import {
  PREVIEW_PREFERENCES_URL,
  PREVIEW_UNSUBSCRIBE_URL,
  Scenario,
  TemplateError,
  previewTemplate,
  renderJsonTemplate,
  renderTemplate,
  templateVars,
  validateTemplates,
  withUnsubscribeLink,
  type ScenarioInput,
  type Template,
} from '../src/index.ts';

const contact = { id: 'c-1', attributes: { firstName: 'Zoé', evil: '<script>alert(1)</script>', quote: 'Jean "Johnny" O\'Neil\\\n', plan: 'pro' } };
const vars = templateVars(contact, { name: 'order_placed', properties: { total: 42.5, items: [{ sku: 'A' }] } }, {
  links: { unsubscribe: 'https://mail.example/u/TOKEN', preferences: 'https://mail.example/p/TOKEN' },
  scenario: { id: 'welcome', name: 'Welcome' },
});

const email = (html: string, extra: Partial<Extract<Template, { channel: 'email' }>> = {}): Template => ({
  id: 'e1',
  channel: 'email',
  subject: 'Hello {{ contact.firstName }}',
  html,
  ...extra,
});

function thrown(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

describe('renderTemplate', () => {
  it('HTML-escapes values in an email body, and only there', () => {
    const out = renderTemplate(email('<p>{{ contact.evil }}</p>', { subject: 'Hi {{ contact.evil }}', text: 'T {{ contact.evil }}' }), vars);
    expect(out).toEqual({
      channel: 'email',
      subject: 'Hi <script>alert(1)</script>',
      html: '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
      text: 'T <script>alert(1)</script>',
    });
  });

  it('lets a template opt out of escaping with | raw', () => {
    const out = renderTemplate(email('{{ contact.evil | raw }}'), vars);
    expect(out).toMatchObject({ html: '<script>alert(1)</script>' });
  });

  it('personalises from contact, event, links and scenario; id and name cannot be hidden', () => {
    const shadowing = templateVars({ id: 'real', attributes: { id: 'fake' } }, { name: 'real_event', properties: { name: 'fake' } });
    expect(shadowing.contact.id).toBe('real');
    expect(shadowing.event?.name).toBe('real_event');
    const sms: Template = { id: 's', channel: 'sms', text: '{{ contact.firstName }}: {{ event.total }} ({{ event.name }}, {{ scenario.name }}) {{ links.unsubscribe }}' };
    expect(renderTemplate(sms, vars)).toEqual({ channel: 'sms', text: 'Zoé: 42.5 (order_placed, Welcome) https://mail.example/u/TOKEN' });
  });

  it('renders push titles and bodies as plain text', () => {
    const push: Template = { id: 'p', channel: 'push', title: '{{ contact.evil }}', body: 'Plan {{ contact.plan | upcase }}' };
    expect(renderTemplate(push, vars)).toEqual({ channel: 'push', title: '<script>alert(1)</script>', body: 'Plan PRO' });
  });

  it('fails clearly on an unknown variable, located on its field, line and column', () => {
    const error = thrown(() => renderTemplate(email('<p>\n  {{ contact.lastName }}</p>'), vars));
    expect(error.code).toBe('unknown_variable');
    expect(error.field).toBe('html');
    expect([error.line, error.column]).toEqual([2, 6]);
    expect(error.message).toBe('html, line 2, column 6: undefined variable: contact.lastName');
  });

  it('fails on a missing event instead of rendering a blank', () => {
    const withoutEvent = templateVars(contact);
    const error = thrown(() => renderTemplate({ id: 's', channel: 'sms', text: 'Your order {{ event.total }}' }, withoutEvent));
    expect(error).toMatchObject({ code: 'unknown_variable', field: 'text' });
  });

  it('still lets optional attributes be handled with default and if', () => {
    const sms: Template = { id: 's', channel: 'sms', text: 'Hi {{ contact.nickname | default: "there" }}{% if contact.vip %} VIP{% endif %}' };
    expect(renderTemplate(sms, vars)).toEqual({ channel: 'sms', text: 'Hi there' });
  });

  it('reports a syntax error with its position', () => {
    const error = thrown(() => renderTemplate(email('line one\nHello {{ contact.firstName '), vars));
    expect(error).toMatchObject({ code: 'template_syntax', field: 'html', line: 2, column: 7 });
    expect(error.message).toContain('not closed');
  });

  it('refuses an unknown filter', () => {
    const error = thrown(() => renderTemplate(email('{{ contact.firstName | shout }}'), vars));
    expect(error).toMatchObject({ code: 'template_syntax', field: 'html' });
    expect(error.message).toContain('undefined filter: shout');
  });

  it('does not expose prototype properties', () => {
    const error = thrown(() => renderTemplate(email('{{ contact.constructor }}'), vars));
    expect(error.code).toBe('unknown_variable');
  });
});

describe('webhook bodies', () => {
  const webhook = (body: string): Template => ({ id: 'w', channel: 'webhook', body });

  it('stay valid JSON when a value holds quotes, backslashes and newlines', () => {
    const out = renderTemplate(webhook('{"name": "{{ contact.quote }}", "greeting": "Hi {{ contact.firstName }}!"}'), vars);
    expect(out).toEqual({ channel: 'webhook', body: { name: contact.attributes.quote, greeting: 'Hi Zoé!' } });
  });

  it('write numbers, objects and arrays as JSON outside quotes', () => {
    const out = renderTemplate(webhook('{"total": {{ event.total }}, "items": {{ event.items }}, "event": "{{ event.name }}"}'), vars);
    expect(out).toEqual({ channel: 'webhook', body: { total: 42.5, items: [{ sku: 'A' }], event: 'order_placed' } });
  });

  it('are rejected when the rendered text is not JSON', () => {
    const error = thrown(() => renderTemplate(webhook('{"name": {{ contact.firstName | raw }}}'), vars));
    expect(error).toMatchObject({ code: 'invalid_json', field: 'body' });
  });

  it('can be rendered from any scope (provider payloads)', () => {
    expect(renderJsonTemplate('{"to":"{{ to }}","text":"{{ text }}"}', { to: '+33600000000', text: 'say "hi"' })).toEqual({
      to: '+33600000000',
      text: 'say "hi"',
    });
  });
});

describe('withUnsubscribeLink', () => {
  const url = 'https://mail.example/u/a.b?x=1&y=2';

  it('adds an escaped footer before </body> and to the text part', () => {
    const out = withUnsubscribeLink({ channel: 'email', subject: 's', html: '<html><body><p>Hi</p></body></html>', text: 'Hi' }, url);
    expect(out.html).toBe('<html><body><p>Hi</p><p style="font-size:12px;color:#666"><a href="https://mail.example/u/a.b?x=1&amp;y=2">Unsubscribe</a></p></body></html>');
    expect(out.text).toBe(`Hi\n\nUnsubscribe: ${url}`);
  });

  it('leaves an email that already shows the link as it is', () => {
    const content = { channel: 'email' as const, subject: 's', html: '<a href="https://mail.example/u/a.b?x=1&amp;y=2">Stop</a>' };
    expect(withUnsubscribeLink(content, url)).toEqual(content);
  });
});

describe('validateTemplates', () => {
  const scenario = (templates: ScenarioInput['templates']) =>
    Scenario.parse({ schemaVersion: 1, id: 's', name: 'S', nodes: [], edges: [], templates });

  it('locates syntax errors and unknown roots, and accepts locals, loops and known roots', () => {
    const issues = validateTemplates(
      scenario([
        { id: 'ok', channel: 'email', subject: '{{ scenario.name }}', html: '{% assign n = contact.firstName %}{% for i in event.items %}{{ forloop.index }} {{ i.sku }}{% endfor %}{{ n }} {{ links.unsubscribe }}' },
        { id: 'typo', channel: 'sms', text: 'Hi {{ contcat.firstName }}' },
        { id: 'broken', channel: 'push', title: 'ok', body: 'a\nb {% if contact.x %}' },
        { id: 'hook', channel: 'webhook', body: '{"a": "{{ user.id }}"}' },
      ]),
    );
    expect(issues).toEqual([
      expect.objectContaining({ code: 'unknown_variable', templateId: 'typo', path: ['templates', 1, 'text'], line: 1, column: 7 }),
      expect.objectContaining({ code: 'template_syntax', templateId: 'broken', path: ['templates', 2, 'body'], line: 2 }),
      expect.objectContaining({ code: 'unknown_variable', templateId: 'hook', path: ['templates', 3, 'body'] }),
    ]);
    expect(issues[0].message).toContain('unknown variable "contcat"');
    expect(issues[1].message).toContain('not closed');
  });

  it('checks the optional text part of an email', () => {
    const issues = validateTemplates(scenario([{ id: 'e', channel: 'email', subject: 's', html: '', text: '{{ nope }}' }]));
    expect(issues).toEqual([expect.objectContaining({ code: 'unknown_variable', path: ['templates', 0, 'text'] })]);
  });
});

describe('previewTemplate', () => {
  const profile = { id: 'c-9', attributes: { firstName: '<b>Ann</b>' }, consents: {}, lists: [] };

  it('renders what would be sent, footer included', () => {
    const result = previewTemplate(email('<p>Hi {{ contact.firstName }}</p>'), profile);
    expect(result).toEqual({
      ok: true,
      content: {
        channel: 'email',
        subject: 'Hello <b>Ann</b>',
        html: `<p>Hi &lt;b&gt;Ann&lt;/b&gt;</p><p style="font-size:12px;color:#666"><a href="${PREVIEW_PREFERENCES_URL}">Manage preferences</a> · <a href="${PREVIEW_UNSUBSCRIBE_URL}">Unsubscribe</a></p>`,
      },
    });
  });

  it('returns a located error instead of throwing', () => {
    const result = previewTemplate({ id: 's', channel: 'sms', text: '{{ event.total }}' }, profile);
    expect(result).toEqual({
      ok: false,
      error: { code: 'unknown_variable', field: 'text', line: 1, column: 4, message: 'text, line 1, column 4: undefined variable: event' },
    });
    expect(previewTemplate({ id: 's', channel: 'sms', text: '{{ event.total }}' }, profile, { name: 'x', properties: { total: 3 } })).toEqual({
      ok: true,
      content: { channel: 'sms', text: '3' },
    });
  });
});

describe('parse cache', () => {
  it('parses a template text once, however often it is rendered', () => {
    const parse = vi.spyOn(Liquid.prototype, 'parse');
    const template: Template = { id: 's', channel: 'sms', text: `Cached {{ contact.firstName }} ${Math.random()}` };
    const first = renderTemplate(template, vars);
    const second = renderTemplate(template, vars);
    expect(second).toEqual(first);
    expect(parse).toHaveBeenCalledTimes(1);
    parse.mockRestore();
  });
});
