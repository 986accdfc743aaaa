import type { Redis } from 'ioredis';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
} from 'jose';

/** RFC 7521 §4.2 value of `client_assertion_type` for a JWT assertion. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const CLIENT_ASSERTION_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;
/**
 * `typ` values accepted (RFC 7515 §4.1.9: compared case-insensitively, `application/` may be
 * left out): none at all or `JWT`, as RFC 7523 clients send, or rfc7523bis's explicit type.
 */
const ASSERTION_TYPES: ReadonlySet<string> = new Set(['jwt', 'client-authentication+jwt']);
const MAX_ASSERTION_LENGTH = 16_384;
const MAX_JTI_LENGTH = 256;

export type ClientAssertionFailureReason =
  | 'malformed'
  | 'encrypted'
  | 'alg_not_allowed'
  | 'wrong_typ'
  | 'wrong_issuer'
  | 'wrong_subject'
  | 'wrong_audience'
  | 'missing_exp'
  | 'expired'
  | 'not_yet_valid'
  | 'lifetime_too_long'
  | 'issued_in_future'
  | 'missing_jti'
  | 'replayed'
  | 'no_keys'
  | 'keys_unavailable'
  | 'unknown_kid'
  | 'bad_signature';

/** A refused client assertion; the token endpoint answers every one with `invalid_client`. */
export class ClientAssertionError extends Error {
  readonly oauthError = 'invalid_client' as const;

  constructor(
    readonly reason: ClientAssertionFailureReason,
    options?: { cause?: unknown },
  ) {
    super(`Client assertion rejected: ${reason}`, options);
    this.name = 'ClientAssertionError';
  }
}

export interface ReplayStore {
  /** Records a one-time id; false when it was already recorded and has not yet expired. */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

/** Replay cache shared by every gateway instance: `SET key 1 PX ttl NX` is atomic. */
export class RedisReplayStore implements ReplayStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: { keyPrefix: string },
  ) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const ttl = Math.max(1, Math.ceil(ttlMs));
    const result = await this.redis.set(this.options.keyPrefix + key, '1', 'PX', ttl, 'NX');
    return result === 'OK';
  }
}

export type VerifyClientAssertionOptions = {
  /** When the request named a client, the assertion must be that client's. */
  clientId?: string;
  /** Our issuer identifier: `aud` must be exactly this single string. */
  issuer: string;
  jwks: JSONWebKeySet | (() => Promise<JSONWebKeySet>);
  maxLifetimeSec: number;
  replayStore: ReplayStore;
  now: Date;
  clockToleranceSec?: number;
};

export type VerifiedClientAssertion = { clientId: string; jti: string; exp: number };

/**
 * Reads `iss` without verifying, only to find which client's keys to verify with. Nothing
 * read here is trusted until `verifyClientAssertion` succeeds.
 */
export function peekAssertionIssuer(assertion: string): string | undefined {
  try {
    const { iss } = decodeJwt(assertion);
    return typeof iss === 'string' && iss.length > 0 ? iss : undefined;
  } catch {
    return undefined;
  }
}

export type InspectClientAssertionOptions = Pick<
  VerifyClientAssertionOptions,
  'clientId' | 'issuer' | 'maxLifetimeSec' | 'now' | 'clockToleranceSec'
>;

export type InspectedClientAssertion = { clientId: string; kid: string | undefined };

