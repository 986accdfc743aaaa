// Calls to the gateway's GraphQL API from a test, as the person signed in to the console (the
// token oidc-client-ts keeps in the tab's session storage) or with another development token.
import { expect, type Page } from '@playwright/test';
import { loadStack } from './stack.ts';

/** The signed-in person's access token, as the console itself sends it. */
export async function consoleToken(page: Page): Promise<string> {
  const token = await page.evaluate(() => {
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i) ?? '';
      if (key.startsWith('oidc.user:')) {
        return (JSON.parse(sessionStorage.getItem(key) ?? '{}') as { access_token?: string })
          .access_token;
      }
    }
    return undefined;
  });
  expect(token, 'the console keeps an access token').toBeTruthy();
  return token as string;
}

/** One GraphQL request; fails the test on any error in the answer. */
export async function gql<T>(
  page: Page,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await page.request.post('/graphql', {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    data: { query, variables },
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  expect(body.errors ?? [], JSON.stringify(body.errors)).toEqual([]);
  return body.data as T;
}

/** An access token for the seeded partner client the stack printed (client credentials). */
export async function partnerToken(page: Page): Promise<string> {
  const partner = loadStack()?.partner;
  expect(partner, 'the stack printed a partner client').toBeTruthy();
  const { clientId, clientSecret } = partner as { clientId: string; clientSecret: string };
  const response = await page.request.post('/oauth/token', {
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
    },
    form: { grant_type: 'client_credentials' },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}
