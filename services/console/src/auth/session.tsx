// Who is signed in. Sign-in is OpenID Connect authorization code + PKCE against the
// configured issuer (oidc-client-ts); the access token goes to the gateway as a bearer token,
// and the roles shown are the ones the gateway reads from it (`viewer`), not the client's guess.
import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { gqlRequest } from '../api/client.ts';
import { CONSOLE_BASE, type ConsoleConfig } from '../config.ts';
import { graphql } from '../generated/gql.ts';

const ViewerQuery = graphql(`
  query ConsoleViewer {
    viewer {
      kind
      subject
      roles
    }
  }
`);

export type SignedIn = {
  status: 'signed-in';
  token: string;
  subject: string;
  roles: string[];
};

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason?: string }
  | SignedIn;

type SessionContextValue = {
  state: SessionState;
  signIn(returnTo?: string): Promise<void>;
  signOut(): Promise<void>;
  /** The gateway refused the token (expired or revoked): ask the person to sign in again. */
  expire(): void;
};

const SessionContext = createContext<SessionContextValue | null>(null);

let callbackExchange: Promise<User> | null = null;

export const CALLBACK_PATH = `${CONSOLE_BASE}/callback`;

function createUserManager(config: ConsoleConfig): UserManager {
  const origin = window.location.origin;
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}${CONSOLE_BASE}/`,
    response_type: 'code',
    scope: config.scope,
    // The tab's session only: closing the tab signs out.
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
    loadUserInfo: false,
  });
}

async function viewerOf(user: User): Promise<SignedIn> {
  const { viewer } = await gqlRequest(ViewerQuery, {}, user.access_token);
  return {
    status: 'signed-in',
    token: user.access_token,
    subject: viewer.subject,
    roles: viewer.roles,
  };
}

export function SessionProvider(props: { config: ConsoleConfig; children: ReactNode }) {
  const manager = useMemo(() => createUserManager(props.config), [props.config]);
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    const settle = (next: SessionState) => {
      if (!cancelled) setState(next);
    };
    async function start() {
      if (window.location.pathname === CALLBACK_PATH) {
        // An authorization code is good once: effects may run twice, the exchange may not.
        callbackExchange ??= manager.signinRedirectCallback();
        const user = await callbackExchange;
        const returnTo = (user.state as { returnTo?: string } | undefined)?.returnTo;
        window.history.replaceState(
          null,
          '',
          returnTo?.startsWith(`${CONSOLE_BASE}/`) ? returnTo : `${CONSOLE_BASE}/`,
        );
        return settle(await viewerOf(user));
      }
      const user = await manager.getUser();
      if (!user || user.expired) return settle({ status: 'signed-out' });
      settle(await viewerOf(user));
    }
    start().catch((error: unknown) => {
      void manager.removeUser();
      settle({
        status: 'signed-out',
        reason: error instanceof Error ? error.message : String(error),
      });
    });
    return () => {
      cancelled = true;
    };
  }, [manager]);

  const signIn = useCallback(
    (returnTo?: string) =>
      manager.signinRedirect({
        state: { returnTo: returnTo ?? `${window.location.pathname}${window.location.search}` },
      }),
    [manager],
  );
  const signOut = useCallback(async () => {
    await manager.removeUser();
    setState({ status: 'signed-out', reason: 'You signed out.' });
  }, [manager]);
  const expire = useCallback(() => {
    void manager.removeUser();
    setState({ status: 'signed-out', reason: 'Your session has ended; sign in again.' });
  }, [manager]);

  const value = useMemo(
    () => ({ state, signIn, signOut, expire }),
    [state, signIn, signOut, expire],
  );
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in person; screens render only inside the signed-in part of the app. */
export function useSignedIn(): SignedIn {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useSignedIn while not signed in');
  return state;
}
