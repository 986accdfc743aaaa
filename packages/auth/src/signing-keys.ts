import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
} from 'jose';

/** The gateway signs its own tokens with one algorithm only; verifiers allow nothing else. */
export const GATEWAY_SIGNING_ALG = 'ES256';
export type GatewaySigningAlg = typeof GATEWAY_SIGNING_ALG;

/**
 * One signing key as the caller stores it. Lifecycle: pending (published, not used) →
 * active (signs) → retired (no longer signs, still published so its tokens verify) →
 * expired (unpublished; safe to delete). The private JWK is secret material: the store
 * decides how it is protected at rest.
 */
export type StoredKey = {
  kid: string;
  alg: GatewaySigningAlg;
  publicJwk: JWK;
  privateJwk: JWK;
  createdAt: Date;
  activatesAt: Date;
  retiresAt?: Date | null;
  expiresAt?: Date | null;
};

export interface SigningKeyStore {
  list(): Promise<StoredKey[]>;
  /** Inserts the key, or replaces the one with the same kid. */
  save(key: StoredKey): Promise<void>;
}

export type RotationOptions = {
  /** How long a new key is published before it signs, so every verifier has fetched it. */
  publishLeadMs: number;
  /** How long a retired key stays published: the access-token lifetime plus clock skew. */
  tokenLifetimeMs: number;
};

export type KeyUpdate = { kid: string; retiresAt: Date; expiresAt: Date };

export type RotationPlan = {
  /** When the key to create starts signing. */
  activatesAt: Date;
  /** New retirement and expiry times for keys already in the ring. */
  updates: KeyUpdate[];
};

const isExpired = (key: StoredKey, now: Date) =>
  key.expiresAt != null && key.expiresAt.getTime() <= now.getTime();
const isRetired = (key: StoredKey, now: Date) =>
  key.retiresAt != null && key.retiresAt.getTime() <= now.getTime();
const isActive = (key: StoredKey, now: Date) =>
  key.activatesAt.getTime() <= now.getTime() && !isRetired(key, now) && !isExpired(key, now);

/** Public JWKs of every key not yet expired: pending, active and recently retired. */
export function publishedJwks(keys: readonly StoredKey[], now: Date): JSONWebKeySet {
  return {
    keys: keys
      .filter((key) => !isExpired(key, now))
      .sort(newestFirst)
      .map((key) => ({ ...publicOnly(key.publicJwk), kid: key.kid, alg: key.alg, use: 'sig' })),
  };
}

/** The newest key that has activated and not retired, or undefined when none may sign. */
export function currentSigningKey(keys: readonly StoredKey[], now: Date): StoredKey | undefined {
  return keys.filter((key) => isActive(key, now)).sort(newestFirst)[0];
}

/**
 * Plans a rotation: a new key that activates after `publishLeadMs` (at once when nothing can
 * sign yet, as no verifier holds tokens to honour), and every key still signing retires at
 * that moment and stays published for `tokenLifetimeMs` more. Returns null while a pending
 * key exists, so a repeated rotation request does not stack keys.
 */
export function planRotation(
  keys: readonly StoredKey[],
  now: Date,
  options: RotationOptions,
): RotationPlan | null {
  const live = keys.filter((key) => !isExpired(key, now));
  const pending = live.some(
    (key) => key.activatesAt.getTime() > now.getTime() && !isRetired(key, now),
  );
  if (pending) return null;

  const canSign = currentSigningKey(live, now) !== undefined;
  const activatesAt = new Date(now.getTime() + (canSign ? options.publishLeadMs : 0));
  const updates: KeyUpdate[] = [];
  for (const key of live) {
    const retiresAt = key.retiresAt ?? activatesAt;
    const expiresAt = key.expiresAt ?? new Date(retiresAt.getTime() + options.tokenLifetimeMs);
    if (key.retiresAt == null || key.expiresAt == null) {
      updates.push({ kid: key.kid, retiresAt, expiresAt });
    }
  }
  return { activatesAt, updates };
}

/** A fresh ES256 key pair; the kid is the RFC 7638 thumbprint of the public key. */
export async function generateSigningKey(now: Date, activatesAt: Date): Promise<StoredKey> {
  const { publicKey, privateKey } = await generateKeyPair(GATEWAY_SIGNING_ALG, {
    extractable: true,
  });
  const publicJwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const meta = { kid, alg: GATEWAY_SIGNING_ALG, use: 'sig' };
  return {
    kid,
    alg: GATEWAY_SIGNING_ALG,
    publicJwk: { ...publicJwk, ...meta },
    privateJwk: { ...privateJwk, ...meta },
    createdAt: now,
    activatesAt,
    retiresAt: null,
    expiresAt: null,
  };
}

export type SigningKeyHandle = { kid: string; alg: GatewaySigningAlg; privateKey: CryptoKey };
export type VerificationKeyHandle = { kid: string; alg: string; publicKey: CryptoKey };

