import { describe, expect, it } from 'vitest';
import { addressRange, parseAllowList, resolveDestination, RefusedDestination } from '../../src/channels/ssrf-guard.ts';

const noDns = async () => {
  throw new Error('no DNS lookup expected for an IP literal');
};

describe('addressRange', () => {
  it.each([
    ['8.8.8.8', 'unicast'],
    ['2a00:1450:4007:80f::200e', 'unicast'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.20.30.40', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['224.0.0.251', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:192.168.1.1', 'private'],
    ['::ffff:8.8.8.8', 'unicast'],
  ])('%s is %s', (address, range) => {
    expect(addressRange(address)).toBe(range);
  });
});

describe('parseAllowList', () => {
  it('reads host names, addresses and CIDR ranges', () => {
    const allow = parseAllowList(['Hooks.Internal.', '127.0.0.1', '[::1]', '10.0.0.0/8', 'fd00::/8']);
    expect([...allow.hosts]).toEqual(['hooks.internal']);
    expect(allow.ranges.map(([address, bits]) => `${address.toString()}/${bits}`)).toEqual(['127.0.0.1/32', '::1/128', '10.0.0.0/8', 'fd00::/8']);
  });

  it.each(['10.0.0.0/33', 'http://x', 'a b', '*.example.com'])('refuses %s', (entry) => {
    expect(() => parseAllowList([entry])).toThrow(`"${entry}" is not a host name, an IP address or a CIDR range`);
  });
});

describe('resolveDestination', () => {
  it('passes public addresses, from DNS or literal', async () => {
    const resolve = async () => [{ address: '2a00:1450:4007:80f::200e', family: 6 }];
    await expect(resolveDestination('example.test', parseAllowList([]), resolve)).resolves.toEqual([{ address: '2a00:1450:4007:80f::200e', family: 6 }]);
    await expect(resolveDestination('8.8.8.8', parseAllowList([]), noDns)).resolves.toEqual([{ address: '8.8.8.8', family: 4 }]);
  });

  it('judges an IPv4-mapped address by the IPv4 address it carries, for refusal and for the allow-list', async () => {
    await expect(resolveDestination('[::ffff:10.1.1.1]', parseAllowList([]), noDns)).rejects.toThrow('is a private address');
    await expect(resolveDestination('[::ffff:10.1.1.1]', parseAllowList(['10.0.0.0/8']), noDns)).resolves.toHaveLength(1);
  });

  it('keeps an allow-list entry to its own range and family', async () => {
    const allow = parseAllowList(['10.0.0.0/8']);
    await expect(resolveDestination('10.9.9.9', allow, noDns)).resolves.toHaveLength(1);
    await expect(resolveDestination('192.168.1.1', allow, noDns)).rejects.toBeInstanceOf(RefusedDestination);
    await expect(resolveDestination('[fd00::1]', allow, noDns)).rejects.toBeInstanceOf(RefusedDestination);
  });

  it('refuses a name with no address', async () => {
    await expect(resolveDestination('empty.test', parseAllowList([]), async () => [])).rejects.toThrow('refused: empty.test has no address');
  });
});
