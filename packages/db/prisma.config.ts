import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI where its engine can be downloaded (`prisma migrate deploy`);
// here, migrations are applied by our own runner (src/migrate/).
export default defineConfig({
  schema: '../../schema/prisma/schema.prisma',
  migrations: { path: '../../schema/prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bvg' },
});
