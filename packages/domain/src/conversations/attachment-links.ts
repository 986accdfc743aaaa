// Short-lived download links for attachments: the gateway signs (HMAC-SHA256 with its link
// key) which attachment of which message may be fetched until when; its download route checks
// the signature and the expiry and redirects to the storage. The bytes never pass through the
// API. Hand-written HMAC: a JWT would add a header and claims the route does not need.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '@bvg/db';
import { systemScope, withScope } from '@bvg/db';

export interface AttachmentLinkClaims {
  messageId: string;
  attachmentId: string;
  /** Unix seconds after which the link is refused. */
  expires: number;
}

const payloadOf = (c: AttachmentLinkClaims) => `${c.messageId}.${c.attachmentId}.${c.expires}`;
const signatureOf = (c: AttachmentLinkClaims, key: string) =>
  createHmac('sha256', key).update(payloadOf(c)).digest('base64url');

/** The query string of a link (`m`, `a`, `e`, `s`). */
export function signAttachmentLink(claims: AttachmentLinkClaims, key: string): string {
  const params = new URLSearchParams({
    m: claims.messageId,
    a: claims.attachmentId,
    e: String(claims.expires),
    s: signatureOf(claims, key),
  });
  return params.toString();
}

export type AttachmentLinkCheck =
  | { ok: true; claims: AttachmentLinkClaims }
  | { ok: false; reason: 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' };

/** Checks a link's signature (in constant time) and expiry. */
export function verifyAttachmentLink(
  params: URLSearchParams,
  key: string,
  now: Date,
): AttachmentLinkCheck {
  const messageId = params.get('m');
  const attachmentId = params.get('a');
  const expires = Number(params.get('e'));
  const signature = params.get('s');
  if (!messageId || !attachmentId || !Number.isInteger(expires) || !signature) {
    return { ok: false, reason: 'MALFORMED' };
  }
  const claims = { messageId, attachmentId, expires };
  const expected = Buffer.from(signatureOf(claims, key));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'BAD_SIGNATURE' };
  }
  if (expires * 1000 < now.getTime()) return { ok: false, reason: 'EXPIRED' };
  return { ok: true, claims };
}

/**
 * Where a verified link's attachment is stored, or null when the message or attachment is
 * gone (erased) or not clean. The link itself is the authorisation (it was signed for a
 * reader allowed to see it), so the lookup is the system's.
 */
export async function attachmentStorageKey(
  prisma: PrismaClient,
  claims: AttachmentLinkClaims,
): Promise<string | null> {
  const message = await withScope(prisma, systemScope('attachment download'), (tx) =>
    tx.caseMessage.findUnique({
      where: { id: claims.messageId },
      select: { attachments: true, erasedAt: true },
    }),
  );
  if (!message || message.erasedAt) return null;
  const attachments = message.attachments as {
    id: string;
    storageKey: string;
    scanStatus: string;
  }[];
  const found = attachments.find((a) => a.id === claims.attachmentId);
  return found && found.scanStatus === 'CLEAN' ? found.storageKey : null;
}
