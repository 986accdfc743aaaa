// Group commit for intake. A transaction costs a few round trips whatever it writes, and the
// routing counters serialise intakes anyway, so submissions that arrive while earlier ones are
// being written wait and go together in the next transaction. A lone submission goes at once;
// under load batches grow by themselves up to `maxBatch`.
import { createGroupCommit, type PrismaClient } from '@bvg/db';
import type { Actor } from '../shared/actor.ts';
import type { SubmitCaseInput, SubmitCaseResult } from './submission-schema.ts';
import {
  assertBatchSize,
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

export class IntakeBatcher {
  readonly #write: (key: string, submission: Submission) => Promise<SubmissionOutcome>;

  constructor(prisma: PrismaClient, options: IntakeBatcherOptions = {}) {
    const now = options.now;
    // A transaction that fails fails only the submission that caused it: the group commit
    // runs each of its submissions again on its own (idempotent; the failed one left nothing).
    this.#write = createGroupCommit<Submission, SubmissionOutcome>(
      (_key, submissions) => submitCases(prisma, submissions, now ? { now } : {}),
      {
        maxBatch: Math.min(options.maxBatch ?? 200, MAX_SUBMISSIONS_PER_BATCH),
        maxInFlight: options.maxInFlight ?? 1,
      },
    );
  }

  /**
   * Submits several cases; answers each as `submitCases` would, in order. They share
   * transactions with whatever else this process is submitting at the time, so concurrent
   * batches queue together instead of waiting on each other's routing counters. A submission
   * whose transaction fails for an unexpected reason fails the call; the others may be written
   * already, and sending the call again answers them with `created: false`.
   */
  async submitMany(
    actor: Actor,
    inputs: readonly SubmitCaseInput[],
    options: { requestId?: string | null } = {},
  ): Promise<SubmissionOutcome[]> {
    assertBatchSize(inputs.length);
    const requestId = options.requestId ?? null;
    return Promise.all(inputs.map((input) => this.#write('intake', { actor, input, requestId })));
  }

  /** Submits one case; answers as `submitCase` would (its result, or its `DomainError`). */
  async submit(
    actor: Actor,
    input: SubmitCaseInput,
    options: { requestId?: string | null } = {},
  ): Promise<SubmitCaseResult> {
    const outcome = await this.#write('intake', {
      actor,
      input,
      requestId: options.requestId ?? null,
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }
}
