// The worker's configuration, validated once at start-up. No other module reads process.env.
import { envInt, LOCAL_DATABASE_URL, LOCAL_REDIS_URL, parseEnv } from '@bvg/config';
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().url().default(LOCAL_DATABASE_URL),
  APP_DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().default(LOCAL_REDIS_URL),
  /** BullMQ key prefix; lets several stacks (or test files) share one Redis. */
  QUEUE_PREFIX: z.string().default('bvg'),
  WORKER_CONCURRENCY: envInt(50),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env) {
  return parseEnv(schema, source);
}
export type WorkerConfig = ReturnType<typeof loadWorkerEnv>;
