import { describe, expect, it } from 'vitest';
import {
  blockedAddressReason,
  createAllowlist,
  embeddedIpv4,
  isBlockedHostname,
} from './address-policy.ts';

describe('blockedAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['2001:db8::1', 'documentation'],
    ['fec0::1', 'site-local'],
    ['::ffff:127.0.0.1', 'ipv4-embedded loopback'],
    ['::ffff:7f00:1', 'ipv4-embedded loopback'],
    ['::ffff:169.254.169.254', 'ipv4-embedded link-local'],
    ['::ffff:a00:1', 'ipv4-embedded private'],
    ['0:0:0:0:0:ffff:c0a8:0101', 'ipv4-embedded private'],
    ['64:ff9b::7f00:1', 'ipv4-embedded loopback'],
    ['64:ff9b::10.0.0.1', 'ipv4-embedded private'],
    ['2002:a9fe:a9fe::1', 'ipv4-embedded link-local'],
    ['64:ff9b:1::1', 'nat64-local'],
    ['::7f00:1', 'ipv4-compatible'],
    ['::127.0.0.1', 'ipv4-compatible'],
    ['2001:0:4136:e378::1', 'teredo'],
    ['example.com', 'not-an-ip-address'],
  ])('%s is blocked as %s', (address, reason) => {
    expect(blockedAddressReason(address)).toBe(reason);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('%s is public and allowed', (address) => {
    expect(blockedAddressReason(address)).toBeUndefined();
  });
});

describe('embeddedIpv4', () => {
  it('finds the IPv4 address inside mapped, NAT64 and 6to4 forms only', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('64:ff9b::c0a8:101')).toBe('192.168.1.1');
    expect(embeddedIpv4('2002:0a00:0001::')).toBe('10.0.0.1');
    expect(embeddedIpv4('2606:4700::1111')).toBeUndefined();
    expect(embeddedIpv4('127.0.0.1')).toBeUndefined();
  });
});

describe('isBlockedHostname', () => {
  it.each([
    'localhost',
    'LOCALHOST',
    'localhost.',
    'api.localhost',
    'metadata.google.internal',
    'x.internal',
  ])('%s is blocked whatever DNS says', (name) => {
    expect(isBlockedHostname(name)).toBe(true);
  });

  it('leaves ordinary names to the address check', () => {
    expect(isBlockedHostname('hooks.partner.example')).toBe(false);
    expect(isBlockedHostname('localhost.partner.example')).toBe(false);
  });
});

describe('createAllowlist', () => {
  it('accepts hostnames, single addresses and CIDRs of both families', () => {
    const allowlist = createAllowlist(['Receiver.Test.', '127.0.0.1', '10.1.0.0/16', 'fd00::/8']);

    expect(allowlist.hasHostname('receiver.test')).toBe(true);
    expect(allowlist.hasHostname('other.test')).toBe(false);
    expect(allowlist.hasAddress('127.0.0.1')).toBe(true);
    expect(allowlist.hasAddress('::ffff:127.0.0.1')).toBe(true);
    expect(allowlist.hasAddress('127.0.0.2')).toBe(false);
    expect(allowlist.hasAddress('10.1.200.3')).toBe(true);
    expect(allowlist.hasAddress('10.2.0.1')).toBe(false);
    expect(allowlist.hasAddress('fd00::5')).toBe(true);
  });

  it('refuses malformed CIDRs rather than allowing something unintended', () => {
    expect(() => createAllowlist(['10.0.0.0/33'])).toThrow(/CIDR/);
    expect(() => createAllowlist(['10.0.0.0/x'])).toThrow(/CIDR/);
    expect(() => createAllowlist(['example.com/8'])).toThrow(/CIDR/);
  });
});
