import { z } from 'zod';

export class EnvError extends Error {
  override name = 'EnvError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Validates environment variables once, at start-up, reporting every problem at once
 * (not the first one), so an operator fixes the whole configuration in one go.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(root)';
      return `${key}: ${issue.message}`;
    }),
  );
}

/** Env flags arrive as strings: "true"/"1"/"yes" are true, everything else false. */
export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : ['true', '1', 'yes'].includes(v)));

export const envInt = (fallback: number) =>
  z.coerce.number().int().nonnegative().optional().default(fallback);

export const LOCAL_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/bvg';
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';
