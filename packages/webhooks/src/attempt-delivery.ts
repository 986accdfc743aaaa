import {
  classifyFailure,
  classifyResponse,
  type DeliveryClassification,
} from './classify-response.ts';
import type { EgressClient } from './egress-client.ts';
import type { EgressError } from './errors.ts';
import { signWebhook } from './sign-webhook.ts';

export interface DeliveryMessage {
  url: string;
  /** The endpoint's current secret, or several while it rotates. */
  secret: string | readonly string[];
  /** Stable across every attempt of this message. */
  id: string;
  /** The serialised payload, sent and signed byte for byte. */
  body: string;
}

/** One attempt, as recorded and shown to the vendor in its delivery log. */
export interface DeliveryAttempt {
  classification: DeliveryClassification;
  attemptedAt: Date;
  /** Absent when no response came back. */
  status?: number;
  latencyMs?: number;
  /** The start of the receiver's answer, for the delivery log. */
  responseBody?: string;
  error?: { code: EgressError['code']; message: string };
}

/** Signs with the attempt's own timestamp (receivers reject stale ones), posts, and classifies. */
export async function attemptDelivery(
  client: EgressClient,
  message: DeliveryMessage,
  now: () => Date = () => new Date(),
): Promise<DeliveryAttempt> {
  const attemptedAt = now();
  const headers = signWebhook({
    secret: message.secret,
    id: message.id,
    timestamp: attemptedAt,
    body: message.body,
  });
  try {
    const response = await client.post(message.url, {
      headers: { ...headers, 'content-type': 'application/json' },
      body: message.body,
    });
    return {
      classification: classifyResponse(response.status, response.headers, now()),
      attemptedAt,
      status: response.status,
      latencyMs: response.latencyMs,
      responseBody: response.body,
    };
  } catch (error) {
    const classification = classifyFailure(error);
    // classifyFailure rethrows anything that is not an EgressError.
    const failure = error as EgressError;
    return { classification, attemptedAt, error: { code: failure.code, message: failure.message } };
  }
}
