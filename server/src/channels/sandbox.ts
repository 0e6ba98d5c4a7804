import type { Transport } from './types.ts';

/**
 * The default for every channel: nothing leaves the machine. The message counts as sent, and the server keeps the
 * rendered content it composed, which the web app shows as the sandbox outbox.
 */
export const sandboxTransport: Transport = {
  mode: 'sandbox',
  send: async (message) => ({ status: 'sent', detail: 'sandbox', providerId: `sandbox:${message.id}` }),
};
