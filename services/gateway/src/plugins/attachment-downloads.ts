// Attachment downloads: GraphQL hands out short-lived signed links (`Attachment.downloadUrl`);
// this route checks a link and redirects to the platform storage, so the bytes never pass
// through the gateway. An altered or expired link is refused (403) and the reason is typed.

import type { PrismaClient } from '@bvg/db';
import { attachmentStorageKey, signAttachmentLink, verifyAttachmentLink } from '@bvg/domain';
import type { RouteHandler } from './use-routes.ts';

export const ATTACHMENT_DOWNLOAD_PATH = '/attachments/download';

export interface AttachmentLinkOptions {
  key: string;
  ttlSec: number;
  /** The gateway's public base URL: links point at its download route. */
  publicUrl: string;
  /** The storage base URL; unset: links verify but nothing can be fetched (404). */
  storageUrl: string | null;
  now?: () => Date;
}

const refused = (status: number, code: string, reason: string, message: string) =>
  Response.json({ errors: [{ message, extensions: { code, reason } }] }, { status });

export function createAttachmentLinks(prisma: PrismaClient, options: AttachmentLinkOptions) {
  const now = options.now ?? (() => new Date());
  const sign = (claims: { messageId: string; attachmentId: string }) => {
    const expires = Math.floor(now().getTime() / 1000) + options.ttlSec;
    const query = signAttachmentLink({ ...claims, expires }, options.key);
    return new URL(`${ATTACHMENT_DOWNLOAD_PATH}?${query}`, options.publicUrl).toString();
  };
  const handler: RouteHandler = async (request) => {
    const check = verifyAttachmentLink(new URL(request.url).searchParams, options.key, now());
    if (!check.ok) {
      return check.reason === 'EXPIRED'
        ? refused(403, 'FORBIDDEN', 'LINK_EXPIRED', 'The link has expired; ask for a new one')
        : refused(403, 'FORBIDDEN', 'LINK_INVALID', 'The link is not valid');
    }
    const key = options.storageUrl ? await attachmentStorageKey(prisma, check.claims) : null;
    if (!key) return refused(404, 'NOT_FOUND', 'NOT_AVAILABLE', 'Not found');
    const base = options.storageUrl!.endsWith('/') ? options.storageUrl! : `${options.storageUrl}/`;
    const target = new URL(key.split('/').map(encodeURIComponent).join('/'), base);
    return new Response(null, {
      status: 302,
      headers: { location: target.toString(), 'cache-control': 'no-store' },
    });
  };
  return { sign, handler };
}
