// The Tier 2 case workspace: the subject (with what is withheld and why), the conversation with
// the user and a reply box, the notes, both SLA clocks step by step, the event timeline, and the
// specialist's actions on a case they hold. Every action sends the version shown here; a case
// someone else changed meanwhile is a CONFLICT, shown with a way to reload what is there now.
import {
  Alert,
  Autocomplete,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import type { ApiError } from '../api/client.ts';
import { useApiMutation, useApiQuery } from '../api/hooks.ts';
import { useSignedIn } from '../auth/session.tsx';
import { CaseTimeline } from '../case-panels/case-timeline.tsx';
import { ClockBadge } from '../case-panels/clock-badge.tsx';
import { clockState } from '../case-panels/clocks.ts';
import {
  NOTE_VISIBILITY,
  type NoteVisibility,
  REPLYABLE,
  replyBlockedReason,
} from '../case-panels/conversation.ts';
import {
  CaseNotes,
  ConversationThread,
  caseThreadKey,
} from '../case-panels/conversation-panel.tsx';
import { SlaTimelinePanel, slaTimelineKey } from '../case-panels/sla-timeline-panel.tsx';
import { SubjectPanel } from '../case-panels/subject-panel.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorState, Loading, READABLE_TITLE } from '../components/states.tsx';
import { formatDateTime, formatRelative } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import {
  AddCaseNoteMutation,
  ClaimCaseMutation,
  EscalateWithinTier2Mutation,
  RecordResponseMutation,
  ReleaseCaseMutation,
  ReplyToUserMutation,
  ResolveCaseMutation,
  ResumeCaseMutation,
  ReturnToTier1Mutation,
  SetCasePendingMutation,
} from './operations.ts';
import { ReplyBox } from './reply-box.tsx';

const WorkspaceQuery = graphql(`
  query Tier2Case($id: ID!, $after: String) {
    myTeams {
      id
      slug
      name
    }
    case(id: $id) {
      id
      version
      status
      region
      scope
      channel
      language
      priority
      tier
      vendorId
      claimedBy
      claimedAt
      createdAt
      firstResponseDueAt
      firstResponseAt
      resolutionDueAt
      resolvedAt
      subject {
        ...SubjectFields
      }
      events {
        ...CaseEventFields
      }
      ...CaseThreadFields
      ...CaseNotesFields
    }
  }
`);

type Dialog = 'resolve' | 'return' | 'escalate' | 'note' | 'release' | null;

export function WorkspaceScreen() {
  const { caseId } = useParams({ from: '/tier2/cases/$caseId' });
  const session = useSignedIn();
  const navigate = useNavigate();
  const client = useQueryClient();
  const query = useApiQuery(['tier2-case', caseId], WorkspaceQuery, { id: caseId });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ action: string; error: ApiError } | null>(null);

  const claim = useApiMutation(ClaimCaseMutation);
  const release = useApiMutation(ReleaseCaseMutation);
  const respond = useApiMutation(RecordResponseMutation);
  const pending = useApiMutation(SetCasePendingMutation);
  const resume = useApiMutation(ResumeCaseMutation);
  const resolve = useApiMutation(ResolveCaseMutation);
  const note = useApiMutation(AddCaseNoteMutation);
  const reply = useApiMutation(ReplyToUserMutation);
  const toTier1 = useApiMutation(ReturnToTier1Mutation);
  const escalate = useApiMutation(EscalateWithinTier2Mutation);

  if (query.isPending) return <Loading label="Loading the case…" />;
  if (query.isError) {
    if (query.error.code === 'NOT_FOUND') {
      return (
        <Page title="Case not found">
          <Empty title="Not in your teams' work">
            <Link to="/tier2">Back to the team queue</Link>
          </Empty>
        </Page>
      );
    }
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }

  const c = query.data.case;
  const teams = query.data.myTeams;
  const mine = c.claimedBy === session.subject;
  const now = new Date();
  const paused = c.status === 'PENDING_USER';
  const base = { caseId: c.id, version: c.version };
  const busy = [
    claim,
    release,
    respond,
    pending,
    resume,
    resolve,
    note,
    reply,
    toTier1,
    escalate,
  ].some((m) => m.isPending);

  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['tier2-case', caseId] });
    void client.invalidateQueries({ queryKey: ['team-queue'] });
    void client.invalidateQueries({ queryKey: slaTimelineKey(caseId) });
    void client.invalidateQueries({ queryKey: caseThreadKey(caseId) });
  };
  const teamName = (id: string) =>
    teams.find((t) => t.id === id)?.name ?? 'a Tier 1 partner (before the escalation)';
  /** Runs one action; success is said in words, failure kept for the banner (or the dialog). */
  const run = <V,>(
    action: string,
    mutation: { mutate(v: V, o: { onSuccess(): void; onError(e: ApiError): void }): void },
    variables: V,
    after?: () => void,
  ) => {
    setDone(null);
    setFailure(null);
    mutation.mutate(variables, {
      onSuccess: () => {
        setDialog(null);
        setDone(action);
        refresh();
        after?.();
      },
      onError: (error) => setFailure({ action, error }),
    });
  };
  const leave = () => void navigate({ to: '/tier2', search: {} });

  const clock = (label: string, dueAt?: string | null, metAt?: string | null) => {
    const state = clockState({ dueAt, metAt, paused, now });
    return (
      <Paper withBorder p="sm" data-testid={`clock-${label.toLowerCase().replaceAll(' ', '-')}`}>
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        <Text fw={600}>{formatDateTime(dueAt)}</Text>
        <Group gap={6}>
          <ClockBadge state={state} />
          <Text size="xs">
            {metAt ? formatDateTime(metAt) : dueAt && !paused ? formatRelative(dueAt, now) : ''}
          </Text>
        </Group>
      </Paper>
    );
  };

  const conflict = failure?.error.code === 'CONFLICT';
  return (
    <Page
      title={`Case ${c.id.slice(0, 8)}`}
      description={`${c.region} · ${c.scope} · ${c.channel} · ${c.language} · ${c.priority} · ${c.tier} · version ${c.version}`}
      actions={
        <>
          <Badge size="lg" data-testid="case-status">
            {c.status.toLowerCase().replace('_', ' ')}
          </Badge>
          <Link to="/tier2">Team queue</Link>
        </>
      }
    >
      {failure && !dialog ? (
        conflict ? (
          <Alert
            color="red"
            role="alert"
            title="Someone else changed this case"
            data-testid="conflict"
          >
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                “{failure.action}” was not done: you were looking at version {c.version}, and the
                case has moved on since. Reload to see what it is now, then decide again.
              </Text>
              <Button
                size="xs"
                variant="default"
                onClick={() => {
                  setFailure(null);
                  refresh();
                }}
              >
                Reload the case
              </Button>
            </Stack>
          </Alert>
        ) : (
          <ErrorState error={failure.error} title={`${failure.action}: not done`} />
        )
      ) : null}
      {done ? (
        <Alert color="green" role="status" title="Done" styles={READABLE_TITLE}>
          {done}
        </Alert>
      ) : null}

      <Group gap="xs" aria-label="Actions" role="group">
        {c.claimedBy === null || c.claimedBy === undefined ? (
          <Button disabled={busy} onClick={() => run('Claim', claim, { input: base })}>
            Claim
          </Button>
        ) : mine ? (
          <>
            <Button
              disabled={busy || !REPLYABLE.includes(c.status)}
              onClick={() => run('Response recorded', respond, { input: base })}
            >
              Record response
            </Button>
            <Button
              variant="default"
              disabled={busy || c.status !== 'IN_PROGRESS'}
              onClick={() => run('Waiting on the user', pending, { input: base })}
            >
              Wait on user
            </Button>
            <Button
              variant="default"
              disabled={busy || c.status !== 'PENDING_USER'}
              onClick={() => run('Resumed', resume, { input: base })}
            >
              Resume
            </Button>
            <Button
              color="green"
              disabled={busy || !REPLYABLE.includes(c.status)}
              onClick={() => setDialog('resolve')}
            >
              Resolve…
            </Button>
            <Button variant="default" disabled={busy} onClick={() => setDialog('escalate')}>
              Hand to another team…
            </Button>
            <Button variant="default" disabled={busy} onClick={() => setDialog('return')}>
              Return to Tier 1…
            </Button>
            <Button variant="subtle" disabled={busy} onClick={() => setDialog('release')}>
              Release…
            </Button>
          </>
        ) : (
          <Text size="sm">
            Held by <strong>{c.claimedBy}</strong> since {formatDateTime(c.claimedAt)}.
          </Text>
        )}
      </Group>

      <Stack gap="xs" component="section" aria-labelledby="clocks-heading">
        <Title order={2} size="h4" id="clocks-heading">
          The team's SLA clock
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          {clock('First response', c.firstResponseDueAt, c.firstResponseAt)}
          {clock('Resolution', c.resolutionDueAt, c.resolvedAt)}
          <Paper withBorder p="sm">
            <Text size="xs" c="dimmed">
              Held
            </Text>
            <Text fw={600}>{c.claimedBy ?? 'unclaimed'}</Text>
            <Text size="xs">
              {c.claimedAt ? `since ${formatDateTime(c.claimedAt)}` : 'waiting in the queue'}
            </Text>
          </Paper>
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          {paused ? 'Paused while the case waits on the user. ' : ''}
          The user's end-to-end clock and every step are under “SLA clocks, step by step”.
        </Text>
      </Stack>

      <SubjectPanel subject={c.subject} />

      <ConversationThread caseId={c.id} thread={c}>
        <ReplyBox
          blocked={replyBlockedReason({ status: c.status, holdsClaim: mine })}
          pending={reply.isPending}
          onSend={(body, idempotencyKey, sent) =>
            run('Reply sent to the user', reply, { input: { ...base, body, idempotencyKey } }, sent)
          }
        />
      </ConversationThread>

      <CaseNotes
        case={c}
        action={
          mine ? (
            <Button variant="default" size="xs" disabled={busy} onClick={() => setDialog('note')}>
              Add note…
            </Button>
          ) : null
        }
      />

      <SlaTimelinePanel caseId={c.id} vendorName={teamName} />

      <CaseTimeline events={c.events} />

      <ResolveDialog
        opened={dialog === 'resolve'}
        pending={resolve.isPending}
        error={dialog === 'resolve' ? failure?.error : null}
        onClose={() => setDialog(null)}
        onConfirm={(code, fcr) =>
          run('Resolved', resolve, {
            input: { ...base, resolutionCode: code, firstContactResolution: fcr },
          })
        }
      />
      <TextDialog
        opened={dialog === 'note'}
        title="Add a note"
        label="Note"
        description="Kept in the case history and listed under Notes."
        confirm="Add note"
        pending={note.isPending}
        error={dialog === 'note' ? failure?.error : null}
        extra={(value, set) => (
          <Radio.Group label="Who reads it" value={value || 'INTERNAL'} onChange={set}>
            <Stack gap={6} mt={4}>
              {(Object.keys(NOTE_VISIBILITY) as NoteVisibility[]).map((v) => (
                <Radio
                  key={v}
                  value={v}
                  label={NOTE_VISIBILITY[v].label}
                  description={NOTE_VISIBILITY[v].help}
                />
              ))}
            </Stack>
          </Radio.Group>
        )}
        onClose={() => setDialog(null)}
        onConfirm={(body, visibility) =>
          run('Note added', note, {
            input: { ...base, body, visibility: (visibility || 'INTERNAL') as NoteVisibility },
          })
        }
      />
      <TextDialog
        opened={dialog === 'release'}
        title="Release the case to the team queue"
        label="Reason"
        description="Kept in the case history."
        confirm="Release"
        pending={release.isPending}
        error={dialog === 'release' ? failure?.error : null}
        onClose={() => setDialog(null)}
        onConfirm={(reason) => run('Released', release, { input: { ...base, reason } }, leave)}
      />
      <TextDialog
        opened={dialog === 'return'}
        title="Return to Tier 1"
        label="Reason"
        description="The case is routed to a partner at once; refused if none may take it."
        confirm="Return to Tier 1"
        pending={toTier1.isPending}
        error={dialog === 'return' ? failure?.error : null}
        onClose={() => setDialog(null)}
        onConfirm={(reason) =>
          run('Returned to Tier 1', toTier1, { input: { ...base, reason } }, leave)
        }
      />
      <TextDialog
        opened={dialog === 'escalate'}
        title="Hand the case to another Tier 2 team"
        label="Reason"
        description="Kept in the case history and told to the team."
        confirm="Hand over"
        pending={escalate.isPending}
        error={dialog === 'escalate' ? failure?.error : null}
        extra={(value, set) => (
          <Autocomplete
            label="Team"
            description="The in-house team's slug; empty lets routing pick."
            data={teams.map((t) => t.slug)}
            value={value}
            onChange={set}
          />
        )}
        onClose={() => setDialog(null)}
        onConfirm={(reason, team) =>
          run(
            'Handed to another team',
            escalate,
            { input: { ...base, reason, ...(team ? { toTeamId: team } : {}) } },
            leave,
          )
        }
      />
    </Page>
  );
}

