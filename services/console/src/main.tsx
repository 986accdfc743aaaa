import '@mantine/core/styles.css';
import './console.css';
import {
  Button,
  Center,
  createTheme,
  MantineProvider,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { SessionProvider, useSession } from './auth/session.tsx';
import { ErrorState, Loading } from './components/states.tsx';
import { type ConsoleConfig, loadConfig } from './config.ts';
import { createAppRouter } from './router.tsx';

// Shade 8 and automatic text contrast keep every badge and button at WCAG AA contrast.
const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  autoContrast: true,
  luminanceThreshold: 0.25,
  defaultRadius: 'sm',
});

/** Secondary text and field errors dark enough for AA contrast on white. */
const cssVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});

/** The per-request nonce the gateway put in the page, for the style element Mantine writes. */
const styleNonce =
  document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? undefined;

function SignedInApp() {
  const [router] = useState(createAppRouter);
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 15_000, retry: 1, refetchOnWindowFocus: false } },
      }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}

function Gate() {
  const { state, signIn } = useSession();
  if (state.status === 'loading') return <Loading label="Signing in…" />;
  if (state.status === 'signed-in') return <SignedInApp />;
  return (
    <Center mih="100vh">
      <Paper withBorder p="xl" maw={420} component="main">
        <Stack>
          <Title order={1} size="h2">
            BPO Vendor Gateway console
          </Title>
          <Text>
            Routing rules, vendors, webhooks and cases, for the people who run the operation.
          </Text>
          {state.reason ? (
            <Text c="dimmed" role="status">
              {state.reason}
            </Text>
          ) : null}
          <Button onClick={() => void signIn()}>Sign in</Button>
        </Stack>
      </Paper>
    </Center>
  );
}

function render(content: React.ReactNode) {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider
        theme={theme}
        cssVariablesResolver={cssVariablesResolver}
        getStyleNonce={() => styleNonce ?? ''}
      >
        {content}
      </MantineProvider>
    </StrictMode>,
  );
}

loadConfig().then(
  (config: ConsoleConfig) =>
    render(
      <SessionProvider config={config}>
        <Gate />
      </SessionProvider>,
    ),
  (error: unknown) => render(<ErrorState error={error} title="The console cannot start" />),
);