const normalisedTyp = (typ: string) => typ.toLowerCase().replace(/^application\//, '');

/**
 * Checks everything an assertion says about itself — form, `alg`, `typ` and claims — before
 * any key is looked at. Nothing here depends on which clients exist, so its refusals can be
 * explained to anyone; nothing read here is trusted until `verifyClientAssertion` succeeds.
 */
export function inspectClientAssertion(
  assertion: string,
  options: InspectClientAssertionOptions,
): InspectedClientAssertion {
  const tolerance = options.clockToleranceSec ?? 5;
  const nowSec = Math.floor(options.now.getTime() / 1000);

  if (typeof assertion !== 'string' || assertion.length > MAX_ASSERTION_LENGTH) {
    throw new ClientAssertionError('malformed');
  }
  const segments = assertion.split('.').length;
  if (segments === 5) throw new ClientAssertionError('encrypted');
  if (segments !== 3) throw new ClientAssertionError('malformed');

  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    payload = decodeJwt(assertion);
  } catch (cause) {
    throw new ClientAssertionError('malformed', { cause });
  }
  if (!(CLIENT_ASSERTION_ALGORITHMS as readonly unknown[]).includes(header.alg)) {
    throw new ClientAssertionError('alg_not_allowed');
  }
  if (
    header.typ !== undefined &&
    (typeof header.typ !== 'string' || !ASSERTION_TYPES.has(normalisedTyp(header.typ)))
  ) {
    throw new ClientAssertionError('wrong_typ');
  }

  const { iss, sub, aud, exp, iat, nbf, jti } = payload;
  if (typeof iss !== 'string' || iss.length === 0) throw new ClientAssertionError('wrong_issuer');
  if (options.clientId !== undefined && iss !== options.clientId) {
    throw new ClientAssertionError('wrong_issuer');
  }
  if (sub !== iss) throw new ClientAssertionError('wrong_subject');
  // rfc7523bis: the audience is our issuer identifier alone, never an array or endpoint URL.
  if (typeof aud !== 'string' || aud !== options.issuer) {
    throw new ClientAssertionError('wrong_audience');
  }
  if (typeof exp !== 'number') throw new ClientAssertionError('missing_exp');
  if (exp <= nowSec - tolerance) throw new ClientAssertionError('expired');
  if (typeof nbf === 'number' && nbf > nowSec + tolerance) {
    throw new ClientAssertionError('not_yet_valid');
  }
  const lifetime = Math.max(exp - nowSec, typeof iat === 'number' ? exp - iat : 0);
  if (lifetime > options.maxLifetimeSec + tolerance) {
    throw new ClientAssertionError('lifetime_too_long');
  }
  if (typeof iat === 'number' && iat > nowSec + tolerance) {
    throw new ClientAssertionError('issued_in_future');
  }
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) {
    throw new ClientAssertionError('missing_jti');
  }
  return { clientId: iss, kid: typeof header.kid === 'string' ? header.kid : undefined };
}

/** Verifies a private_key_jwt client assertion (RFC 7523 §3, draft-ietf-oauth-rfc7523bis). */
export async function verifyClientAssertion(
  assertion: string,
  options: VerifyClientAssertionOptions,
): Promise<VerifiedClientAssertion> {
  const tolerance = options.clockToleranceSec ?? 5;
  const nowSec = Math.floor(options.now.getTime() / 1000);
  const { kid } = inspectClientAssertion(assertion, options);

  let keySet: JSONWebKeySet;
  try {
    keySet = typeof options.jwks === 'function' ? await options.jwks() : options.jwks;
  } catch (cause) {
    throw new ClientAssertionError('keys_unavailable', { cause });
  }
  if (!Array.isArray(keySet?.keys) || keySet.keys.length === 0) {
    throw new ClientAssertionError('no_keys');
  }
  if (kid !== undefined && !keySet.keys.some((key) => key.kid === kid)) {
    throw new ClientAssertionError('unknown_kid');
  }

  // The claims were checked above; verified, they are the same bytes.
  const { iss, exp, jti } = (await verifySignature(assertion, keySet, options.now, tolerance)) as {
    iss: string;
    exp: number;
    jti: string;
  };

  // Kept until the assertion could no longer pass the `exp` check anyway.
  const ttlMs = (exp - nowSec + tolerance) * 1000;
  // The client id is escaped so that no (client, jti) pair can collide with another's.
  if (!(await options.replayStore.claim(`${encodeURIComponent(iss)}:${jti}`, ttlMs))) {
    throw new ClientAssertionError('replayed');
  }
  return { clientId: iss, jti, exp };
}

async function verifySignature(
  assertion: string,
  keySet: JSONWebKeySet,
  now: Date,
  clockToleranceSec: number,
): Promise<JWTPayload> {
  const verifyOptions = {
    algorithms: [...CLIENT_ASSERTION_ALGORITHMS],
    currentDate: now,
    clockTolerance: clockToleranceSec,
  };
  try {
    const getKey = createLocalJWKSet(keySet);
    try {
      return (await jwtVerify(assertion, getKey, verifyOptions)).payload;
    } catch (error) {
      // Several keys fit an assertion without `kid`: try each, as jose documents.
      if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
      for await (const key of error) {
        try {
          return (await jwtVerify(assertion, key, verifyOptions)).payload;
        } catch (inner) {
          if (!(inner instanceof errors.JWSSignatureVerificationFailed)) throw inner;
        }
      }
      throw new errors.JWSSignatureVerificationFailed();
    }
  } catch (cause) {
    throw new ClientAssertionError(reasonFromJose(cause), { cause });
  }
}

function reasonFromJose(error: unknown): ClientAssertionFailureReason {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.claim === 'nbf' ? 'not_yet_valid' : 'malformed';
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'alg_not_allowed';
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey
  ) {
    return 'bad_signature';
  }
  if (error instanceof errors.JWKSInvalid) return 'no_keys';
  return 'malformed';
}
