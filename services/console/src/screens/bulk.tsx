// Bulk case operations: choose the cases by filter (held by a vendor, scope, region, status,
// created before), see the dry run's counts per target first, confirm with a reason, then
// follow the worker's progress until it is done. Every choice and the running operation's id
// live in the URL, so a reload (or a link sent to a colleague) shows the same operation.
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useApiMutation, useApiQuery } from '../api/hooks.ts';
import { useVendorDirectory } from '../api/vendors.ts';
import { can } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { Page } from '../components/page.tsx';
import { ReasonDialog } from '../components/reason-dialog.tsx';
import { Empty, ErrorState, Loading, READABLE_TITLE } from '../components/states.tsx';
import { formatCount, formatDateTime, formatNumber, viewerTimeZone } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import type { BulkCaseOperationInput } from '../generated/graphql.ts';
import {
  BULK_KINDS,
  type BulkKind,
  type BulkSearch,
  buildBulkFilter,
  describeOutcome,
  missingForKind,
  progressPercent,
  splitList,
} from '../ops/bulk-filter.ts';
import { CASE_STATUSES } from '../router.tsx';

const PreviewBulk = graphql(`
  query PreviewBulkCaseOperation($input: BulkCaseOperationInput!) {
    previewBulkCaseOperation(input: $input) {
      total
      outcomes {
        key
        count
        vendorId
        vendorName
      }
    }
  }
`);

const StartBulk = graphql(`
  mutation StartBulkCaseOperation($input: BulkCaseOperationInput!) {
    startBulkCaseOperation(input: $input) {
      id
      status
    }
  }
`);

const BulkOperationQuery = graphql(`
  query BulkCaseOperation($id: ID!) {
    bulkCaseOperation(id: $id) {
      id
      kind
      status
      reason
      requestedBy
      total
      processed
      succeeded
      skipped
      failed
      error
      createdAt
      startedAt
      finishedAt
      targetVendorId
      outcomes {
        key
        count
        vendorId
        vendorName
      }
    }
  }
`);

/** How often a running operation is asked for its progress. */
const PROGRESS_POLL_MS = 1_000;

const KIND_LABELS: Record<BulkKind, { label: string; verb: string; explain: string }> = {
  REROUTE: {
    label: 'Re-route',
    verb: 're-routed',
    explain: 'The published rules choose again for each case, never its current holder.',
  },
  ASSIGN: {
    label: 'Assign',
    verb: 'assigned',
    explain: 'Each case goes to the vendor chosen; hard constraints still apply.',
  },
  RECALL: {
    label: 'Recall',
    verb: 'recalled',
    explain: 'Each case is taken back from its vendor and held for ops in the unrouted queue.',
  },
};

