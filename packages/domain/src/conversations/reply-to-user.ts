// A reply to the user through the gateway, by the partner holding the case or the in-house
// specialist holding its claim: stored as an OUTBOUND message, recorded as a response by the
// same lifecycle path as `recordResponse` (the first public reply stops the first-response
// clock), and sent to the platform channel as `message.outbound` — one transaction.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import { type CaseWorker, type TransitionResult, transitionCase } from '../cases/index.ts';
import { announceOutboundMessage } from '../dispatch/index.ts';
import { validationError } from '../shared/domain-error.ts';
import { MAX_MESSAGE_BODY } from './message-schema.ts';

/** The source of messages written through the gateway (their messageRef is their id). */
export const GATEWAY_MESSAGE_SOURCE = 'gateway';

export interface ReplyInput {
  caseId: string;
  version: number;
  body: string;
  idempotencyKey?: string | null;
  requestId?: string | null;
}

export type ReplyResult = TransitionResult & { messageId: string };

export async function replyToUser(
  prisma: PrismaClient,
  actor: CaseWorker,
  input: ReplyInput,
  now?: () => Date,
): Promise<ReplyResult> {
  const body = typeof input.body === 'string' ? input.body : '';
  if (body.trim().length === 0) throw validationError([{ path: 'body', message: 'is required' }]);
  if (body.length > MAX_MESSAGE_BODY || body.includes('\u0000')) {
    throw validationError([
      {
        path: 'body',
        message: body.includes('\u0000')
          ? 'must not contain a NUL character'
          : `is longer than ${MAX_MESSAGE_BODY} characters`,
      },
    ]);
  }
  const { extra, ...result } = await transitionCase(
    prisma,
    actor,
    'RECORD_RESPONSE',
    {
      caseId: input.caseId,
      version: input.version,
      idempotencyKey: input.idempotencyKey ?? null,
      requestId: input.requestId ?? null,
      body,
    },
    now,
    {
      operation: 'REPLY_TO_USER',
      after: async (tx, done, at) => {
        const c = await tx.case.findUniqueOrThrow({
          where: { id: done.caseId },
          select: { source: true, externalRef: true, channel: true },
        });
        const id = randomUUID();
        await tx.caseMessage.create({
          data: {
            id,
            caseId: done.caseId,
            vendorId: done.vendorId ?? null,
            direction: 'OUTBOUND',
            visibility: 'PUBLIC',
            source: GATEWAY_MESSAGE_SOURCE,
            messageRef: id,
            channel: c.channel,
            authorKind: actor.kind,
            authorId: actor.id,
            body,
            sentAt: at,
            createdAt: at,
          },
          select: { id: true },
        });
        await announceOutboundMessage(tx, {
          caseId: done.caseId,
          vendorId: done.vendorId!,
          messageId: id,
          source: c.source,
          externalRef: c.externalRef,
          channel: c.channel,
          body,
          sentAt: at.toISOString(),
        });
        await recordAudit(tx, {
          actor,
          action: 'case.reply',
          targetType: 'Case',
          targetId: done.caseId,
          requestId: input.requestId ?? null,
          details: { messageId: id, version: done.version },
        });
        return { messageId: id };
      },
    },
  );
  return { ...result, messageId: extra.messageId };
}
