// What the OAuth endpoints (token, revocation) tell a partner whose client assertion they
// refused: enough to fix the assertion, never key material, never whether a client id exists.
import {
  CLIENT_ASSERTION_ALGORITHMS,
  type ClientAssertionFailureReason,
} from './client-assertion.ts';

/**
 * Every refusal whose cause is "no key of this client verifies the assertion". An unknown
 * client id, a client without registered keys or without private_key_jwt, a kid not in the
 * set, an unreachable JWK set URL and a bad signature all answer this, so a caller without the
 * key cannot tell a registered client from an unregistered one.
 */
export const KEY_REFUSALS = [
  'unknown_client',
  'no_keys',
  'keys_unavailable',
  'unknown_kid',
  'bad_signature',
] as const;
export type KeyRefusal = (typeof KEY_REFUSALS)[number];

const keyMismatch = (kid: string | undefined) =>
  `No key registered for this client id verifies the client assertion${
    kid === undefined ? ' (it names no kid)' : ` (kid "${kid.slice(0, 64)}")`
  }: check that its kid names a key of your registered JWK set (and that your JWK set URL ` +
  'answers), and that the assertion is signed with that key’s private key';

const DESCRIPTIONS: Record<Exclude<ClientAssertionFailureReason, KeyRefusal>, string> = {
  malformed: 'The client assertion is not a signed JWT (compact JWS: three base64url parts)',
  encrypted: 'Encrypted client assertions are not accepted: send a signed JWT',
  alg_not_allowed: `The client assertion alg must be one of ${CLIENT_ASSERTION_ALGORITHMS.join(', ')}`,
  wrong_typ: 'The client assertion typ must be absent, JWT or client-authentication+jwt',
  wrong_issuer: 'The client assertion iss must be your client id (and equal client_id if sent)',
  wrong_subject: 'The client assertion sub must equal its iss (your client id)',
  wrong_audience: 'The client assertion aud must be the issuer identifier, as a single string',
  missing_exp: 'The client assertion must carry exp',
  expired: 'The client assertion has expired: sign a fresh one for each token request',
  not_yet_valid: 'The client assertion is not yet valid (nbf is in the future): check your clock',
  lifetime_too_long: 'The client assertion lifetime is too long',
  issued_in_future: 'The client assertion iat is in the future: check your clock',
  missing_jti: 'The client assertion must carry a jti (a fresh unique id, at most 256 characters)',
  replayed: 'The client assertion jti has already been used: use a fresh jti for each request',
};

export function describeAssertionRefusal(
  reason: ClientAssertionFailureReason | KeyRefusal,
  context: { kid: string | undefined; maxLifetimeSec: number },
): string {
  if ((KEY_REFUSALS as readonly string[]).includes(reason)) return keyMismatch(context.kid);
  const description = DESCRIPTIONS[reason as Exclude<ClientAssertionFailureReason, KeyRefusal>];
  return reason === 'lifetime_too_long'
    ? `${description} (exp at most ${context.maxLifetimeSec} s after now and after iat)`
    : description;
}
