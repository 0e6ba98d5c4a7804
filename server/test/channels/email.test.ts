import { afterEach, describe, expect, it } from 'vitest';
import { createChannels, verifyUnsubscribeToken, type OutboundMessage } from '../../src/channels/index.ts';
import { SECRET, sendInput, testConfig } from './fixtures.ts';
import { parseMail } from './mime.ts';
import { startSmtpSink, type SmtpSink } from './servers.ts';

let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

function smtpChannels(port: number) {
  return createChannels(
    testConfig({ email: { mode: 'smtp', smtp: { host: '127.0.0.1', port, secure: false }, from: 'Parcours <news@parcours.test>' } }),
  );
}

function composed(channels: ReturnType<typeof createChannels>, template = 'welcome-email'): OutboundMessage {
  const result = channels.compose(sendInput({ node: 'send-welcome', channel: 'email', template }));
  if (!result.ok) throw new Error(result.error.message);
  return result.message;
}

describe('email over SMTP', () => {
  it('delivers a personalised, escaped email with one-click unsubscribe headers', async () => {
    sink = await startSmtpSink();
    const channels = smtpChannels(sink.port);
    const result = await channels.deliver(composed(channels));

    expect(result).toMatchObject({ status: 'sent' });
    expect(sink.mails).toHaveLength(1);
    const [mail] = sink.mails;
    expect(mail).toMatchObject({ from: 'news@parcours.test', to: ['zoe@example.test'], accepted: true });

    const { headers, parts } = parseMail(mail.raw);
    expect(headers.get('subject')).toBe('Welcome Zoe');
    expect(headers.get('message-id')).toMatch(/^<[0-9a-f]{32}@parcours\.test>$/);
    expect(result.providerId).toBe(headers.get('message-id'));
    expect(headers.get('x-parcours-idempotency-key')).toBe('enrolment-1:send-welcome:0');
    expect(headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const listUnsubscribe = headers.get('list-unsubscribe') ?? '';
    expect(listUnsubscribe).toMatch(/^<https:\/\/parcours\.test\/u\/[\w-]+\.[\w-]+>$/);
    const url = listUnsubscribe.slice(1, -1);

    const html = parts.get('text/html') ?? '';
    expect(html).toContain('<h1>Hello Zoe</h1>');
    expect(html).toContain('Nickname: &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    // The footer links the contact's preference centre beside the unsubscribe link.
    const preferences = /<a href="(https:\/\/parcours\.test\/p\/[\w-]+\.[\w-]+)">Manage preferences<\/a> · /.exec(html)?.[1];
    expect(preferences).toBeDefined();
    expect(html).toContain(`<a href="${url}">Unsubscribe</a></p></body>`);
    expect(parts.get('text/plain')).toBe(`Hello Zoe, nickname <script>alert("x")</script>\n\nUnsubscribe: ${url}\nManage preferences: ${preferences}`);
    expect(channels.readPreferences(preferences!.split('/p/')[1])).toEqual({ ok: true, data: { contactId: 'c-42' } });
    // An unsubscribe token does not open the preference centre.
    expect(channels.readPreferences(url.split('/u/')[1])).toMatchObject({ ok: false });

    const token = url.split('/u/')[1];
    expect(channels.verifyUnsubscribe(token)).toMatchObject({ ok: true, contactId: 'c-42', channel: 'email' });
    expect(verifyUnsubscribeToken(token, SECRET)).toMatchObject({ ok: true, contactId: 'c-42' });
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ c: 'someone-else', ch: 'email', exp: 4102444800 })).toString('base64url');
    expect(channels.verifyUnsubscribe(`${forged}.${signature}`)).toEqual({ ok: false, reason: 'bad_signature' });
    const flipped = `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(channels.verifyUnsubscribe(flipped)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('keeps a link the template already shows, without adding a footer', async () => {
    sink = await startSmtpSink();
    const channels = smtpChannels(sink.port);
    const message = composed(channels, 'linked-email');
    expect(await channels.deliver(message)).toMatchObject({ status: 'sent' });
    const { headers, parts } = parseMail(sink.mails[0].raw);
    const url = (headers.get('list-unsubscribe') ?? '').slice(1, -1);
    expect(parts.get('text/html')).toBe(`<a href="${url}">Stop these emails</a>`);
  });

  it('answers a temporary SMTP refusal with a retry, and the next try keeps the Message-ID', async () => {
    sink = await startSmtpSink((tryNumber) => (tryNumber === 1 ? 451 : undefined));
    const channels = smtpChannels(sink.port);
    const message = composed(channels);
    expect(await channels.deliver(message)).toMatchObject({ status: 'retry', detail: expect.stringContaining('451') });
    expect(await channels.deliver(message)).toMatchObject({ status: 'sent' });
    expect(sink.mails.map((m) => m.accepted)).toEqual([false, true]);
    const ids = sink.mails.map((m) => parseMail(m.raw).headers.get('message-id'));
    expect(ids[0]).toBe(ids[1]);
  });

  it('does not retry a permanent SMTP refusal', async () => {
    sink = await startSmtpSink(() => 550);
    const channels = smtpChannels(sink.port);
    const result = await channels.deliver(composed(channels));
    expect(result.status).toBe('failed');
    expect(result.detail).toContain('550');
    expect(sink.mails).toHaveLength(1);
  });

  it('answers with a retry when the server is unreachable', async () => {
    sink = await startSmtpSink();
    const { port } = sink;
    await sink.close();
    sink = undefined;
    const channels = smtpChannels(port);
    const result = await channels.deliver(composed(channels));
    expect(result).toMatchObject({ status: 'retry' });
    expect(result.detail).toContain('ECONNREFUSED');
  });
});
