/** What a tracking request tells about who made it. */
export interface TrackingHit {
  /** The client's address as the server saw it (IPv4 or IPv6), when known. */
  ip?: string;
  userAgent?: string;
  method: string;
  /** Milliseconds between the message going out and this request; undefined when the send time is unknown. */
  sinceSent?: number;
}

/**
 * Apple Mail Privacy Protection fetches every image through Apple's relays (17.0.0.0/8, and these IPv6 blocks)
 * with a bare "Mozilla/5.0" user agent; Gmail and Yahoo fetch images through their own proxies.
 */
const APPLE_IPV6_PREFIXES = ['2620:149:', '2a01:b740:', '2403:300:'];
const OPEN_PROXY_AGENTS = /GoogleImageProxy|YahooMailProxy|ggpht\.com/i;
/** Security gateways and link checkers that fetch every link of a message as it arrives. */
const SCANNER_AGENTS =
  /barracuda|mimecast|proofpoint|ppops|symantec|messagelabs|forcepoint|trendmicro|fireeye|sophos|safelinks|cisco|ironport|bitdefender|zscaler|bot\b|crawler|spider|scanner|python-requests|curl\/|wget|go-http-client|java\/|okhttp|libwww/i;
/** A person does not open a message and click its link within this long of it leaving. */
export const SCANNER_WINDOW_MS = 2_000;

function isAppleRelay(ip: string | undefined): boolean {
  if (!ip) return false;
  const v4 = ip.replace(/^::ffff:/i, '');
  if (/^17\.\d+\.\d+\.\d+$/.test(v4)) return true;
  return APPLE_IPV6_PREFIXES.some((prefix) => ip.toLowerCase().startsWith(prefix));
}

/** Whether an open came from a privacy proxy rather than a person reading the message. */
export function isMachineOpen(hit: TrackingHit): boolean {
  const agent = hit.userAgent?.trim() ?? '';
  return isAppleRelay(hit.ip) || agent === 'Mozilla/5.0' || OPEN_PROXY_AGENTS.test(agent);
}

/** Whether a click came from a link scanner: a HEAD request, a known scanner, or too soon after the send. */
export function isMachineClick(hit: TrackingHit): boolean {
  if (hit.method.toUpperCase() === 'HEAD') return true;
  if (SCANNER_AGENTS.test(hit.userAgent ?? '')) return true;
  return hit.sinceSent !== undefined && hit.sinceSent < SCANNER_WINDOW_MS;
}
