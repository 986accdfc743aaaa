// Records, after the answer, every case a partner's client named and was refused as NOT_FOUND
// (recordCaseProbes decides which were other tenants' cases and alerts ops past a threshold).
// Not awaited, so the answer to the prober leaves exactly when it would for an id that names
// nothing: no extra latency to tell a real case from a random id.

import type { PrismaClient } from '@bvg/db';
import { CaseNotFoundError, type ProbeAlertPolicy, recordCaseProbes } from '@bvg/domain';
import type { GraphQLContext } from '@bvg/graphql';
import { isAsyncIterable } from '@envelop/core';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';

/** The case ids behind the NOT_FOUND errors of a result. */
export function probedCaseIds(errors: readonly unknown[] | undefined): string[] {
  return (errors ?? []).flatMap((error) => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    return original instanceof CaseNotFoundError ? [original.caseId] : [];
  });
}

export function useProbeRecorder(deps: {
  prisma: PrismaClient;
  policy: ProbeAlertPolicy;
  logger: Logger;
}): Plugin<GraphQLContext> {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result }) {
          if (isAsyncIterable(result)) return;
          const caseIds = probedCaseIds(result.errors);
          const ctx = args.contextValue as GraphQLContext;
          if (caseIds.length === 0 || ctx.actor?.kind !== 'VENDOR') return;
          void recordCaseProbes(
            deps.prisma,
            ctx.actor,
            { caseIds, requestId: ctx.requestId, operation: args.operationName ?? null },
            deps.policy,
          ).catch((error: unknown) =>
            deps.logger.error({ error, requestId: ctx.requestId }, 'recording a case probe failed'),
          );
        },
      };
    },
  };
}
