import { EgressError } from './errors.ts';

/** What a delivery attempt's result means for the message and the endpoint. */
export type DeliveryClassification =
  | { outcome: 'SUCCESS' }
  | { outcome: 'DISABLE_ENDPOINT' }
  | { outcome: 'RETRY'; retryAfterMs?: number };

export type ResponseHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return typeof value === 'string' ? value : value?.[0];
  }
  return undefined;
}

/**
 * `Retry-After` as a delay in ms: whole seconds or an HTTP-date (RFC 9110 §10.2.3).
 * A date in the past means "now"; anything unreadable is ignored.
 */
export function parseRetryAfter(value: string | undefined, now: Date | number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form starts with a day name; Date.parse alone would read "-5" as a year.
  const at = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - (typeof now === 'number' ? now : now.getTime()));
}

/**
 * Only 2xx is success; 410 Gone means the receiver retired the endpoint; everything else,
 * redirects included (they are never followed), is retried on the schedule.
 */
export function classifyResponse(
  status: number,
  headers: ResponseHeaders,
  now: Date | number,
): DeliveryClassification {
  if (status >= 200 && status < 300) return { outcome: 'SUCCESS' };
  if (status === 410) return { outcome: 'DISABLE_ENDPOINT' };
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), now);
    return retryAfterMs === undefined ? { outcome: 'RETRY' } : { outcome: 'RETRY', retryAfterMs };
  }
  return { outcome: 'RETRY' };
}

/**
 * An attempt that got no response. Timeouts and network errors are retried; so is a blocked
 * destination, since its DNS may change, and an exhausted schedule re-routes the case anyway.
 */
export function classifyFailure(error: unknown): DeliveryClassification {
  if (error instanceof EgressError) return { outcome: 'RETRY' };
  throw error;
}
