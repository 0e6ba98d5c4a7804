import type { Decisions } from './types.ts';
import type { SiteItem } from '@parcours/shared';

/** Items sent at once at most (the server takes 100); a full batch goes without waiting for the interval. */
export const BATCH_SIZE = 20;
/** How long an item waits for others before its batch goes. */
export const FLUSH_INTERVAL_MS = 2000;
/** A batch that failed this many times in a row (server unreachable, origin refused) is dropped. */
const MAX_ATTEMPTS = 3;

/**
 * The two routes of a site key. Bodies go as `text/plain` (a "simple" request: no CORS preflight, and what
 * `navigator.sendBeacon` sends), without credentials (the id is the site's own cookie, not the server's).
 */
export class Endpoint {
  constructor(
    private readonly base: string,
    private readonly siteKey: string,
  ) {}

  private url(route: 'collect' | 'decide'): string {
    return `${this.base.replace(/\/+$/, '')}/api/${route}?key=${encodeURIComponent(this.siteKey)}`;
  }

  /** `retry` when sending again may work (network, 429, 5xx); `refused` when it never will (a bad key, a bad item). */
  async collect(anonymousId: string, batch: SiteItem[]): Promise<'sent' | 'retry' | 'refused'> {
    try {
      const response = await fetch(this.url('collect'), { method: 'POST', body: JSON.stringify({ anonymousId, batch }), keepalive: true, credentials: 'omit' });
      if (response.ok) return 'sent';
      return response.status === 429 || response.status >= 500 ? 'retry' : 'refused';
    } catch {
      return 'retry'; // offline, or a CORS refusal (the browser hides which)
    }
  }

  /** For a page being hidden or left: the browser sends it even after the page is gone. */
  beacon(anonymousId: string, batch: SiteItem[]): boolean {
    return typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(this.url('collect'), JSON.stringify({ anonymousId, batch }));
  }

  async decide(anonymousId: string, placements: string[]): Promise<Decisions | undefined> {
    try {
      const response = await fetch(this.url('decide'), { method: 'POST', body: JSON.stringify({ anonymousId, placements }), credentials: 'omit' });
      if (!response.ok) return undefined;
      return ((await response.json()) as { placements: Decisions }).placements;
    } catch {
      return undefined;
    }
  }
}

/**
 * The items waiting to go, for one visitor: sent when BATCH_SIZE are waiting or FLUSH_INTERVAL_MS after the first,
 * by beacon when the page is hidden or left. A batch the server could not take goes back to the front.
 */
export class Batcher {
  private queue: SiteItem[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sending: Promise<void> = Promise.resolve();
  private failures = 0;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly visitor: () => string,
  ) {}

  add(item: SiteItem): void {
    this.queue.push(item);
    if (this.queue.length >= BATCH_SIZE) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
  }

  /** Sends what waits now, after any batch already on its way (so the server applies them in order). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.sending = this.sending.then(() => this.sendAll());
    return this.sending;
  }

  /** The page is going away: what waits leaves by beacon (fetch keepalive if the browser refuses the beacon). */
  leave(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, BATCH_SIZE);
      if (!this.endpoint.beacon(this.visitor(), batch)) void this.endpoint.collect(this.visitor(), batch);
    }
  }

  private async sendAll(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, BATCH_SIZE);
      const outcome = await this.endpoint.collect(this.visitor(), batch);
      if (outcome === 'retry' && ++this.failures < MAX_ATTEMPTS) {
        this.queue.unshift(...batch);
        this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS * 2 ** this.failures);
        return;
      }
      this.failures = 0;
    }
  }
}
