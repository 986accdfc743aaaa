// Writes the committed SDL (schema/graphql/schema.graphql) from the code.
import { writeFileSync } from 'node:fs';
import { printSdl, SDL_PATH } from './sdl.ts';

writeFileSync(SDL_PATH, printSdl());
console.log(`wrote ${SDL_PATH}`);
