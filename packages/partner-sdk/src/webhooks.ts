// Verifies a webhook from the gateway with the `standardwebhooks` reference library and
// returns its thin event, typed by `type`. The gateway signs `id.timestamp.body` with every
// valid secret of your endpoint, so your current `whsec_…` secret is enough.
import { WebhookVerificationError as LibraryVerificationError, Webhook } from 'standardwebhooks';
import type { CaseStatus } from './generated/graphql.ts';

interface EventBase<T extends string, D> {
  /** The `webhook-id` header: stable across retries and redeliveries; de-duplicate on it. */
  id: string;
  type: T;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: D;
}

interface CaseRef {
  caseId: string;
  vendorId: string;
  /** The case version the event is about; read the case for the current one. */
  version: number;
}

export type CaseAssignedEvent = EventBase<'case.assigned', CaseRef & { offerExpiresAt?: string }>;
export type CaseRecalledEvent = EventBase<
  'case.recalled',
  CaseRef & {
    reason:
      | 'REJECTED'
      | 'OFFER_EXPIRED'
      | 'DELIVERY_EXHAUSTED'
      | 'ESCALATED'
      | 'REASSIGNED'
      | 'VENDOR_DRAINING'
      | 'FAILOVER'
      | 'OPS_REROUTE'
      | 'OPS_ASSIGN'
      | 'OPS_RECALL';
    /** Why ops recalled it (a vendor draining or a failover), in their words. */
    note?: string;
  }
>;
export type CaseUpdatedEvent = EventBase<'case.updated', CaseRef & { status: CaseStatus }>;
export type CaseSlaWarningEvent = EventBase<
  'case.sla_warning',
  CaseRef & { clock: 'FIRST_RESPONSE' | 'RESOLUTION'; dueAt: string }
>;

/** The user wrote on the case: read the message with `caseMessages` (it carries no text). */
export type CaseMessageReceivedEvent = EventBase<
  'case.message_received',
  CaseRef & { messageId: string }
>;

/**
 * Every event this SDK knows. A newer gateway may send types not listed here: handle the
 * ones you need and answer 2xx to the rest (a `default:` branch of your switch).
 */
export type WebhookEvent =
  | CaseAssignedEvent
  | CaseRecalledEvent
  | CaseUpdatedEvent
  | CaseSlaWarningEvent
  | CaseMessageReceivedEvent;

export type WebhookEventType = WebhookEvent['type'];

/** The signature, the timestamp (older than 5 minutes) or the payload's shape is wrong. */
export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
}

/** Request headers as Fetch (`Headers`) or Node's `http` (`IncomingHttpHeaders`) give them. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/**
 * Checks a webhook request and returns its event. Pass the raw body exactly as received
 * (not re-serialised JSON), the request headers and your endpoint's `whsec_…` secret. Throws
 * `WebhookVerificationError` when it is not from the gateway; answer such a request 400.
 */
export function verifyWebhook(
  headers: WebhookHeaders,
  body: string | Uint8Array,
  secret: string,
): WebhookEvent {
  const header = (name: string): string => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? '';
  };
  const signed = {
    'webhook-id': header('webhook-id'),
    'webhook-timestamp': header('webhook-timestamp'),
    'webhook-signature': header('webhook-signature'),
  };
  const raw = typeof body === 'string' ? body : Buffer.from(body);
  let payload: unknown;
  try {
    payload = new Webhook(secret).verify(raw, signed);
  } catch (error) {
    if (error instanceof LibraryVerificationError)
      throw new WebhookVerificationError(error.message);
    throw new WebhookVerificationError(`cannot verify: ${(error as Error).message}`);
  }
  if (!isThinPayload(payload)) {
    throw new WebhookVerificationError('signed, but not a gateway event (type, timestamp, data)');
  }
  // Checked for shape only: a newer gateway may add event types and fields.
  return { id: signed['webhook-id'], ...payload } as unknown as WebhookEvent;
}

function isThinPayload(
  value: unknown,
): value is { type: string; timestamp: string; data: Record<string, unknown> } {
  if (typeof value !== 'object' || value === null) return false;
  const { type, timestamp, data } = value as Record<string, unknown>;
  return (
    typeof type === 'string' &&
    typeof timestamp === 'string' &&
    typeof data === 'object' &&
    data !== null
  );
}
