// Finds a Redis for the local stack: REDIS_URL if set, else the local server, else a
// `redis-server` started here when one is installed. There is no Redis on npm.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface FoundRedis {
  url: string;
  origin: 'configured' | 'local' | 'spawned';
  stop(): Promise<void>;
}

export class RedisNotFoundError extends Error {
  override name = 'RedisNotFoundError';
}

async function ping(url: string, timeoutMs = 1500): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

function redisServerInstalled(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function findRedis(options: {
  configuredUrl: string | undefined;
  localUrl: string;
  stateDir: string;
  log: (line: string) => void;
}): Promise<FoundRedis> {
  const noop = async () => {};
  if (options.configuredUrl)
    return { url: options.configuredUrl, origin: 'configured', stop: noop };
  if (await ping(options.localUrl)) return { url: options.localUrl, origin: 'local', stop: noop };
  if (!redisServerInstalled()) {
    throw new RedisNotFoundError(
      [
        `No Redis answers at ${options.localUrl} and redis-server is not installed.`,
        'Get one of these, then run `pnpm start` again:',
        '  - Debian/Ubuntu: sudo apt-get install redis-server',
        '  - macOS:         brew install redis',
        '  - Docker:        docker run -p 6379:6379 redis:7',
        '  - or point REDIS_URL at an existing Redis 7 (noeviction policy).',
      ].join('\n'),
    );
  }
  const port = 6389;
  const dir = join(options.stateDir, 'redis');
  mkdirSync(dir, { recursive: true });
  options.log(`no Redis reachable; starting redis-server on port ${port}`);
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await ping(url, 200)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    origin: 'spawned',
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}
