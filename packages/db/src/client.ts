import { PrismaPg } from '@prisma/adapter-pg';
import { type Prisma, PrismaClient } from './generated/prisma/client.ts';

export interface DbOptions {
  url: string;
  /** Pool size; small by default because each request uses few statements (DESIGN §6). */
  max?: number;
  applicationName?: string;
}

export function createPrismaClient(options: DbOptions): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'bvg',
  });
  return new PrismaClient({ adapter });
}

/** A client or an interactive transaction, so domain functions run inside a caller's transaction. */
export type Db = PrismaClient | Prisma.TransactionClient;

/** The same database reached as the application role (development and tests). */
export function appRoleUrl(ownerUrl: string, role = 'bvg_app'): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = '';
  return url.toString();
}
