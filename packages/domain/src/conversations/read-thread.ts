// A case's thread and notes, oldest first, as the reader may see them. Row-level security
// decides which rows a partner sees (the case's thread when it holds the case; notes shared
// with the holder or written by itself, never another team's internal notes); the API then
// redacts message bodies by the contract, as it does the subject's fields.
import type { PrismaClient } from '@bvg/db';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';

export interface ThreadPage {
  caseId: string;
  first: number;
  /** The id of the last row of the previous page. */
  after?: string | null;
}

export interface AttachmentView {
  id: string;
  name: string;
  contentType: string;
  sizeBytes: number;
  scanStatus: string;
}

export interface CaseMessageRow {
  id: string;
  caseId: string;
  direction: 'INBOUND' | 'OUTBOUND';
  visibility: 'PUBLIC' | 'INTERNAL';
  source: string;
  messageRef: string;
  channel: string;
  authorKind: string;
  authorId: string;
  body: string;
  attachments: AttachmentView[];
  sentAt: Date;
  createdAt: Date;
  erasedAt: Date | null;
}

export interface CaseNoteRow {
  id: string;
  caseId: string;
  authorKind: string;
  authorId: string;
  body: string;
  visibility: 'INTERNAL' | 'SHARED';
  createdAt: Date;
  erasedAt: Date | null;
}

const ORDER = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];
// Stored order; a batch stored at once reads in the order its messages were sent.
const MESSAGE_ORDER = [
  { createdAt: 'asc' as const },
  { sentAt: 'asc' as const },
  { id: 'asc' as const },
];
const pageArgs = (page: ThreadPage) => ({
  take: page.first,
  ...(page.after ? { cursor: { id: page.after }, skip: 1 } : {}),
});

export async function listCaseMessages(
  prisma: PrismaClient,
  actor: Actor,
  page: ThreadPage,
): Promise<CaseMessageRow[]> {
  const rows = await withActorScope(prisma, actor, 'read a case thread', (tx) =>
    tx.caseMessage.findMany({
      where: { caseId: page.caseId },
      orderBy: MESSAGE_ORDER,
      ...pageArgs(page),
    }),
  );
  return rows.map((r) => ({
    ...r,
    attachments: (r.attachments as unknown as AttachmentView[]).map(
      ({ id, name, contentType, sizeBytes, scanStatus }) => ({
        id,
        name,
        contentType,
        sizeBytes,
        scanStatus,
      }),
    ),
  }));
}

export async function listCaseNotes(
  prisma: PrismaClient,
  actor: Actor,
  page: ThreadPage,
): Promise<CaseNoteRow[]> {
  return withActorScope(prisma, actor, 'read case notes', (tx) =>
    tx.caseNote.findMany({
      where: { caseId: page.caseId },
      orderBy: ORDER,
      ...pageArgs(page),
      select: {
        id: true,
        caseId: true,
        authorKind: true,
        authorId: true,
        body: true,
        visibility: true,
        createdAt: true,
        erasedAt: true,
      },
    }),
  );
}
