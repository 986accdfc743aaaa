import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { schema } from './schema/index.ts';

export const SDL_PATH = fileURLToPath(
  new URL('../../../schema/graphql/schema.graphql', import.meta.url),
);

export const printSdl = () => `${printSchema(schema)}\n`;
