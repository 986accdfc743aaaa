// Writes the committed SDL (schema/graphql/schema.graphql) from the code.
import { writeFileSync } from 'node:fs';
import { SDL_PATH, printSdl } from './sdl.ts';

writeFileSync(SDL_PATH, printSdl());
console.log(`wrote ${SDL_PATH}`);
