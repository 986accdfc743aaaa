import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

export const CLIENT_SECRET_PREFIX = 'bvgs_';

export type ScryptParams = { N: number; r: number; p: number };

/**
 * Client secrets carry 256 random bits, so the slow hash is defence in depth for a leaked
 * table, not the main protection: these parameters (16 MiB, tens of milliseconds) keep
 * the token endpoint responsive.
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 14, r: 8, p: 1 };

// Stored strings come from our own database, but a corrupted or tampered row must not make
// one verification allocate gigabytes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const KEY_LENGTH = 32;

/** A new secret, shown to the partner once: prefix + 256 random bits, base64url. */
export function generateClientSecret(): string {
  return CLIENT_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

/** `scrypt$N$r$p$salt$hash`, salt and hash base64url, so parameters can change later. */
export async function hashClientSecret(
  secret: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(secret, salt, params, KEY_LENGTH);
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$');
}

/** Constant-time check of a presented secret against one stored hash; false if unparseable. */
export async function verifyClientSecret(secret: string, stored: string): Promise<boolean> {
  const parsed = parseStoredHash(stored);
  if (!parsed) return false;
  const actual = await derive(secret, parsed.salt, parsed.params, parsed.hash.length);
  return timingSafeEqual(actual, parsed.hash);
}

export type StoredClientSecret = { hash: string; expiresAt?: Date | null };

/**
 * True when the secret matches any stored secret not yet expired: rotation keeps the old
 * and new secrets side by side until the old one's `expiresAt`. With nothing to compare
 * against it still spends one hash, so "no such client" takes as long as a wrong secret.
 */
export async function verifyAgainstAny(
  secret: string,
  storedSecrets: readonly StoredClientSecret[],
  now: Date,
): Promise<boolean> {
  const live = storedSecrets.filter(
    (stored) => stored.expiresAt == null || stored.expiresAt.getTime() > now.getTime(),
  );
  if (live.length === 0) {
    await verifyClientSecret(secret, await dummyHash());
    return false;
  }
  let matched = false;
  // Every candidate is checked, not just until the first match, so timing does not reveal
  // which of the overlapping secrets was used.
  for (const stored of live) {
    if (await verifyClientSecret(secret, stored.hash)) matched = true;
  }
  return matched;
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashClientSecret(generateClientSecret());
  return dummy;
}

function parseStoredHash(
  stored: string,
): { params: ScryptParams; salt: Buffer; hash: Buffer } | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d+$/.test(part) ? Number(part) : NaN));
  if (N === undefined || r === undefined || p === undefined) return undefined;
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || !(r >= 1 && r <= MAX_R) || !(p >= 1 && p <= MAX_P)) {
    return undefined;
  }
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const hash = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { params: { N, r, p }, salt, hash };
}

function derive(secret: string, salt: Buffer, params: ScryptParams, length: number) {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // Node refuses above 32 MiB by default; allow what the parameters need.
    maxmem: 128 * params.N * params.r * params.p + 1024 * 1024,
  };
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
