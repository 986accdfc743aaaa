import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSdl, SDL_PATH } from './sdl.ts';

describe('committed GraphQL SDL', () => {
  it('matches the schema built from code (run `pnpm schema:print` to update)', () => {
    expect(readFileSync(SDL_PATH, 'utf8')).toBe(printSdl());
  });
});
