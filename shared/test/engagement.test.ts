import { describe, expect, it } from 'vitest';
import { FeedbackMapping, decideSend, emptyNodeCounts, isMachineClick, isMachineOpen, messageFigures, readFeedback, withTracking, Settings } from '../src/index.ts';

describe('withTracking', () => {
  const links = { pixel: 'https://p.test/t/o/tok', link: (url: string) => `https://p.test/t/c/${encodeURIComponent(url)}`, keep: (url: string) => url.endsWith('/u/x') };

  it('sends http(s) links, quoted either way and entity-escaped, through their tracked URL; leaves others; adds the pixel before </body>', () => {
    const html = `<html><body><a class="b" href="https://shop.test/a?x=1&amp;y=2">A</a><a href='http://b.test/'>B</a><a href="mailto:x@y.test">M</a><a href="https://p.test/u/x">U</a><a href="#top">T</a></body></html>`;
    const out = withTracking({ channel: 'email', subject: 's', html, text: 'A: https://shop.test/a' }, links).html;
    expect(out).toContain(`<a class="b" href="https://p.test/t/c/${encodeURIComponent('https://shop.test/a?x=1&y=2')}">`);
    expect(out).toContain(`href='https://p.test/t/c/${encodeURIComponent('http://b.test/')}'`);
    expect(out).toContain('href="mailto:x@y.test"');
    expect(out).toContain('href="https://p.test/u/x"');
    expect(out).toContain('href="#top"');
    expect(out).toMatch(/<img src="https:\/\/p\.test\/t\/o\/tok" width="1" height="1" alt=""[^>]*><\/body><\/html>$/);
  });

  it('keeps the text part as it was', () => {
    const content = withTracking({ channel: 'email', subject: 's', html: '<p>x</p>', text: 'Go: https://shop.test/a' }, links);
    expect(content.text).toBe('Go: https://shop.test/a');
    expect(content.html.endsWith('">')).toBe(true);
  });
});

describe('machine detection', () => {
  const person = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko)';
  it('flags Apple relays, the bare Apple Mail agent and image proxies as machine opens', () => {
    expect(isMachineOpen({ ip: '17.58.1.2', userAgent: person, method: 'GET' })).toBe(true);
    expect(isMachineOpen({ ip: '::ffff:17.1.1.1', userAgent: person, method: 'GET' })).toBe(true);
    expect(isMachineOpen({ ip: '2a01:b740:a10::1', userAgent: person, method: 'GET' })).toBe(true);
    expect(isMachineOpen({ ip: '203.0.113.9', userAgent: 'Mozilla/5.0', method: 'GET' })).toBe(true);
    expect(isMachineOpen({ ip: '66.249.84.1', userAgent: 'Mozilla/5.0 (Windows NT 5.1) (via ggpht.com GoogleImageProxy)', method: 'GET' })).toBe(true);
    expect(isMachineOpen({ ip: '203.0.113.9', userAgent: person, method: 'GET' })).toBe(false);
    expect(isMachineOpen({ ip: '170.1.1.1', userAgent: person, method: 'GET' })).toBe(false);
  });
  it('flags HEAD requests, scanner agents and clicks within 2 s of the send as machine clicks', () => {
    expect(isMachineClick({ userAgent: person, method: 'HEAD', sinceSent: 60_000 })).toBe(true);
    expect(isMachineClick({ userAgent: 'Mozilla/5.0 Mimecast', method: 'GET', sinceSent: 60_000 })).toBe(true);
    expect(isMachineClick({ userAgent: person, method: 'GET', sinceSent: 1_999 })).toBe(true);
    expect(isMachineClick({ userAgent: person, method: 'GET', sinceSent: 2_000 })).toBe(false);
    expect(isMachineClick({ userAgent: person, method: 'GET' })).toBe(false);
  });
});

