import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EnvError, envBoolean, envInt, parseEnv } from './parse-env.ts';

const schema = z.object({
  PORT: envInt(4000),
  DATABASE_URL: z.url(),
  GRAPHIQL: envBoolean(true),
});

describe('parseEnv', () => {
  it('applies documented defaults', () => {
    expect(parseEnv(schema, { DATABASE_URL: 'postgresql://x@h/db' })).toEqual({
      PORT: 4000,
      DATABASE_URL: 'postgresql://x@h/db',
      GRAPHIQL: true,
    });
  });

  it('reports every problem at once, naming each variable', () => {
    try {
      parseEnv(schema, { PORT: '-3', GRAPHIQL: 'maybe' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const problems = (error as EnvError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('GRAPHIQL');
    }
  });
});
