// What the console needs to know at run time, from the gateway that serves it (public values
// only: the identity provider and the console's public client id). Nothing secret is built in.

export type ConsoleConfig = {
  /** The OIDC issuer people sign in with. */
  issuer: string;
  clientId: string;
  scope: string;
};

export const CONSOLE_BASE = '/console';

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch(`${CONSOLE_BASE}/config.json`, { cache: 'no-cache' });
  if (!response.ok)
    throw new Error(`The console's configuration is unavailable (${response.status}).`);
  return (await response.json()) as ConsoleConfig;
}