describe('readFeedback', () => {
  const mapping = FeedbackMapping.parse({ fields: { messageId: 'msg.id' }, types: { dropped: 'bounced', open: 'delivered' } });
  it('maps nested fields, type words and bounce kinds', () => {
    const reading = readFeedback(
      [
        { id: 7, msg: { id: 'k1' }, type: 'DROPPED', bounce_type: 'Permanent' },
        { id: 'e2', msg: { id: 'k2' }, type: 'dropped' },
      ],
      mapping,
    );
    expect(reading).toEqual({
      ok: true,
      events: [
        { deliveryId: '7', messageId: 'k1', kind: 'bounced', bounce: 'hard' },
        { deliveryId: 'e2', messageId: 'k2', kind: 'bounced', bounce: 'soft' },
      ],
    });
  });
  it('names the missing or unknown field by its path in the body', () => {
    expect(readFeedback({ id: 'e', type: 'open' }, mapping)).toMatchObject({ ok: false, path: 'msg.id' });
    expect(readFeedback([{ id: 'e', msg: { id: 'k' }, type: 'open' }, { msg: { id: 'k' } }], mapping)).toMatchObject({ ok: false, path: '1.id' });
    expect(readFeedback([{ id: 'e', msg: { id: 'k' }, type: 'exploded' }], mapping)).toMatchObject({ ok: false, path: '0.type' });
    expect(readFeedback('text', mapping)).toMatchObject({ ok: false, path: '' });
  });
});

describe('figures and the suppressed rule', () => {
  const everything = { channel: 'email', tracking: true, feedback: true } as const;
  const pairs = (figures: ReturnType<typeof messageFigures>) => figures.map((f) => [f.metric, f.count, f.rate]);

  it('gives each figure its rate out of the sent messages, none while nothing was sent', () => {
    const counts = { ...emptyNodeCounts(), sent: 8, delivered: 8, opened: 4, clicked: 1, bounced: 0, complained: 0, unsubscribed: 2 };
    expect(pairs(messageFigures(counts, everything))).toEqual([
      ['delivered', 8, 1],
      ['opened', 4, 0.5],
      ['clicked', 1, 0.125],
      ['bounced', 0, 0],
      ['complained', 0, 0],
      ['unsubscribed', 2, 0.25],
    ]);
    expect(messageFigures(emptyNodeCounts(), everything).every((f) => f.rate === null)).toBe(true);
  });

  it('leaves out what nothing measures: opens and clicks without tracking or off email, receipts and complaints without a provider', () => {
    const sent = { ...emptyNodeCounts(), sent: 5 };
    const metrics = (measured: Parameters<typeof messageFigures>[1]) => messageFigures(sent, measured).map((f) => f.metric);
    expect(metrics({ channel: 'email', tracking: true, feedback: false })).toEqual(['opened', 'clicked', 'bounced', 'unsubscribed']);
    expect(metrics({ channel: 'email', tracking: false, feedback: false })).toEqual(['bounced', 'unsubscribed']);
    expect(metrics({ channel: 'sms', tracking: true, feedback: false })).toEqual([]);
    expect(metrics({ channel: 'sms', tracking: true, feedback: true })).toEqual(['delivered', 'bounced', 'complained']);
    expect(metrics({ channel: 'push', tracking: false, feedback: true })).toEqual(['delivered', 'bounced', 'complained']);
  });

  it('still shows a figure that counted something where nothing is expected to measure it', () => {
    const counts = { ...emptyNodeCounts(), sent: 4, unsubscribed: 1, opened: 2 };
    expect(pairs(messageFigures(counts, { channel: 'sms', tracking: false, feedback: false }))).toEqual([
      ['opened', 2, 0.5],
      ['unsubscribed', 1, 0.25],
    ]);
  });

  it('skips a send to a suppressed address, after consent', () => {
    const request = (consents: Record<string, boolean>, suppressed: Array<'email' | 'sms'>) =>
      decideSend({
        channel: 'email',
        onCap: 'skip',
        scenarioId: 's',
        settings: Settings.parse({}),
        contact: { id: 'c', attributes: {}, consents, timeZone: 'UTC', lists: [], events: [], suppressed },
        sent: [],
        now: 0,
      });
    expect(request({ email: true }, ['email'])).toMatchObject({ kind: 'skip', rule: 'suppressed' });
    expect(request({}, ['email'])).toMatchObject({ kind: 'skip', rule: 'consent' });
    expect(request({ email: true }, ['sms'])).toEqual({ kind: 'send' });
  });
});
