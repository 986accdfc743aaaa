// Group commit for intake. A transaction costs a few round trips whatever it writes, and the
// routing counters serialise intakes anyway, so submissions that arrive while earlier ones are
// being written wait and go together in the next transaction. There is no timer: a lone
// submission goes at once, and under load batches grow by themselves up to `maxBatch`.
import type { PrismaClient } from '@bvg/db';
import type { Actor } from '../shared/actor.ts';
import type { SubmitCaseInput, SubmitCaseResult } from './submission-schema.ts';
import {
  MAX_SUBMISSIONS_PER_BATCH,
  type Submission,
  type SubmissionOutcome,
  submitCases,
} from './submit-cases.ts';

export interface IntakeBatcherOptions {
  /** Most submissions in one transaction. */
  maxBatch?: number;
  /**
   * Transactions in flight at once. 1 by default: batches of one process queue on the same
   * routing counters anyway, and one at a time makes them larger (measured with
   * `pnpm bench dispatch`: full-speed intake ~2,800/s with 1 vs ~2,300/s with 2).
   */
  maxInFlight?: number;
  now?: () => Date;
}

interface Pending {
  submission: Submission;
  settle(outcome: SubmissionOutcome): void;
  fail(error: unknown): void;
}

export class IntakeBatcher {
  readonly #prisma: PrismaClient;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  readonly #now: (() => Date) | undefined;
  #queue: Pending[] = [];
  #inFlight = 0;
  #idle: (() => void)[] = [];

  constructor(prisma: PrismaClient, options: IntakeBatcherOptions = {}) {
    this.#prisma = prisma;
    this.#maxBatch = Math.min(options.maxBatch ?? 200, MAX_SUBMISSIONS_PER_BATCH);
    this.#maxInFlight = options.maxInFlight ?? 1;
    this.#now = options.now;
  }

  /** Submits one case; answers as `submitCase` would (its result, or its `DomainError`). */
  submit(
    actor: Actor,
    input: SubmitCaseInput,
    options: { requestId?: string | null } = {},
  ): Promise<SubmitCaseResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({
        submission: { actor, input, requestId: options.requestId ?? null },
        settle: (outcome) => (outcome.ok ? resolve(outcome.result) : reject(outcome.error)),
        fail: reject,
      });
      this.#pump();
    });
  }

  /** Resolves when nothing is queued or being written. */
  drained(): Promise<void> {
    if (this.#queue.length === 0 && this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#inFlight += 1;
      void this.#write(batch).finally(() => {
        this.#inFlight -= 1;
        this.#pump();
        if (this.#queue.length === 0 && this.#inFlight === 0) {
          for (const resolve of this.#idle.splice(0)) resolve();
        }
      });
    }
  }

  async #write(batch: Pending[]): Promise<void> {
    const options = this.#now ? { now: this.#now } : {};
    try {
      const outcomes = await submitCases(
        this.#prisma,
        batch.map((p) => p.submission),
        options,
      );
      for (const [i, p] of batch.entries()) p.settle(outcomes[i]!);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.fail(error);
        return;
      }
      // Whatever failed the transaction must fail only the submission that caused it: each
      // goes again on its own (idempotent, and the failed transaction left nothing), one after
      // another so as not to flood the pool.
      for (const p of batch) {
        try {
          const [outcome] = await submitCases(this.#prisma, [p.submission], options);
          p.settle(outcome!);
        } catch (single) {
          p.fail(single);
        }
      }
    }
  }
}
