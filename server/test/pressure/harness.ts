import type { GlobalPolicy } from '@parcours/shared';
import { createChannels, type ChannelConfig, type Channels } from '../../src/channels/index.ts';
import { createDeliver } from '../../src/delivery/index.ts';
import { dispatchPending } from '../../src/runtime/dispatcher.ts';
import { testConfig } from '../channels/fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../channels/servers.ts';
import { savePolicy } from '../../src/store/policy.ts';
import { harness, type Harness } from '../helpers.ts';

export interface PressureHarness extends Harness {
  channels: Channels;
  /** Sends the pending outbox through the real delivery, as the dispatcher loop does. */
  dispatch(): Promise<number>;
  /** A POST or GET of the unsubscribe page at `url` (an absolute link from a message), without an API key. */
  unsubscribe(url: string, method?: 'GET' | 'POST', body?: string): Promise<{ status: number; text: string }>;
}

/** The shared harness (real SQLite file, real app) with channels, delivery and this module's routes. */
export function pressureHarness(config: Partial<ChannelConfig> = {}): PressureHarness {
  let channels!: Channels;
  const h = harness(undefined, {
    channels: (clock) => (channels = createChannels(testConfig(config), () => clock.now())),
  });
  const deliver = createDeliver({ db: h.db, channels, versions: h.runtime.versions });
  return Object.assign(h, {
    channels,
    dispatch: () => dispatchPending(h.db, deliver, () => h.clock.now()),
    async unsubscribe(url: string, method: 'GET' | 'POST' = 'POST', body = 'List-Unsubscribe=One-Click') {
      const init = method === 'POST' ? { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body } : { method };
      const response = await h.app.request(new URL(url).pathname, init);
      return { status: response.status, text: await response.text() };
    },
  });
}

/** The harness sending email over SMTP to a real sink on 127.0.0.1 (close both after the test). */
export async function smtpPressureHarness(): Promise<{ h: PressureHarness; sink: SmtpSink }> {
  const sink = await startSmtpSink();
  const h = pressureHarness({ email: { mode: 'smtp', smtp: { host: '127.0.0.1', port: sink.port, secure: false }, from: 'Parcours <news@parcours.test>' } });
  return { h, sink };
}

/** Stores the operator's pressure policy, as the settings route does; the runtime applies it from its next transaction on. */
export function withPolicy(h: Harness, policy: GlobalPolicy): Harness {
  savePolicy(h.db, policy);
  h.runtime.policyChanged();
  return h;
}
