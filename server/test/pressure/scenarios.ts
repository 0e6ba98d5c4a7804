/** Scenarios for the pressure tests: two sends of one channel, a wait between. */

export interface TwoSendOptions {
  id?: string;
  entry?: { type: 'entry.api' } | { type: 'entry.event'; event: string };
  channel?: 'email' | 'sms';
  wait?: string;
  onCap?: 'skip' | 'defer';
  settings?: Record<string, unknown>;
  reentry?: unknown;
}

/** entry → send `first` → wait → send `second` → exit. */
export function twoSends(options: TwoSendOptions = {}) {
  const channel = options.channel ?? 'email';
  const entry = options.entry ?? { type: 'entry.api' };
  const config = entry.type === 'entry.event' ? { event: entry.event } : {};
  const onCap = options.onCap ?? 'skip';
  const template = (id: string) =>
    channel === 'email'
      ? {
          id,
          channel,
          subject: `${id === 'first' ? 'Hello' : 'Again'} {{ contact.firstName }}`,
          html: '<p>Hi {{ contact.firstName }}, you are {{ contact.nickname }}</p>',
          text: 'Hi {{ contact.firstName }}',
        }
      : { id, channel, text: `${id}: hi {{ contact.firstName }}` };
  return {
    schemaVersion: 1,
    id: options.id ?? 'two-sends',
    name: 'Two sends',
    settings: { reentry: options.reentry ?? { policy: 'never' }, ...options.settings },
    templates: [template('first'), template('second')],
    nodes: [
      { id: 'start', type: entry.type, config },
      { id: 'send_first', type: `action.${channel}`, config: { template: 'first', onCap } },
      { id: 'pause', type: 'wait.delay', config: { duration: options.wait ?? '1d' } },
      { id: 'send_second', type: `action.${channel}`, config: { template: 'second', onCap } },
      { id: 'done', type: 'flow.exit', config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'send_first' },
      { id: 'e2', source: 'send_first', sourceHandle: 'next', target: 'pause' },
      { id: 'e3', source: 'pause', sourceHandle: 'next', target: 'send_second' },
      { id: 'e4', source: 'send_second', sourceHandle: 'next', target: 'done' },
    ],
  };
}
