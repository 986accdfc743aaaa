import { BlockList, isIP } from 'node:net';

/** A named range of addresses a webhook must never reach. */
interface Range {
  label: string;
  network: string;
  prefix: number;
}

// Everything that is not plainly public unicast: private networks, the host itself, cloud
// metadata (169.254.169.254 sits in link-local), carrier NAT, and reserved/special-purpose blocks
// (IANA special-purpose registries, RFC 6890).
const BLOCKED_IPV4: readonly Range[] = [
  { label: 'unspecified', network: '0.0.0.0', prefix: 8 },
  { label: 'private', network: '10.0.0.0', prefix: 8 },
  { label: 'cgnat', network: '100.64.0.0', prefix: 10 },
  { label: 'loopback', network: '127.0.0.0', prefix: 8 },
  { label: 'link-local', network: '169.254.0.0', prefix: 16 },
  { label: 'private', network: '172.16.0.0', prefix: 12 },
  { label: 'ietf-protocol', network: '192.0.0.0', prefix: 24 },
  { label: 'documentation', network: '192.0.2.0', prefix: 24 },
  { label: '6to4-relay', network: '192.88.99.0', prefix: 24 },
  { label: 'private', network: '192.168.0.0', prefix: 16 },
  { label: 'benchmarking', network: '198.18.0.0', prefix: 15 },
  { label: 'documentation', network: '198.51.100.0', prefix: 24 },
  { label: 'documentation', network: '203.0.113.0', prefix: 24 },
  { label: 'multicast', network: '224.0.0.0', prefix: 4 },
  { label: 'broadcast', network: '255.255.255.255', prefix: 32 },
  { label: 'reserved', network: '240.0.0.0', prefix: 4 },
];

const BLOCKED_IPV6: readonly Range[] = [
  { label: 'unspecified', network: '::', prefix: 128 },
  { label: 'loopback', network: '::1', prefix: 128 },
  // Deprecated IPv4-compatible form (RFC 4291): no legitimate public use, some stacks map it to IPv4.
  { label: 'ipv4-compatible', network: '::', prefix: 96 },
  { label: 'nat64-local', network: '64:ff9b:1::', prefix: 48 },
  { label: 'discard', network: '100::', prefix: 64 },
  // Teredo hides an obfuscated IPv4 address; not worth decoding for a webhook target.
  { label: 'teredo', network: '2001::', prefix: 32 },
  { label: 'documentation', network: '2001:db8::', prefix: 32 },
  { label: 'unique-local', network: 'fc00::', prefix: 7 },
  { label: 'link-local', network: 'fe80::', prefix: 10 },
  { label: 'site-local', network: 'fec0::', prefix: 10 },
  { label: 'multicast', network: 'ff00::', prefix: 8 },
];

// One list per family answers the common case (a public address) with a single check; the
// per-range lists only name the range once an address is known to be blocked. Each check builds
// a SocketAddress, so their number matters on the delivery path.
function rangeLists(ranges: readonly Range[], family: 'ipv4' | 'ipv6') {
  const all = new BlockList();
  const named = ranges.map((range) => {
    const list = new BlockList();
    list.addSubnet(range.network, range.prefix, family);
    all.addSubnet(range.network, range.prefix, family);
    return { label: range.label, list };
  });
  return (address: string) =>
    all.check(address, family)
      ? named.find(({ list }) => list.check(address, family))?.label
      : undefined;
}

const ipv4Reason = rangeLists(BLOCKED_IPV4, 'ipv4');
const ipv6Reason = rangeLists(BLOCKED_IPV6, 'ipv6');

/**
 * Expands an IPv6 address to its 16 bytes. Hand-written because Node exposes no IPv6 parser,
 * and the IPv4 embedded in mapped/NAT64/6to4 forms is only reachable through the bytes.
 * The caller has already checked `isIP(address) === 6`.
 */