export class NoSigningKeyError extends Error {
  constructor() {
    super('No active signing key: rotate the signing keys before issuing tokens');
    this.name = 'NoSigningKeyError';
  }
}

type LoadedKey = { stored: StoredKey; publicKey: CryptoKey; privateKey?: CryptoKey };

export type KeyRingOptions = {
  now?: () => Date;
  /**
   * Least time between store reloads triggered by a token with an unknown kid (another
   * instance may have rotated). Bounds the store load a flood of forged kids can cause.
   */
  unknownKidRefreshIntervalMs?: number;
};

/**
 * The gateway's signing keys, imported once into CryptoKeys and held in memory so signing
 * and verifying parse no key material per request. `refresh()` reloads from the store.
 */
export class KeyRing {
  private loaded = new Map<string, LoadedKey>();
  private inflight: Promise<void> | undefined;
  private lastRefreshAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => Date;
  private readonly unknownKidRefreshIntervalMs: number;

  constructor(
    private readonly store: SigningKeyStore,
    options: KeyRingOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.unknownKidRefreshIntervalMs = options.unknownKidRefreshIntervalMs ?? 30_000;
  }

  static async load(store: SigningKeyStore, options?: KeyRingOptions): Promise<KeyRing> {
    const ring = new KeyRing(store, options);
    await ring.refresh();
    return ring;
  }

  /** Reloads keys from the store; concurrent callers share one reload. */
  refresh(): Promise<void> {
    this.inflight ??= this.reload().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Reloads unless a reload happened within the rate limit; true when it reloaded. */
  async refreshForUnknownKid(): Promise<boolean> {
    if (this.now().getTime() - this.lastRefreshAt < this.unknownKidRefreshIntervalMs) return false;
    await this.refresh();
    return true;
  }

  storedKeys(): StoredKey[] {
    return [...this.loaded.values()].map((entry) => entry.stored);
  }

  jwks(now: Date = this.now()): JSONWebKeySet {
    return publishedJwks(this.storedKeys(), now);
  }

  signingKey(now: Date = this.now()): SigningKeyHandle {
    const key = currentSigningKey(this.storedKeys(), now);
    const privateKey = key && this.loaded.get(key.kid)?.privateKey;
    if (!key || !privateKey) throw new NoSigningKeyError();
    return { kid: key.kid, alg: key.alg, privateKey };
  }

  /** The public key for a kid while it is published; undefined once expired or unknown. */
  verificationKey(kid: string, now: Date = this.now()): VerificationKeyHandle | undefined {
    const entry = this.loaded.get(kid);
    if (!entry || isExpired(entry.stored, now)) return undefined;
    return { kid, alg: entry.stored.alg, publicKey: entry.publicKey };
  }

  /** Plans, generates and stores a rotation, then reloads. Null when one is already pending. */
  async rotate(options: RotationOptions, now: Date = this.now()): Promise<RotationPlan | null> {
    await this.refresh();
    const plan = planRotation(this.storedKeys(), now, options);
    if (!plan) return null;
    const byKid = new Map(this.storedKeys().map((key) => [key.kid, key]));
    for (const update of plan.updates) {
      const key = byKid.get(update.kid);
      if (key) await this.store.save({ ...key, ...update });
    }
    await this.store.save(await generateSigningKey(now, plan.activatesAt));
    // A reload already under way may have read the store before these saves.
    await this.inflight?.catch(() => undefined);
    await this.refresh();
    return plan;
  }

  private async reload(): Promise<void> {
    const now = this.now();
    const next = new Map<string, LoadedKey>();
    for (const stored of await this.store.list()) {
      if (isExpired(stored, now)) continue;
      const publicKey = await importKey(stored.publicJwk, stored.alg);
      // Only keys that may still sign need their private half in memory.
      const privateKey = isRetired(stored, now)
        ? undefined
        : await importKey(stored.privateJwk, stored.alg);
      next.set(stored.kid, { stored, publicKey, privateKey });
    }
    this.loaded = next;
    this.lastRefreshAt = now.getTime();
  }
}

/** Keeps signing keys in memory; for development, tests and single-process tools. */
export class MemorySigningKeyStore implements SigningKeyStore {
  private readonly keys = new Map<string, StoredKey>();

  async list(): Promise<StoredKey[]> {
    return [...this.keys.values()].map((key) => ({ ...key }));
  }

  async save(key: StoredKey): Promise<void> {
    this.keys.set(key.kid, { ...key });
  }
}

async function importKey(jwk: JWK, alg: string): Promise<CryptoKey> {
  const key = await importJWK(jwk, alg);
  if (key instanceof Uint8Array) throw new TypeError('Signing keys must be asymmetric');
  return key;
}

function publicOnly(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, k: _k, ...rest } = jwk;
  return rest;
}

function newestFirst(a: StoredKey, b: StoredKey): number {
  return (
    b.activatesAt.getTime() - a.activatesAt.getTime() ||
    b.createdAt.getTime() - a.createdAt.getTime()
  );
}
