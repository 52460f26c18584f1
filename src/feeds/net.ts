// The SSRF guard for feed and article fetches: which IP addresses a fetch may connect to, and a `lookup` for
// node:http/https that resolves ALL addresses of a name, refuses the request if ANY of them is loopback, private,
// link-local, unique-local, unspecified, multicast or otherwise reserved (IPv4 and IPv6, including IPv4-mapped,
// NAT64 and 6to4 forms), and hands the socket only the addresses it vetted, so a second DNS answer can never slip
// in between the check and the connect (no DNS-rebinding gap). NEWSBRIEF_ALLOW_PRIVATE_FEEDS=1 lifts the block,
// except for cloud metadata services (their addresses in any encoding, and their host names): those hand out
// credentials, and no feed lives there, so they are refused always.
import dns from 'node:dns';
import net from 'node:net';

/** A resolved address. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves every address of a host name (the default uses the system resolver, like node:http). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver: all A and AAAA answers, in the resolver's order. */
export const systemResolver: Resolver = async (hostname) => {
  const all = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

const BLOCKED_V4: readonly [string, number, string][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const BLOCKED_V6: readonly [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['100::', 64, 'discard'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

/** Cloud instance metadata endpoints: refused even with NEWSBRIEF_ALLOW_PRIVATE_FEEDS=1. */
const METADATA_ADDRESSES: readonly string[] = [
  '169.254.169.254', // AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack
  '169.254.170.2', // AWS ECS task metadata and credentials
  '169.254.170.23', // AWS EKS Pod Identity
  '100.100.100.200', // Alibaba Cloud
  'fd00:ec2::254', // AWS IMDS over IPv6
  'fd00:ec2::23', // AWS EKS Pod Identity over IPv6
];
/** Host names of metadata services (they resolve to the addresses above inside the cloud). */
const METADATA_HOSTS: ReadonlySet<string> = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

const METADATA = new net.BlockList();
for (const a of METADATA_ADDRESSES) METADATA.addAddress(a, net.isIPv6(a) ? 'ipv6' : 'ipv4');

/** Per-kind block lists, built once. */
const LISTS: { list: net.BlockList; kind: string; type: 'ipv4' | 'ipv6' }[] = [
  ...BLOCKED_V4.map(([a, p, kind]) => {
    const list = new net.BlockList();
    list.addSubnet(a, p, 'ipv4');
    return { list, kind, type: 'ipv4' as const };
  }),
  ...BLOCKED_V6.map(([a, p, kind]) => {
    const list = new net.BlockList();
    list.addSubnet(a, p, 'ipv6');
    return { list, kind, type: 'ipv6' as const };
  }),
];

/** The 16 bytes of an IPv6 address, or undefined when it is not one. */
function ipv6Bytes(address: string): number[] | undefined {
  if (!net.isIPv6(address)) return undefined;
  let a = address.toLowerCase();
  const zone = a.indexOf('%');
  if (zone !== -1) a = a.slice(0, zone);
  // A trailing dotted IPv4 part ("::ffff:127.0.0.1") becomes two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (dotted) {
    const [b0, b1, b2, b3] = dotted.slice(1).map(Number) as [number, number, number, number];
    a = `${a.slice(0, dotted.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head = '', tail] = a.split('::') as [string, string | undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) return undefined;
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [(n >> 8) & 255, n & 255];
  });
}

/** The IPv4 address embedded in an IPv4-mapped (::ffff:0:0/96), IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 address. */
function embeddedIpv4(address: string): string | undefined {
  const b = ipv6Bytes(address);
  if (!b) return undefined;
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const v4 = (at: number) => b.slice(at, at + 4).join('.');
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4(12); // ::ffff:a.b.c.d
  if (zeros(0, 12) && !zeros(12, 16) && !(zeros(12, 15) && b[15] === 1)) return v4(12); // ::a.b.c.d (deprecated)
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return v4(12); // NAT64
  if (b[0] === 0x20 && b[1] === 0x02) return v4(2); // 6to4: 2002:aabb:ccdd::
  return undefined;
}

/** "cloud metadata" when `address` (any IPv4 or IPv6 form, including IPv4-mapped and NAT64) is a metadata endpoint. */
export function metadataReason(address: string): string | undefined {
  const bare = address.replace(/%.*$/, '');
  const type = net.isIPv4(bare) ? 'ipv4' : net.isIPv6(bare) ? 'ipv6' : undefined;
  if (!type) return undefined;
  if (METADATA.check(bare, type)) return 'cloud metadata';
  const inner = type === 'ipv6' ? embeddedIpv4(bare) : undefined;
  return inner !== undefined && METADATA.check(inner, 'ipv4') ? 'cloud metadata' : undefined;
}

/** True for the host name of a cloud metadata service (any case, with or without the final dot). */
export function isMetadataHost(hostname: string): boolean {
  return METADATA_HOSTS.has(hostname.toLowerCase().replace(/\.$/, ''));
}

/** Why an address may not be fetched ("loopback", "private" …), or undefined when it is a public address. */
export function blockedReason(address: string): string | undefined {
  const type = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : undefined;
  if (!type) return 'not an IP address';
  if (type === 'ipv6') {
    const inner = embeddedIpv4(address);
    if (inner !== undefined) {
      const r = blockedReason(inner);
      if (r) return r;
    }
  }
  const bare = address.replace(/%.*$/, '');
  for (const l of LISTS) if (l.type === type && l.list.check(bare, type)) return l.kind;
  return undefined;
}

/** Error raised when a name resolves to an address that may not be fetched. */
export class PrivateAddressError extends Error {
  override readonly name = 'PrivateAddressError';
  readonly code = 'EPRIVATE';
  constructor(readonly host: string, readonly address: string, readonly kind: string) {
    super(
      kind === 'cloud metadata'
        ? `cloud metadata address refused: ${host}${host === address ? '' : ` resolves to ${address}`} (refused always, even with NEWSBRIEF_ALLOW_PRIVATE_FEEDS=1)`
        : `private address refused: ${host} resolves to ${address} (${kind})`,
    );
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request / net.connect: resolves every address of the name with `resolver`, fails with a
 * PrivateAddressError when any is blocked (unless `allowPrivate`), and answers only with those vetted addresses.
 */
export function guardedLookup(opts: { allowPrivate: boolean; resolver?: Resolver; blocked?: (address: string) => string | undefined }) {
  const resolver = opts.resolver ?? systemResolver;
  const blocked = opts.blocked ?? blockedReason;
  return (hostname: string, options: dns.LookupOptions | number | undefined, callback: LookupCallback): void => {
    const o: dns.LookupOptions = typeof options === 'number' ? { family: options } : (options ?? {});
    if (isMetadataHost(hostname)) {
      callback(new PrivateAddressError(hostname, hostname, 'cloud metadata'), '', 0);
      return;
    }
    resolver(hostname).then(
      (found) => {
        if (found.length === 0) {
          const e: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
          callback(e, '', 0);
          return;
        }
        for (const a of found) {
          // Metadata endpoints stay refused when private addresses are allowed.
          const kind = metadataReason(a.address) ?? (opts.allowPrivate ? undefined : blocked(a.address));
          if (kind) {
            callback(new PrivateAddressError(hostname, a.address, kind), '', 0);
            return;
          }
        }
        const wanted = o.family === 4 || o.family === 6 ? found.filter((a) => a.family === o.family) : found;
        const list = wanted.length > 0 ? wanted : found;
        if (o.all) callback(null, list.map((a) => ({ address: a.address, family: a.family })));
        else callback(null, (list[0] as ResolvedAddress).address, (list[0] as ResolvedAddress).family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}

/**
 * Checks a URL's host before any request: a metadata service's name, or an IP literal (no DNS involved, so `lookup`
 * is never called for it). `hostname` comes from the WHATWG URL parser, which already turned decimal, hex, octal and
 * short IPv4 forms (http://2852039166/, http://0xa9fea9fe/, http://0251.0376.0251.0376/) into dotted quads.
 * Throws PrivateAddressError.
 */
export function checkLiteralHost(hostname: string, allowPrivate: boolean, blocked = blockedReason): void {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (isMetadataHost(bare)) throw new PrivateAddressError(hostname, bare, 'cloud metadata');
  if (net.isIP(bare) === 0) return;
  const kind = metadataReason(bare) ?? (allowPrivate ? undefined : blocked(bare));
  if (kind) throw new PrivateAddressError(hostname, bare, kind);
}
