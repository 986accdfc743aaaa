// The case's conversation: the thread with the user (what they wrote, the replies sent, each
// attachment as a short-lived link or why it is withheld) and the notes on the case, each marked
// internal or shared. The Tier 2 workspace adds its reply box and note button.
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useApiInfiniteQuery } from '../api/hooks.ts';
import { ErrorState } from '../components/states.tsx';
import { formatBytes, formatDateTime } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import type { CaseNotesFieldsFragment, CaseThreadFieldsFragment } from '../generated/graphql.ts';
import { messageAuthor, NOTE_VISIBILITY } from './conversation.ts';
import { RedactionBadge } from './redaction-badge.tsx';

const THREAD_PAGE = 25;

/**
 * The thread, a page at a time: the case screens read the first page with the case (one read
 * of the case per screen, `$after` left null); later pages come through the same fragment. 25 at
 * a time: each message prices its attachments in the query cost. Fields inline, not a nested
 * fragment: each fragment level counts towards the gateway's depth limit.
 */
export const CaseThreadFields = graphql(`
  fragment CaseThreadFields on Case {
    messages(first: 25, after: $after) {
      edges {
        node {
          id
          direction
          authorKind
          channel
          sentAt
          erasedAt
          body { value redaction }
          attachments {
            id
            name
            contentType
            sizeBytes
            scanStatus
            downloadUrl { value redaction }
          }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const LaterMessagesQuery = graphql(`
  query CaseLaterMessages($id: ID!, $after: String) {
    case(id: $id) {
      id
      ...CaseThreadFields
    }
  }
`);

/** The query key a screen refreshes after it changed the thread (its later pages). */
export const caseThreadKey = (caseId: string) => ['case-thread', caseId] as const;

/** Notes are small: the first 100 come with the case. */
export const CaseNotesFields = graphql(`
  fragment CaseNotesFields on Case {
    notes(first: 100) {
      edges {
        node {
          id
          authorKind
          visibility
          body
          createdAt
          erasedAt
        }
      }
      pageInfo { hasNextPage }
    }
  }
`);

type Message = CaseThreadFieldsFragment['messages']['edges'][number]['node'];
type Attachment = Message['attachments'][number];

function AttachmentLine(props: { attachment: Attachment }) {
  const a = props.attachment;
  const { value, redaction } = a.downloadUrl;
  return (
    <Group gap={6}>
      {value ? (
        <Anchor href={value} size="sm" target="_blank" rel="noreferrer">
          {a.name}
        </Anchor>
      ) : (
        <Text size="sm">{a.name}</Text>
      )}
      <Text size="xs" c="dimmed">
        {formatBytes(a.sizeBytes)}
      </Text>
      {redaction ? (
        <RedactionBadge reason={redaction} />
      ) : value ? null : (
        <Badge variant="light" color="gray">
          {a.scanStatus === 'INFECTED' ? 'blocked: malware found' : 'being scanned'}
        </Badge>
      )}
    </Group>
  );
}

function MessageItem(props: { message: Message }) {
  const m = props.message;
  const outbound = m.direction === 'OUTBOUND';
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      ml={outbound ? 'xl' : 0}
      mr={outbound ? 0 : 'xl'}
      bg={outbound ? 'var(--mantine-color-default-hover)' : undefined}
      data-testid="thread-message"
      data-direction={m.direction}
    >
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          {messageAuthor(m)}
        </Text>
        <Text size="xs" c="dimmed">
          {m.channel.toLowerCase()} · {formatDateTime(m.sentAt)}
        </Text>
      </Group>
      {m.body.redaction ? (
        <RedactionBadge reason={m.body.redaction} />
      ) : (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {m.body.value}
        </Text>
      )}
      {m.attachments.length > 0 ? (
        <Stack gap={2} mt={6} aria-label="Attachments">
          {m.attachments.map((a) => (
            <AttachmentLine key={a.id} attachment={a} />
          ))}
        </Stack>
      ) : null}
    </Paper>
  );
}

const listStyle = { listStyle: 'none', margin: 0, padding: 0 } as const;

export function ConversationThread(props: {
  caseId: string;
  /** The first page, read with the case. */
  thread: CaseThreadFieldsFragment;
  /** The reply box, where the viewer may reply. */
  children?: ReactNode;
}) {
  const first = props.thread.messages;
  const [wantLater, setWantLater] = useState(false);
  const later = useApiInfiniteQuery(
    [...caseThreadKey(props.caseId), first.pageInfo.endCursor],
    LaterMessagesQuery,
    { id: props.caseId },
    (page) =>
      page.case.messages.pageInfo.hasNextPage ? page.case.messages.pageInfo.endCursor : null,
    {
      initialCursor: first.pageInfo.endCursor ?? null,
      enabled: wantLater && first.pageInfo.hasNextPage,
    },
  );
  const messages = [
    ...first.edges.map((e) => e.node),
    ...(later.data?.pages.flatMap((p) => p.case.messages.edges.map((e) => e.node)) ?? []),
  ];
  const more = wantLater ? later.hasNextPage : first.pageInfo.hasNextPage;
  return (
    <Stack gap="xs" component="section" aria-labelledby="conversation-heading">
      <Title order={2} size="h4" id="conversation-heading">
        Conversation with the user
      </Title>
      {messages.length === 0 ? (
        <Text c="dimmed" size="sm">
          No messages yet: the user's first words are in the subject's description.
        </Text>
      ) : (
        <Stack gap="xs" component="ol" style={listStyle} data-testid="thread">
          {messages.map((m) => (
            <MessageItem key={m.id} message={m} />
          ))}
        </Stack>
      )}
      {later.isError ? (
        <ErrorState error={later.error} onRetry={() => void later.refetch()} />
      ) : null}
      {more ? (
        <Group>
          <Button
            variant="default"
            size="xs"
            loading={later.isFetching}
            onClick={() => (wantLater ? void later.fetchNextPage() : setWantLater(true))}
          >
            Show later messages
          </Button>
          <Text size="xs" c="dimmed">
            {messages.length} shown, {THREAD_PAGE} at a time.
          </Text>
        </Group>
      ) : null}
      {props.children}
    </Stack>
  );
}

export function CaseNotes(props: {
  case: CaseNotesFieldsFragment;
  /** The add-note button, where the viewer may add one. */
  action?: ReactNode;
}) {
  const { edges, pageInfo } = props.case.notes;
  return (
    <Stack gap="xs" component="section" aria-labelledby="notes-heading">
      <Group justify="space-between">
        <Title order={2} size="h4" id="notes-heading">
          Notes
        </Title>
        {props.action}
      </Group>
      {edges.length === 0 ? (
        <Text c="dimmed" size="sm">
          No notes you may read.
        </Text>
      ) : (
        <Stack gap="xs" component="ol" style={listStyle} data-testid="notes">
          {edges.map(({ node: n }) => {
            const visibility = NOTE_VISIBILITY[n.visibility];
            return (
              <Paper component="li" withBorder p="sm" key={n.id} data-testid="note">
                <Group justify="space-between" gap="xs">
                  <Group gap={6}>
                    <Badge
                      variant="light"
                      color={n.visibility === 'INTERNAL' ? 'grape' : 'teal'}
                      title={visibility.help}
                      styles={{ label: { color: 'var(--mantine-color-text)' } }}
                    >
                      {visibility.label}
                    </Badge>
                    <Text size="sm" fw={600}>
                      {n.authorKind === 'VENDOR' ? 'Partner' : 'In-house'}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(n.createdAt)}
                  </Text>
                </Group>
                {n.erasedAt ? (
                  <RedactionBadge reason="SUBJECT_ERASED" />
                ) : (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {n.body}
                  </Text>
                )}
              </Paper>
            );
          })}
        </Stack>
      )}
      {pageInfo.hasNextPage ? (
        <Text size="sm" c="dimmed">
          Only the first 100 notes are shown.
        </Text>
      ) : null}
    </Stack>
  );
}
