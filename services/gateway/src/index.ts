export { createGatewayApp, type GatewayApp, type GatewayDeps } from './app.ts';
export { createRevokedTokenList, revokedTokenKeys } from './auth/revoked-tokens.ts';
export { type DevTokens, mintDevTokens } from './cli/dev-tokens.ts';
export { createGateway, type Gateway } from './create-gateway.ts';
export { type GatewayConfig, loadGatewayEnv } from './env.ts';
export { operationCost } from './plugins/use-query-limits.ts';
