import type { DevTokens } from '@bvg/gateway';

export function printBanner(options: {
  base: string;
  /** Where browsers reach the gateway (the console and its sign-in). */
  publicUrl: string;
  graphiql: boolean;
  /** Sign-in goes through the development identity provider (no OIDC_ISSUER configured). */
  devSignIn: boolean;
  tokens: DevTokens;
  /** The port of the stand-in partner receiver, when one runs. */
  demoReceiver: number | null;
  /** The demo partner sandbox's client id, when there is one. */
  sandboxClient?: string | null;
}) {
  const { base, tokens } = options;
  const partner = tokens.partners.find((p) => p.clientId !== options.sandboxClient);
  const sandbox = tokens.partners.find((p) => p.clientId === options.sandboxClient);
  const lines = [
    '',
    '  BPO Vendor Gateway is running',
    '',
    `  Console     ${options.publicUrl}/console/${options.devSignIn ? '   (sign in: pick a role on the development identity provider)' : ''}`,
    `  GraphQL     ${base}/graphql${options.graphiql ? '   (GraphiQL: open it in a browser)' : ''}`,
    `  JWKS        ${base}/.well-known/jwks.json`,
    `  Health      ${base}/healthz   ${base}/readyz   ${base}/metrics`,
    '',
    '  Internal tokens (12 h, development identity provider; `pnpm tokens` mints more):',
    ...Object.entries(tokens.internal).map(([role, token]) => `    ${role.padEnd(15)} ${token}`),
    '',
    '  Try it:',
    `    curl -s ${base}/graphql -H 'content-type: application/json' \\`,
    `      -H 'authorization: Bearer ${tokens.internal.ops}' \\`,
    `      -d '{"query":"{ viewer { kind subject roles } }"}'`,
    '',
  ];
  if (partner?.accessToken) {
    lines.push(
      `  Partner access token for ${partner.clientId} (${partner.vendor}), valid 10 min — its own cases only:`,
      `    ${partner.accessToken}`,
      '',
    );
  }
  if (partner) {
    lines.push(
      `  Partner client ${partner.clientId} (${partner.vendor}); secret valid 24 h, shown once:`,
      `    curl -s ${base}/oauth/token -u '${partner.clientId}:${partner.clientSecret}' \\`,
      `      -d grant_type=client_credentials`,
      '',
    );
  }
  if (sandbox) {
    lines.push(
      `  Partner sandbox client ${sandbox.clientId} (synthetic cases only; secret valid 24 h):`,
      `    curl -s ${base}/oauth/token -u '${sandbox.clientId}:${sandbox.clientSecret}' \\`,
      `      -d grant_type=client_credentials`,
      '    then: mutation { generateSandboxCases(input: { count: 3 }) { caseId status } }',
      '',
    );
  }
  if (options.demoReceiver !== null) {
    lines.push(
      `  Partner webhooks: the seeded endpoints point at a stand-in receiver on 127.0.0.1:${options.demoReceiver};`,
      '  each verified delivery is printed here as "[partner <vendor>] case.assigned …".',
      '  Replies to users go to the platform channel there too: "[platform channel] message.outbound …".',
      '',
    );
  }
  lines.push('  Ctrl-C stops everything this command started.', '');
  console.log(lines.join('\n'));
}