function ipv6Bytes(address: string): Uint8Array {
  const bytes = new Uint8Array(16);
  let text = address;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    // A trailing dotted quad (::ffff:127.0.0.1) stands for the last 32 bits.
    for (const octet of text.slice(lastColon + 1).split('.')) tail.push(Number(octet));
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups = [
    ...headGroups,
    ...Array<string>(8 - headGroups.length - restGroups.length).fill('0'),
    ...restGroups,
  ];
  groups.forEach((group, index) => {
    const value = Number.parseInt(group, 16);
    bytes[index * 2] = value >> 8;
    bytes[index * 2 + 1] = value & 0xff;
  });
  if (tail.length === 4) bytes.set(tail, 12);
  return bytes;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((value, index) => bytes[index] === value);
}

/**
 * The IPv4 address carried inside an IPv6 one, for the forms whose packets end up at that IPv4
 * address: IPv4-mapped (::ffff:a.b.c.d), NAT64 well-known prefix (64:ff9b::/96) and 6to4 (2002::/16).
 */
export function embeddedIpv4(address: string): string | undefined {
  if (isIP(address) !== 6) return undefined;
  const bytes = ipv6Bytes(address);
  const quad = (offset: number) => Array.from(bytes.subarray(offset, offset + 4)).join('.');
  if (startsWith(bytes, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])) return quad(12);
  if (startsWith(bytes, [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) return quad(12);
  if (startsWith(bytes, [0x20, 0x02])) return quad(2);
  return undefined;
}

/**
 * Why an IP address must not be reached (`loopback`, `private`, `ipv4-mapped loopback`, …),
 * or `undefined` when it is public unicast. Anything that is not an IP address is refused too.
 */
export function blockedAddressReason(address: string): string | undefined {
  const unscoped = address.split('%')[0] ?? address; // fe80::1%eth0: the zone is not part of the address
  const family = isIP(unscoped);
  if (family === 4) return ipv4Reason(unscoped);
  if (family !== 6) return 'not-an-ip-address';
  const embedded = embeddedIpv4(unscoped);
  if (embedded !== undefined) {
    const inner = blockedAddressReason(embedded);
    return inner === undefined ? undefined : `ipv4-embedded ${inner}`;
  }
  return ipv6Reason(unscoped);
}

/** Names that always mean "this host" or "the cloud metadata service", whatever DNS says. */
export function isBlockedHostname(hostname: string): boolean {
  const name = normalizeHostname(hostname);
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') || // RFC 6761: every *.localhost is loopback
    name === 'metadata.google.internal' ||
    name.endsWith('.internal') // reserved by ICANN for private use; never a public endpoint
  );
}

/** Lower case, without IPv6 brackets or the trailing root dot, as DNS and our lists compare names. */
export function normalizeHostname(hostname: string): string {
  const lower = hostname.toLowerCase();
  const unbracketed = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
  return unbracketed.endsWith('.') ? unbracketed.slice(0, -1) : unbracketed;
}

/** Development/test exceptions: hostnames, single addresses and CIDR ranges. */
export interface Allowlist {
  hasHostname(hostname: string): boolean;
  hasAddress(address: string): boolean;
}

export function createAllowlist(entries: readonly string[] = []): Allowlist {
  const hostnames = new Set<string>();
  const addresses = new BlockList();
  for (const entry of entries) {
    const [network = '', prefixText] = entry.trim().split('/');
    const family = isIP(network);
    if (family === 0) {
      if (prefixText !== undefined) throw new TypeError(`invalid allowlist CIDR: ${entry}`);
      hostnames.add(normalizeHostname(network));
      continue;
    }
    const maxPrefix = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix) {
      throw new TypeError(`invalid allowlist CIDR: ${entry}`);
    }
    addresses.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return {
    hasHostname: (hostname) => hostnames.has(normalizeHostname(hostname)),
    hasAddress: (address) => {
      const family = isIP(address);
      if (family === 0) return false;
      if (addresses.check(address, family === 4 ? 'ipv4' : 'ipv6')) return true;
      const embedded = embeddedIpv4(address);
      return embedded !== undefined && addresses.check(embedded, 'ipv4');
    },
  };
}
