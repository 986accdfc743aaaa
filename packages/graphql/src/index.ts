export { builder, type AuthScopes } from './builder.ts';
export type { GraphQLContext } from './context.ts';
export { AppError, ErrorCode, maskError } from './errors.ts';
export { actorOf } from './actor.ts';
export { schema } from './schema/index.ts';
export { printSdl, SDL_PATH } from './sdl.ts';
