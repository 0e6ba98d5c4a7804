// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createChannels, loadChannelConfig } from '../../server/src/channels/index.ts';
import { harness, type Harness } from '../../server/test/helpers.ts';
import { AsAdmin, serveAsAdmin } from './as-admin.tsx';
import { SettingsPage } from '../src/pages/SettingsPage.tsx';

/** The page talks to a real server app (real SQLite file): `fetch('/api/…')` is answered by the Hono app itself. */
let h: Harness;

function renderSettings() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <AsAdmin>
        <SettingsPage />
      </AsAdmin>
    </QueryClientProvider>,
  );
}

function useServer(env: Record<string, string> = {}) {
  h = harness(undefined, { channels: () => createChannels(loadChannelConfig(env)) });
  serveAsAdmin(h);
}

const pressureForm = () => screen.findByTestId('pressure-form');

describe('settings: marketing pressure', () => {
  beforeEach(() => useServer());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    h.close();
  });

  it('shows the stored policy as saved', async () => {
    await h.call('PUT', '/settings/pressure', { frequencyCaps: [{ channel: 'sms', max: 2, per: '7d' }], quietHours: { start: '21:00', end: '08:00' } });
    renderSettings();
    const form = await pressureForm();
    expect((within(form).getByLabelText('Per') as HTMLInputElement).value).toBe('7 days');
    expect((within(form).getByLabelText('Max') as HTMLInputElement).value).toBe('2');
    expect(within(form).getByRole('status').textContent).toBe('Saved · 1 cap, quiet 21:00–08:00');
    expect((within(form).getByRole('button', { name: 'Save pressure rules' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows the server's field errors inline, on the field at fault, and saves nothing", async () => {
    renderSettings();
    const form = await pressureForm();
    fireEvent.click(within(form).getByText('+ Add frequency cap'));
    fireEvent.change(within(form).getByLabelText('Per'), { target: { value: 'a week' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save pressure rules' }));
    const field = await waitFor(() => {
      const f = form.querySelector('[data-path="frequencyCaps.0.per"]')!;
      expect(f.classList.contains('field-invalid')).toBe(true);
      return f;
    });
    // The field says in words why "a week" does not read (the server refused it too: nothing saved, below).
    expect(within(field as HTMLElement).getByRole('alert').textContent).toMatch(/"a week" is not a duration/);
    expect(within(form).getByText('Not saved: fix the fields marked above.')).toBeTruthy();
    expect((await h.call('GET', '/settings/pressure')).body).toEqual({ frequencyCaps: [] });
  });

  it('saves a global cap, which the server keeps', async () => {
    renderSettings();
    const form = await pressureForm();
    fireEvent.click(within(form).getByText('+ Add frequency cap'));
    fireEvent.change(within(form).getByLabelText('Channel'), { target: { value: 'email' } });
    fireEvent.change(within(form).getByLabelText('Max'), { target: { value: '3' } });
    fireEvent.change(within(form).getByLabelText('Per'), { target: { value: '7d' } });
    expect(within(form).getByText('Unsaved changes')).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Save pressure rules' }));
    await waitFor(() => expect(within(form).getByRole('status').textContent).toMatch(/^Saved .* · 1 cap, no quiet hours$/));
    expect((await h.call('GET', '/settings/pressure')).body).toEqual({ frequencyCaps: [{ channel: 'email', max: 3, per: '7d' }] });
  });
});

describe('settings: channels', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    h.close();
  });

  it('shows each channel’s mode and host, and the variables that configure them', async () => {
    useServer({
      PARCOURS_SMTP_URL: 'smtp://robot:hunter2hunter2@mail.example.org:2525',
      PARCOURS_FROM: 'news@example.org',
      PARCOURS_PUBLIC_URL: 'https://parcours.example.org',
      PARCOURS_UNSUBSCRIBE_SECRET: 'x'.repeat(40),
    });
    const { container } = renderSettings();
    const table = await screen.findByRole('table', { name: 'Channels' });
    const row = (channel: string) => table.querySelector(`tr[data-channel="${channel}"]`)!.textContent;
    expect(row('email')).toMatch(/smtp.*mail\.example\.org:2525/);
    expect(row('sms')).toMatch(/sandbox/);
    expect(row('webhook')).toMatch(/sandbox/);
    expect(within(container).getByText('PARCOURS_SMTP_URL')).toBeTruthy();
    expect(within(container).getByText('PARCOURS_SMS_URL')).toBeTruthy();
    expect(container.textContent).not.toContain('hunter2');
  });
});
