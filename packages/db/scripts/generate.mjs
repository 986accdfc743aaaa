// Runs `prisma generate` offline. The Prisma CLI insists on a schema-engine binary before it
// generates, although generation never runs it; pointing the variable at any existing file
// stops the download attempt (which fails without internet).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const schema = fileURLToPath(new URL('../../../schema/prisma/schema.prisma', import.meta.url));
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const result = spawnSync('prisma', ['generate', '--schema', schema, '--no-hints'], {
  stdio: 'inherit',
  env,
  shell: process.platform === 'win32',
});
process.exit(result.status ?? 1);
