// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { previewTemplate } from '@parcours/shared';
import { MessagePreview } from '../src/pages/OutboxPage.tsx';
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

  it('says why there is nothing to show', () => {
    const { container } = render(<MessagePreview m={message(null)} />);
    expect(container.textContent).toMatch(/sandboxed \(sandbox: no transport configured\)/);
  });
});
