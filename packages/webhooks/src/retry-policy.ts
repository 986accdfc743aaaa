import type { DeliveryClassification } from './classify-response.ts';

/** Svix-like delays before attempts 1 to 8: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

export interface RetrySchedule {
  /** Delay before each attempt, the first one included; its length is the number of attempts. */
  delaysMs: readonly number[];
  /** Each delay varies by up to this fraction either way, so retries of many messages spread out. */
  jitter: number;
}

export interface RetryScheduleOptions {
  /** Multiplies every delay: 1 in production, e.g. 0.001 to run the whole schedule in a test. */
  scale?: number;
  /** 0.2 = ±20 %. */
  jitter?: number;
  delaysMs?: readonly number[];
}

export function retrySchedule(options: RetryScheduleOptions = {}): RetrySchedule {
  const { scale = 1, jitter = 0.2, delaysMs = DEFAULT_RETRY_DELAYS_MS } = options;
  if (!(scale >= 0) || !Number.isFinite(scale)) throw new RangeError('scale must be ≥ 0');
  if (!(jitter >= 0 && jitter < 1)) throw new RangeError('jitter must be in [0, 1)');
  if (delaysMs.length === 0) throw new RangeError('a schedule needs at least one attempt');
  return { delaysMs: delaysMs.map((delay) => Math.round(delay * scale)), jitter };
}

/**
 * How long to wait after attempt `attemptNumber` (1-based, the one just made) before the next,
 * or `null` when there is no next attempt: delivered, endpoint gone, or schedule exhausted.
 * A 429's Retry-After is a floor, capped at the schedule's longest delay so a receiver cannot
 * park a message forever.
 */
export function nextAttemptDelay(
  attemptNumber: number,
  classification: DeliveryClassification,
  schedule: RetrySchedule,
  random: () => number = Math.random,
): number | null {
  if (!Number.isInteger(attemptNumber) || attemptNumber < 1) {
    throw new RangeError('attemptNumber counts attempts made, from 1');
  }
  if (classification.outcome !== 'RETRY') return null;
  const planned = schedule.delaysMs[attemptNumber];
  if (planned === undefined) return null;
  const jittered = Math.round(planned * (1 + schedule.jitter * (2 * random() - 1)));
  const longest = Math.max(...schedule.delaysMs);
  const floor = Math.min(classification.retryAfterMs ?? 0, longest);
  return Math.max(jittered, floor);
}
