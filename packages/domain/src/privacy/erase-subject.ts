// GDPR erasure: a subject's personal data is removed from every case, note, message and survey answer,
// while the cases, their events and every KPI stay (they never held PII).
import { createHash } from 'node:crypto';
import { Prisma, type PrismaClient, systemScope, withScope } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { validationError } from '../shared/domain-error.ts';

/** The pseudonym left in place of an erased subject reference (stable, so a repeat request is a no-op). */
export const erasedRef = (subjectRef: string) =>
  `erased:${createHash('sha256').update(subjectRef).digest('hex').slice(0, 32)}`;

export interface ErasureResult {
  subjectRefHash: string;
  casesErased: number;
  notesErased: number;
  messagesErased: number;
}

export async function eraseSubject(
  prisma: PrismaClient,
  actor: Actor,
  input: { subjectRef: string; reason: string; requestId?: string | null },
  now: () => Date = () => new Date(),
): Promise<ErasureResult> {
  const subjectRef = input.subjectRef.trim();
  if (!subjectRef || subjectRef.startsWith('erased:')) {
    throw validationError([
      { path: 'subjectRef', message: 'a subject reference as submitted at intake' },
    ]);
  }
  if (!input.reason.trim()) throw validationError([{ path: 'reason', message: 'is required' }]);
  const pseudonym = erasedRef(subjectRef);
  return withScope(prisma, systemScope('GDPR erasure'), async (tx) => {
    const at = now();
    const cases = await tx.case.findMany({
      where: { subjectRef },
      select: { id: true, vendorId: true, version: true },
    });
    const ids = cases.map((c) => c.id);
    await tx.caseSubject.updateMany({
      where: { caseId: { in: ids } },
      data: {
        displayName: null,
        email: null,
        phone: null,
        description: null,
        minorSafetyDetail: Prisma.DbNull,
        attachments: [],
        erasedAt: at,
      },
    });
    const notes = await tx.caseNote.updateMany({
      where: { caseId: { in: ids }, erasedAt: null },
      data: { body: '[erased]', erasedAt: at },
    });
    // Bodies blanked and attachment references dropped; the rows stay (direction, times) so
    // response figures read from the thread keep counting.
    const messages = await tx.caseMessage.updateMany({
      where: { caseId: { in: ids }, erasedAt: null },
      data: { body: '', attachments: [], erasedAt: at },
    });
    await tx.csatResponse.updateMany({ where: { caseId: { in: ids } }, data: { comment: null } });
    await tx.case.updateMany({ where: { id: { in: ids } }, data: { subjectRef: pseudonym } });
    if (cases.length > 0) {
      await tx.caseEvent.createMany({
        data: cases.map((c) => ({
          caseId: c.id,
          vendorId: c.vendorId,
          type: 'SUBJECT_ERASED' as const,
          version: c.version,
          actorKind: actor.kind,
          actorId: actor.id,
          requestId: input.requestId ?? null,
          occurredAt: at,
        })),
      });
    }
    await recordAudit(tx, {
      actor,
      action: 'subject.erase',
      targetType: 'Subject',
      // The reference itself is personal data: the trail keeps only its pseudonym.
      targetId: pseudonym,
      requestId: input.requestId ?? null,
      details: {
        cases: ids.length,
        notes: notes.count,
        messages: messages.count,
        reason: input.reason,
      },
    });
    return {
      subjectRefHash: pseudonym,
      casesErased: ids.length,
      notesErased: notes.count,
      messagesErased: messages.count,
    };
  });
}
