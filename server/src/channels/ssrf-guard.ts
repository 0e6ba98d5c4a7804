import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/** Resolves a host name to every address it has (the system resolver by default; tests pass a fake). */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** Private destinations an operator let through (an internal CRM, a local test server). */
export interface AllowList {
  hosts: ReadonlySet<string>;
  ranges: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
}

/** Raised before any connection when a destination is not a public address and not allow-listed. */
export class RefusedDestination extends Error {
  override readonly name = 'RefusedDestination';
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$/;

/** "example.com.", "[::1]" and "LOCALHOST" name the same hosts as "example.com", "::1" and "localhost". */
function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** An IP literal in the one form each family is written in; ipaddr alone also takes "10" or "0x7f.1" as IPv4. */
function isIpLiteral(host: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(host) || ipaddr.IPv6.isValid(host);
}

/** Parses allow-list entries: host names, IP addresses and CIDR ranges ("localhost", "127.0.0.1", "10.1.0.0/16", "fd00::/8"). */
export function parseAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>();
  const ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  for (const raw of entries) {
    const entry = normaliseHost(raw);
    if (ipaddr.IPv4.isValidCIDRFourPartDecimal(entry) || (entry.includes(':') && ipaddr.IPv6.isValidCIDR(entry))) {
      ranges.push(ipaddr.parseCIDR(entry));
    } else if (isIpLiteral(entry)) {
      const address = ipaddr.process(entry);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOST_NAME.test(entry)) {
      hosts.add(entry);
    } else {
      throw new Error(`"${raw}" is not a host name, an IP address or a CIDR range`);
    }
  }
  return { hosts, ranges };
}

/**
 * The ipaddr.js range of an address ("unicast", "private", "loopback", "linkLocal", "uniqueLocal", "multicast",
 * "unspecified", "reserved"...), an IPv4-mapped IPv6 address being judged as the IPv4 address it carries.
 */
export function addressRange(address: string): string {
  return ipaddr.process(address).range();
}

function isAllowed(address: string, allow: AllowList): boolean {
  const parsed = ipaddr.process(address);
  return allow.ranges.some((range) => range[0].kind() === parsed.kind() && parsed.match(range));
}

/**
 * The addresses a URL host may be reached at: every address it resolves to must be public ("unicast": anything
 * private, loopback, link-local, unique-local, multicast, unspecified or otherwise special is refused) or
 * allow-listed. The caller connects to these addresses only, so a second DNS answer cannot redirect it.
 */
export async function resolveDestination(
  urlHost: string,
  allow: AllowList,
  resolve: Resolver = systemResolver,
): Promise<Array<{ address: string; family: number }>> {
  const host = normaliseHost(urlHost);
  const addresses = isIpLiteral(host) ? [{ address: host, family: host.includes(':') ? 6 : 4 }] : await resolve(host);
  if (addresses.length === 0) throw new RefusedDestination(`refused: ${host} has no address`);
  if (allow.hosts.has(host)) return addresses;
  for (const { address } of addresses) {
    const range = addressRange(address);
    if (range !== 'unicast' && !isAllowed(address, allow)) {
      const where = address === host ? host : `${host} (${address})`;
      throw new RefusedDestination(`refused: ${where} is a ${range} address and is not allow-listed (PARCOURS_HTTP_ALLOW)`);
    }
  }
  return addresses;
}
