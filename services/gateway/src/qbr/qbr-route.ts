// GET /exports/qbr.pdf?vendorId=…&quarter=2026-Q3: a vendor manager's quarterly business review
// pack, authenticated with the same bearer token as GraphQL. The figures come from the domain
// (readQbrPack), the layout from qbr-pdf.ts.
import { AuthenticationError } from '@bvg/auth';
import type { PrismaClient } from '@bvg/db';
import { DomainError, readQbrPack } from '@bvg/domain';
import { actorOf } from '@bvg/graphql';
import type { Logger } from 'pino';
import type { Authenticator } from '../auth/authenticate.ts';
import type { RouteHandler } from '../plugins/use-routes.ts';
import { renderQbrPdf } from './qbr-pdf.ts';

export const QBR_PACK_PATH = '/exports/qbr.pdf';

const STATUS: Record<string, number> = {
  VALIDATION: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
};

const problem = (status: number, code: string, message: string, details?: unknown) =>
  Response.json(
    { code, message, ...(details ? { problems: details } : {}) },
    { status, headers: { 'cache-control': 'no-store' } },
  );

export function qbrPackRoute(deps: {
  authenticator: Authenticator;
  prisma: PrismaClient;
  logger: Logger;
}): { method: 'GET'; handler: RouteHandler } {
  return {
    method: 'GET',
    async handler(request) {
      const requestId = request.headers.get('x-request-id') ?? crypto.randomUUID();
      let actor: ReturnType<typeof actorOf>;
      try {
        actor = actorOf(await deps.authenticator.authenticate(request));
      } catch (error) {
        if (error instanceof AuthenticationError)
          return problem(401, 'UNAUTHENTICATED', 'Sign in again.');
        throw error;
      }
      if (!actor) return problem(401, 'UNAUTHENTICATED', 'A bearer token is required.');
      const url = new URL(request.url);
      try {
        const pack = await readQbrPack(deps.prisma, actor, {
          vendorId: url.searchParams.get('vendorId'),
          quarter: url.searchParams.get('quarter'),
          requestId,
        });
        const pdf = await renderQbrPdf(pack);
        const name = `qbr-${pack.vendorName.replace(/[^A-Za-z0-9]+/g, '-')}-${pack.quarter}.pdf`;
        return new Response(new Uint8Array(pdf), {
          headers: {
            'content-type': 'application/pdf',
            'content-disposition': `attachment; filename="${name}"`,
            'cache-control': 'no-store',
          },
        });
      } catch (error) {
        if (error instanceof DomainError && STATUS[error.code]) {
          return problem(
            STATUS[error.code] as number,
            error.code,
            error.message,
            error.details.problems,
          );
        }
        deps.logger.error({ requestId, err: error }, 'review pack failed');
        return problem(500, 'INTERNAL', 'Unexpected error.');
      }
    },
  };
}
