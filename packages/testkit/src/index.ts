export * from '@bvg/db/testing';
export {
  createTestStack,
  type GraphQLResponse,
  type SeedBuilders,
  type TestStack,
} from './test-stack.ts';
