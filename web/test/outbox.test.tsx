// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { previewTemplate } from '@parcours/shared';
import { MessagePreview, StatusCell } from '../src/pages/OutboxPage.tsx';
import type { OutboxMessage } from '../src/api/client.ts';

const message = (rendered: OutboxMessage['rendered'], channel = 'email'): OutboxMessage => ({
  id: 1,
  contactId: 'c-1',
  scenarioId: 's',
  version: 1,
  node: 'n',
  channel,
  template: 't',
  status: 'sandboxed',
  reason: 'sandbox: no transport configured',
  rendered,
  createdAt: '2026-01-05T08:00:00Z',
  sentAt: '2026-01-05T08:00:00Z',
  attempts: 1,
  nextAttemptAt: null,
});

describe('outbox message preview', () => {
  afterEach(cleanup);

  it('shows an email as rendered by the shared renderer, in a frame with every permission removed', () => {
    const preview = previewTemplate(
      { id: 't', channel: 'email', subject: 'Hello {{ contact.firstName }}', html: '<h1>Hi {{ contact.firstName }}</h1><script>parent.x=1</script>' },
      { id: 'c-1', attributes: { firstName: '<b>Camille</b>' }, consents: {}, lists: [] },
    );
    if (!preview.ok) throw new Error(preview.error.message);
    const { container } = render(<MessagePreview m={message(preview.content as OutboxMessage['rendered'])} />);
    expect(container.querySelector('h2')?.textContent).toBe('Hello <b>Camille</b>');
    const frame = container.querySelector('iframe')!;
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('<h1>Hi &lt;b&gt;Camille&lt;/b&gt;</h1>');
  });

  it('shows an SMS as text and a webhook body as JSON', () => {
    const sms = render(<MessagePreview m={message({ channel: 'sms', text: 'Your code is 42' }, 'sms')} />);
    expect(sms.container.querySelector('pre')?.textContent).toBe('Your code is 42');
    cleanup();
    const hook = render(<MessagePreview m={message({ channel: 'webhook', body: { plan: 'pro' } } as never, 'webhook')} />);
    expect(JSON.parse(hook.container.querySelector('pre')!.textContent!)).toEqual({ plan: 'pro' });
  });

  it('says when a pending message that failed a try is tried again', () => {
    const retried = { ...message(null), status: 'pending' as const, reason: 'HTTP 503: busy', attempts: 2, nextAttemptAt: '2026-01-05T08:02:00Z' };
    const { container } = render(
      <table>
        <tbody>
          <tr>
            <StatusCell m={retried} />
          </tr>
        </tbody>
      </table>,
    );
    expect(container.textContent).toContain('HTTP 503: busy');
    expect(container.textContent).toContain(`tried 2 times; next try ${new Date('2026-01-05T08:02:00Z').toLocaleString()}`);
  });

  it('says why there is nothing to show', () => {
    const { container } = render(<MessagePreview m={message(null)} />);
    expect(container.textContent).toBe('Kept in the sandbox, without its content.sandbox: no transport configured');
  });
});
