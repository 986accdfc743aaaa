import type { DeliveryOutcome } from '@bvg/domain';
import { type DeliveryClassification, nextAttemptDelay, type RetrySchedule } from '@bvg/webhooks';

/**
 * What an attempt's classification means for the delivery: done, endpoint gone, another try
 * later (the schedule's delay with jitter, at least a 429's Retry-After), or no tries left.
 */
export function decideDeliveryOutcome(input: {
  classification: DeliveryClassification;
  /** Position of the attempt just made in the schedule, from 1. */
  step: number;
  schedule: RetrySchedule;
  now: Date;
  redelivery: boolean;
  responseStatus?: number | undefined;
  random?: () => number;
}): { outcome: DeliveryOutcome; delayMs: number | null } {
  const { classification } = input;
  if (classification.outcome === 'SUCCESS')
    return { outcome: { kind: 'SUCCEEDED' }, delayMs: null };
  if (classification.outcome === 'DISABLE_ENDPOINT') {
    return {
      outcome: {
        kind: 'ENDPOINT_DISABLED',
        reason: `receiver answered ${input.responseStatus ?? 410} Gone`,
      },
      delayMs: null,
    };
  }
  const delayMs = nextAttemptDelay(input.step, classification, input.schedule, input.random);
  if (delayMs === null) {
    return { outcome: { kind: 'EXHAUSTED', reroute: !input.redelivery }, delayMs: null };
  }
  return {
    outcome: { kind: 'RETRYING', nextAttemptAt: new Date(input.now.getTime() + delayMs) },
    delayMs,
  };
}
