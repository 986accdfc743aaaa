import { createHmac, randomBytes } from 'node:crypto';

/** The three headers of the Standard Webhooks specification, in their canonical lower case. */
export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export interface SignWebhookInput {
  /** `whsec_…`; several during a rotation, so a receiver that knows any one of them verifies. */
  secret: string | readonly string[];
  /** Stable across retries of the same message: receivers deduplicate on it. */
  id: string;
  /** A Date, or Unix time in whole seconds. */
  timestamp: Date | number;
  /** The exact bytes that go on the wire: the signature covers this string, not a re-serialisation. */
  body: string;
}

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function decodeSecret(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  // Buffer.from(…, 'base64') silently skips invalid characters; a mistyped secret must fail loudly.
  if (encoded.length === 0 || encoded.length % 4 !== 0 || !BASE64.test(encoded)) {
    throw new TypeError('webhook secret must be "whsec_" followed by base64');
  }
  return Buffer.from(encoded, 'base64');
}

function toUnixSeconds(timestamp: Date | number): number {
  const seconds = timestamp instanceof Date ? Math.floor(timestamp.getTime() / 1000) : timestamp;
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new TypeError('webhook timestamp must be a valid Date or a whole number of seconds');
  }
  return seconds;
}

/** Signs a message per the Standard Webhooks specification (`v1` = HMAC-SHA256, base64). */
export function signWebhook(input: SignWebhookInput): WebhookHeaders {
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  if (secrets.length === 0) throw new TypeError('at least one webhook secret is required');
  if (input.id.length === 0) throw new TypeError('webhook id must not be empty');
  const timestamp = String(toUnixSeconds(input.timestamp));
  const content = `${input.id}.${timestamp}.${input.body}`;
  const signature = secrets
    .map(
      (secret) =>
        `v1,${createHmac('sha256', decodeSecret(secret)).update(content).digest('base64')}`,
    )
    .join(' ');
  return { 'webhook-id': input.id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
}

/** A new endpoint secret: `whsec_` + base64 of 32 random bytes (the specification asks for 24–64). */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}
