// Loading, empty and error states, the same on every screen. Each is announced to screen
// readers (role status / alert) so a keyboard user hears what the screen is doing.
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';

export function Loading(props: { label: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="sm" aria-hidden />
        <Text c="dimmed">{props.label}</Text>
      </Stack>
    </Center>
  );
}

export function Empty(props: { title: string; children?: ReactNode }) {
  return (
    <Stack align="center" gap={4} py="xl" role="status">
      <Text fw={600}>{props.title}</Text>
      {props.children ? <Text c="dimmed">{props.children}</Text> : null}
    </Stack>
  );
}

export function ErrorState(props: { error: unknown; onRetry?: () => void; title?: string }) {
  const error = props.error;
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : null;
  return (
    <Alert color="red" title={props.title ?? 'Something went wrong'} role="alert" my="md">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          {message}
          {code ? ` (${code})` : ''}
        </Text>
        {error instanceof ApiError && error.problems.length > 0 ? (
          <ul>
            {error.problems.map((p) => (
              <li key={`${p.path}:${p.message}`}>
                <Text size="sm">
                  <code>{p.path}</code>: {p.message}
                </Text>
              </li>
            ))}
          </ul>
        ) : null}
        {props.onRetry ? (
          <Button size="xs" variant="default" onClick={props.onRetry}>
            Try again
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

/** Alert titles in the text colour: the light yellow, green and blue alerts' own title colours
 * fall short of AA contrast on their background. */
export const READABLE_TITLE = { title: { color: 'var(--mantine-color-text)' } };
