import { describe, expect, it } from 'vitest';
import {
  CLIENT_SECRET_PREFIX,
  generateClientSecret,
  hashClientSecret,
  verifyAgainstAny,
  verifyClientSecret,
} from './client-secret.ts';

const T0 = new Date('2025-03-01T12:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describe('client secrets', () => {
  it('generates prefixed, unguessable secrets', () => {
    const secrets = new Set(Array.from({ length: 50 }, generateClientSecret));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) {
      expect(secret.startsWith(CLIENT_SECRET_PREFIX)).toBe(true);
      // 32 random bytes in base64url.
      expect(secret.slice(CLIENT_SECRET_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });

  it('stores a salted scrypt hash with its parameters, never the secret', async () => {
    const secret = generateClientSecret();
    const first = await hashClientSecret(secret);
    const second = await hashClientSecret(secret);
    expect(first).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(first).not.toContain(secret.slice(CLIENT_SECRET_PREFIX.length));
    expect(first).not.toBe(second);
  });

  it('verifies the right secret and refuses a wrong one', async () => {
    const secret = generateClientSecret();
    const stored = await hashClientSecret(secret);
    expect(await verifyClientSecret(secret, stored)).toBe(true);
    expect(await verifyClientSecret(generateClientSecret(), stored)).toBe(false);
    expect(await verifyClientSecret(`${secret}x`, stored)).toBe(false);
  });

  it('verifies against the parameters stored with each hash', async () => {
    const secret = generateClientSecret();
    const stored = await hashClientSecret(secret, { N: 1024, r: 4, p: 2 });
    expect(stored.startsWith('scrypt$1024$4$2$')).toBe(true);
    expect(await verifyClientSecret(secret, stored)).toBe(true);
  });

  it('refuses unparseable or abusive stored hashes instead of throwing', async () => {
    const secret = generateClientSecret();
    const [, , , , salt, hash] = (await hashClientSecret(secret)).split('$');
    for (const stored of [
      '',
      'plain',
      `bcrypt$16384$8$1$${salt}$${hash}`,
      `scrypt$1000$8$1$${salt}$${hash}`,
      `scrypt$${2 ** 24}$8$1$${salt}$${hash}`,
      `scrypt$16384$8$1$$${hash}`,
      `scrypt$16384$8$1$${salt}$`,
    ]) {
      expect(await verifyClientSecret(secret, stored)).toBe(false);
    }
  });
});

describe('verifyAgainstAny (rotation with an overlap window)', () => {
  it('accepts old and new secrets during the overlap, only the new one after', async () => {
    const oldSecret = generateClientSecret();
    const newSecret = generateClientSecret();
    const stored = [
      { hash: await hashClientSecret(oldSecret), expiresAt: later(60_000) },
      { hash: await hashClientSecret(newSecret), expiresAt: null },
    ];
    expect(await verifyAgainstAny(oldSecret, stored, T0)).toBe(true);
    expect(await verifyAgainstAny(newSecret, stored, T0)).toBe(true);
    expect(await verifyAgainstAny(oldSecret, stored, later(60_000))).toBe(false);
    expect(await verifyAgainstAny(newSecret, stored, later(60_000))).toBe(true);
    expect(await verifyAgainstAny(generateClientSecret(), stored, T0)).toBe(false);
  });

  it('refuses when nothing is stored', async () => {
    expect(await verifyAgainstAny(generateClientSecret(), [], T0)).toBe(false);
  });
});