export function BulkScreen() {
  const session = useSignedIn();
  const search = useSearch({ from: '/queues/bulk' });
  const navigate = useNavigate({ from: '/queues/bulk' });
  const directory = useVendorDirectory();
  const mayAct = can(session.roles, 'cases.bulk');
  const kind: BulkKind = search.kind ?? 'REROUTE';
  const set = (patch: Partial<BulkSearch & { op?: string }>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const text = (key: keyof BulkSearch) => (value: string) => set({ [key]: value || undefined });

  const built = buildBulkFilter(search, CASE_STATUSES);
  const missing = missingForKind(kind, search.target);
  const [override, setOverride] = useState(false);
  const input: Omit<BulkCaseOperationInput, 'reason'> | null = built.ok
    ? {
        kind,
        filter: built.filter,
        ...(kind === 'ASSIGN' ? { targetVendorId: search.target, overrideCapacity: override } : {}),
        ...(kind === 'REROUTE' && splitList(search.exclude)
          ? { excludeVendorIds: splitList(search.exclude) }
          : {}),
      }
    : null;
  const inputKey = JSON.stringify(input);
  const preview = useApiMutation(PreviewBulk);
  const start = useApiMutation(StartBulk);
  const [previewedFor, setPreviewedFor] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  // One key per confirmation: a double submit starts the operation once.
  const idempotencyKey = useMemo(() => (confirming ? crypto.randomUUID() : ''), [confirming]);
  const previewCurrent = preview.isSuccess && previewedFor === inputKey;
  const vendorOptions = directory.vendors.map((v) => ({ value: v.id, label: v.name }));

  const runPreview = () => {
    if (!input || missing) return;
    setPreviewedFor(inputKey);
    preview.mutate({ input: { ...input, reason: 'dry run' } });
  };

  return (
    <Page
      title="Bulk case operation"
      description="Move many cases at once: choose them by filter, check the dry run, then confirm."
      actions={
        <Link to="/queues" search={{}}>
          Back to the queues
        </Link>
      }
    >
      {search.op ? (
        <OperationProgress id={search.op} onClear={() => set({ op: undefined })} />
      ) : null}
      <Stack component="section" aria-labelledby="bulk-form-heading" gap="sm">
        <Title order={2} size="h4" id="bulk-form-heading">
          Which cases, and what to do
        </Title>
        <SegmentedControl
          aria-label="Operation"
          w="fit-content"
          value={kind}
          onChange={(value) => set({ kind: value as BulkKind })}
          data={BULK_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k].label }))}
        />
        <Text size="sm" c="dimmed">
          {KIND_LABELS[kind].explain}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <Select
            label="Held by vendor"
            description="The vendor holding the cases now"
            placeholder="Any vendor"
            clearable
            searchable
            data={vendorOptions}
            value={search.vendorId ?? null}
            onChange={(value) => set({ vendorId: value ?? undefined })}
          />
          <TextInput
            label="Scope"
            description="One or more, separated by commas"
            value={search.scope ?? ''}
            onChange={(e) => text('scope')(e.currentTarget.value)}
          />
          <TextInput
            label="Region"
            description="One or more, separated by commas"
            value={search.region ?? ''}
            onChange={(e) => text('region')(e.currentTarget.value)}
          />
          <MultiSelect
            label="Status"
            description="One or more"
            placeholder={search.status ? undefined : 'Any status'}
            clearable
            data={[...CASE_STATUSES]}
            value={splitList(search.status) ?? []}
            onChange={(values) => set({ status: values.length > 0 ? values.join(',') : undefined })}
          />
          <TextInput
            type="datetime-local"
            label="Created before"
            description={`Your time (${viewerTimeZone()})`}
            value={search.createdBefore ?? ''}
            onChange={(e) => text('createdBefore')(e.currentTarget.value)}
          />
          {kind === 'ASSIGN' ? (
            <Select
              label="Assign to"
              description="The vendor taking the cases"
              required
              searchable
              data={vendorOptions}
              value={search.target ?? null}
              onChange={(value) => set({ target: value ?? undefined })}
            />
          ) : kind === 'REROUTE' ? (
            <MultiSelect
              label="Never choose"
              description="Vendors to leave out"
              placeholder={search.exclude ? undefined : 'No other vendor excluded'}
              searchable
              clearable
              data={vendorOptions}
              value={splitList(search.exclude) ?? []}
              onChange={(values) =>
                set({ exclude: values.length > 0 ? values.join(',') : undefined })
              }
            />
          ) : null}
        </SimpleGrid>
        {kind === 'ASSIGN' ? (
          <Checkbox
            label="Exceed the vendor's capacity (residency, restrictions and certifications still apply)"
            checked={override}
            onChange={(e) => setOverride(e.currentTarget.checked)}
          />
        ) : null}
        {!built.ok || missing ? (
          <Text size="sm" c="dimmed" role="status">
            {built.ok ? missing : built.problem}
          </Text>
        ) : null}
        <Group>
          <Button
            variant="default"
            onClick={runPreview}
            disabled={!input || Boolean(missing)}
            loading={preview.isPending}
          >
            Dry run
          </Button>
          {mayAct ? (
            <Button
              onClick={() => setConfirming(true)}
              disabled={
                !previewCurrent || (preview.data?.previewBulkCaseOperation.total ?? 0) === 0
              }
            >
              {KIND_LABELS[kind].label} these cases…
            </Button>
          ) : null}
        </Group>
      </Stack>
      <Stack component="section" aria-labelledby="bulk-preview-heading" gap="xs">
        <Title order={2} size="h4" id="bulk-preview-heading">
          Dry run
        </Title>
        {preview.isPending ? (
          <Loading label="Counting the cases…" />
        ) : preview.isError ? (
          <ErrorState error={preview.error} title="No dry run" onRetry={runPreview} />
        ) : !preview.data ? (
          <Text size="sm" c="dimmed">
            Nothing is changed until you confirm. Run the dry run to see how many cases match and
            where they would go.
          </Text>
        ) : (
          <PreviewTable
            preview={preview.data.previewBulkCaseOperation}
            stale={!previewCurrent}
            verb={KIND_LABELS[kind].verb}
          />
        )}
      </Stack>
      <ReasonDialog
        opened={confirming}
        title={`${KIND_LABELS[kind].label} ${formatCount(preview.data?.previewBulkCaseOperation.total ?? 0, 'case', 'cases')}`}
        confirmLabel={`Start: ${KIND_LABELS[kind].label.toLowerCase()}`}
        danger={kind !== 'REROUTE'}
        pending={start.isPending}
        error={start.error}
        onClose={() => {
          start.reset();
          setConfirming(false);
        }}
        onConfirm={(reason) => {
          if (!input) return;
          start.mutate(
            { input: { ...input, reason, idempotencyKey } },
            {
              onSuccess: (data) => {
                setConfirming(false);
                preview.reset();
                set({ op: data.startBulkCaseOperation.id });
              },
            },
          );
        }}
      >
        <Text size="sm">
          The cases are checked again one by one as they are moved; one changed since the dry run is
          skipped. The operation runs in the background: you can leave this page.
        </Text>
      </ReasonDialog>
    </Page>
  );
}

