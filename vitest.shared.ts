import { createRequire } from 'node:module';

// graphql 16 ships both CommonJS and ESM builds. Node loads Pothos and Yoga against the
// CommonJS one while Vite would hand our sources the ESM one, and graphql refuses types
// from "another realm". Pin every import of `graphql` to the build Node itself resolves.
const require = createRequire(`${process.cwd()}/package.json`);

export const graphqlSingleRealm = {
  alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
};
