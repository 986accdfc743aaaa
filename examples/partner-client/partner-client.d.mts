export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}
export function tokenWithSecret(
  gatewayUrl: string,
  clientId: string,
  clientSecret: string,
  scope?: string,
): Promise<TokenResponse>;
export function tokenWithPrivateKey(
  gatewayUrl: string,
  clientId: string,
  privateJwk: Record<string, unknown> & { kid?: string; alg?: string },
  scope?: string,
): Promise<TokenResponse>;
// biome-ignore lint/suspicious/noExplicitAny: the GraphQL response is whatever the query asks for
export function offeredCases(gatewayUrl: string, accessToken: string): Promise<any>;
export function verifyWebhook(
  secret: string,
  rawBody: string,
  headers: { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string },
): unknown;