type Outcome = { key: string; count: number; vendorId?: string | null; vendorName?: string | null };

function PreviewTable(props: {
  preview: { total: number; outcomes: Outcome[] };
  stale: boolean;
  verb: string;
}) {
  if (props.preview.total === 0) {
    return <Empty title="No case matches">Widen the filter to include some cases.</Empty>;
  }
  return (
    <Stack gap="xs" data-testid="bulk-preview">
      {props.stale ? (
        <Alert styles={READABLE_TITLE} color="yellow" title="The filter changed">
          Run the dry run again before confirming.
        </Alert>
      ) : null}
      <Text size="sm" fw={600}>
        {props.preview.total === 1
          ? '1 case matches'
          : `${formatCount(props.preview.total, 'case', 'cases')} match`}
        ; if {props.verb} now:
      </Text>
      <OutcomeTable outcomes={props.preview.outcomes} />
    </Stack>
  );
}

function OutcomeTable(props: { outcomes: Outcome[] }) {
  return (
    <Table withTableBorder striped maw={640}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Outcome</Table.Th>
          <Table.Th scope="col" ta="right">
            Cases
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.outcomes.map((o) => (
          <Table.Tr key={`${o.key}:${o.vendorId ?? ''}`}>
            <Table.Td>{describeOutcome(o)}</Table.Td>
            <Table.Td ta="right">{formatNumber(o.count)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const STATUS_COLORS: Record<string, string> = {
  QUEUED: 'gray',
  RUNNING: 'blue',
  SUCCEEDED: 'green',
  FAILED: 'red',
};

function OperationProgress(props: { id: string; onClear(): void }) {
  const query = useApiQuery(
    ['bulk-operation', props.id],
    BulkOperationQuery,
    { id: props.id },
    {
      refetchInterval: (q) => {
        const status = q.state.data?.bulkCaseOperation.status;
        return status === 'SUCCEEDED' || status === 'FAILED' ? false : PROGRESS_POLL_MS;
      },
    },
  );
  if (query.isPending) return <Loading label="Loading the operation…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const op = query.data.bulkCaseOperation;
  const finished = op.status === 'SUCCEEDED' || op.status === 'FAILED';
  const percent = progressPercent(op.processed, op.total, finished);
  return (
    <Stack
      component="section"
      aria-labelledby="bulk-progress-heading"
      gap="xs"
      data-testid="bulk-progress"
      p="md"
      style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}
    >
      <Group justify="space-between">
        <Title order={2} size="h4" id="bulk-progress-heading">
          {KIND_LABELS[op.kind].label}: {finished ? 'done' : 'in progress'}
        </Title>
        <Badge color={STATUS_COLORS[op.status]} data-testid="bulk-status">
          {op.status.toLowerCase()}
        </Badge>
      </Group>
      <Text size="sm">
        “{op.reason}” — {op.requestedBy}, {formatDateTime(op.createdAt)}
      </Text>
      <Progress
        value={percent}
        aria-label="Cases processed"
        animated={!finished}
        color={op.status === 'FAILED' ? 'red' : undefined}
      />
      <Text size="sm" role="status" aria-live="polite" data-testid="bulk-counts">
        {formatNumber(op.processed)} of {formatNumber(op.total)} processed ·{' '}
        {formatNumber(op.succeeded)} moved · {formatNumber(op.skipped)} skipped ·{' '}
        {formatNumber(op.failed)} failed
        {op.finishedAt ? ` · finished ${formatDateTime(op.finishedAt)}` : ''}
      </Text>
      {op.error ? (
        <Alert styles={READABLE_TITLE} color="red" title="The operation stopped">
          {op.error}
        </Alert>
      ) : null}
      {op.outcomes.length > 0 ? <OutcomeTable outcomes={op.outcomes} /> : null}
      {finished ? (
        <Group>
          <Button size="xs" variant="default" onClick={props.onClear}>
            Start another
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
