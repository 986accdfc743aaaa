export { actorOf } from './actor.ts';
export { type AuthScopes, builder } from './builder.ts';
export type { GraphQLContext } from './context.ts';
export { AppError, ErrorCode, maskError } from './errors.ts';
export { checkForwardPage, type PageSize, pageSizeExtension, pageSizeOf } from './pagination.ts';
export { schema } from './schema/index.ts';
export { printSdl, SDL_PATH } from './sdl.ts';