function TextDialog(props: {
  opened: boolean;
  title: string;
  label: string;
  description: string;
  confirm: string;
  pending: boolean;
  error: ApiError | null | undefined;
  extra?: (value: string, set: (v: string) => void) => ReactNode;
  onClose(): void;
  onConfirm(text: string, extra: string): void;
}) {
  const [text, setText] = useState('');
  const [extra, setExtra] = useState('');
  const blank = text.trim().length === 0;
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!blank) props.onConfirm(text.trim(), extra.trim());
        }}
      >
        <Stack>
          {props.extra?.(extra, setExtra)}
          <Textarea
            label={props.label}
            description={props.description}
            required
            autosize
            minRows={2}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            data-autofocus
          />
          {props.error ? <DialogError error={props.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={blank} loading={props.pending}>
              {props.confirm}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ResolveDialog(props: {
  opened: boolean;
  pending: boolean;
  error: ApiError | null | undefined;
  onClose(): void;
  onConfirm(code: string, firstContact: boolean): void;
}) {
  const [code, setCode] = useState('');
  const [fcr, setFcr] = useState(false);
  const blank = code.trim().length === 0;
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title="Resolve the case"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!blank) props.onConfirm(code.trim(), fcr);
        }}
      >
        <Stack>
          <TextInput
            label="Resolution code"
            description="As your team's playbook names it, e.g. ACCOUNT_SECURED."
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value.toUpperCase())}
            data-autofocus
          />
          <Checkbox
            label="Resolved at first contact"
            checked={fcr}
            onChange={(e) => setFcr(e.currentTarget.checked)}
          />
          {props.error ? <DialogError error={props.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" color="green" disabled={blank} loading={props.pending}>
              Resolve
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DialogError(props: { error: ApiError }) {
  return props.error.code === 'CONFLICT' ? (
    <Alert color="red" role="alert" title="Someone else changed this case" data-testid="conflict">
      Not done: the case moved on since you opened it. Close this dialog and reload the case.
    </Alert>
  ) : (
    <ErrorState error={props.error} title="Not done" />
  );
}
