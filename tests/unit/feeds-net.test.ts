// The SSRF guard: which addresses are refused, and a lookup that vets every address a name resolves to.
import { describe, expect, it } from 'vitest';
import { blockedReason, checkLiteralHost, guardedLookup, isMetadataHost, metadataReason, PrivateAddressError, type ResolvedAddress } from '../../src/feeds/net.js';

function lookupWith(answers: ResolvedAddress[], allowPrivate = false, all = false) {
  const lookup = guardedLookup({ allowPrivate, resolver: () => Promise.resolve(answers) });
  return new Promise<{ err: Error | null; address: unknown; family?: number }>((resolve) => {
    lookup('host.test', { all }, (err, address, family) => resolve({ err, address, ...(family !== undefined ? { family } : {}) }));
  });
}

describe('blockedReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
  ])('refuses %s (%s)', (address, kind) => {
    expect(blockedReason(address)).toBe(kind);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:93.184.216.34'])('allows the public address %s', (address) => {
    expect(blockedReason(address)).toBeUndefined();
  });
});

describe('guardedLookup', () => {
  it('refuses a name when any one of its addresses is private', async () => {
    const r = await lookupWith([{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }]);
    expect(r.err).toBeInstanceOf(PrivateAddressError);
    expect(r.err?.message).toBe('private address refused: host.test resolves to 10.0.0.7 (private)');
  });

  it('refuses a name whose IPv6 answer is an IPv4-mapped loopback', async () => {
    const r = await lookupWith([{ address: '93.184.216.34', family: 4 }, { address: '::ffff:127.0.0.1', family: 6 }], false, true);
    expect(r.err?.message).toMatch(/resolves to ::ffff:127\.0\.0\.1 \(loopback\)/);
  });

  it('answers with only the vetted addresses, as a list when asked for all', async () => {
    const answers: ResolvedAddress[] = [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1::1', family: 6 }];
    expect(await lookupWith(answers, false, true)).toEqual({ err: null, address: answers });
    expect(await lookupWith(answers)).toEqual({ err: null, address: '93.184.216.34', family: 4 });
  });

  it('lets private addresses through when NEWSBRIEF_ALLOW_PRIVATE_FEEDS is on', async () => {
    expect(await lookupWith([{ address: '127.0.0.1', family: 4 }], true)).toEqual({ err: null, address: '127.0.0.1', family: 4 });
  });

  it('reports a name without addresses as ENOTFOUND', async () => {
    const r = await lookupWith([]);
    expect((r.err as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
  });
});

describe('cloud metadata endpoints (refused even with NEWSBRIEF_ALLOW_PRIVATE_FEEDS=1)', () => {
  it.each(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254', 'FD00:EC2:0:0:0:0:0:254', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '64:ff9b::a9fe:a9fe'])(
    'knows %s as a metadata address',
    (address) => expect(metadataReason(address)).toBe('cloud metadata'),
  );

  it.each(['169.254.169.253', '10.0.0.1', '127.0.0.1', 'fd00:ec2::1', '93.184.216.34'])('does not call %s a metadata address', (address) => {
    expect(metadataReason(address)).toBeUndefined();
  });

  it.each(['metadata.google.internal', 'METADATA.Google.Internal.', 'metadata.goog', 'instance-data.ec2.internal'])('knows the host name %s', (host) => {
    expect(isMetadataHost(host)).toBe(true);
  });

  it('refuses a name resolving to a metadata address although private addresses are allowed', async () => {
    const r = await lookupWith([{ address: '10.0.0.5', family: 4 }, { address: 'fd00:ec2::254', family: 6 }], true, true);
    expect(r.err).toBeInstanceOf(PrivateAddressError);
    expect(r.err?.message).toBe('cloud metadata address refused: host.test resolves to fd00:ec2::254 (refused always, even with NEWSBRIEF_ALLOW_PRIVATE_FEEDS=1)');
  });

  it('refuses metadata literals and names before any request, private addresses allowed', () => {
    expect(() => checkLiteralHost('[::ffff:a9fe:a9fe]', true)).toThrow(/cloud metadata address refused/);
    expect(() => checkLiteralHost('metadata.google.internal', true)).toThrow(/cloud metadata address refused: metadata\.google\.internal \(/);
    expect(() => checkLiteralHost('10.0.0.5', true)).not.toThrow();
  });
});
