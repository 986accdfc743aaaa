// Queues: the cases nobody holds, most urgent first, each with why (which constraint excluded
// which vendor). Ops assign one to a vendor of their choosing (optionally over its capacity),
// re-route it through the rules, or recall it to hold it.
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../api/hooks.ts';
import { useVendorDirectory } from '../api/vendors.ts';
import { can } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { Page } from '../components/page.tsx';
import { ReasonDialog } from '../components/reason-dialog.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime, formatRelative } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import { PRIORITIES } from '../router.tsx';
import { AtRiskPanel } from './at-risk.tsx';
import { BOARD_REFRESH_MS } from './ops-now.tsx';

const UnroutedQuery = graphql(`
  query UnroutedQueue($filter: UnroutedCaseFilter) {
    unroutedCases(filter: $filter, first: 100) {
      hasNextPage
      cases {
        caseId
        version
        priority
        scope
        region
        language
        tier
        summary
        reason
        createdAt
        unroutedAt
        nextRetryAt
        routingAttempts
        exclusions {
          vendorId
          vendorName
          ruleName
          reasons
        }
      }
    }
  }
`);

const AssignCase = graphql(`
  mutation AssignCase($input: AssignCaseInput!) {
    assignCase(input: $input) {
      id
      status
      vendorId
    }
  }
`);

const RerouteCase = graphql(`
  mutation RerouteCase($input: RerouteCaseInput!) {
    rerouteCase(input: $input) {
      id
      status
      vendorId
    }
  }
`);

const RecallCase = graphql(`
  mutation RecallCase($input: RecallCaseInput!) {
    recallCase(input: $input) {
      id
      status
    }
  }
`);

type Action = 'assign' | 'reroute' | 'recall';
type Target = { caseId: string; version: number; action: Action } | null;

export function QueuesScreen() {
  const session = useSignedIn();
  const search = useSearch({ from: '/queues' });
  const navigate = useNavigate({ from: '/queues' });
  const directory = useVendorDirectory();
  const mayAct = can(session.roles, 'cases.route');
  const filter = {
    ...(search.priority ? { priority: [search.priority] } : {}),
    ...(search.scope ? { scope: [search.scope] } : {}),
    ...(search.region ? { region: [search.region] } : {}),
  };
  const query = useApiQuery(
    ['unrouted'],
    UnroutedQuery,
    { filter },
    { refetchInterval: BOARD_REFRESH_MS },
  );
  const assign = useApiMutation(AssignCase);
  const reroute = useApiMutation(RerouteCase);
  const recall = useApiMutation(RecallCase);
  const [target, setTarget] = useState<Target>(null);
  const [vendorId, setVendorId] = useState<string | null>(null);
  const [override, setOverride] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const now = new Date();
  const close = () => {
    assign.reset();
    reroute.reset();
    recall.reset();
    setTarget(null);
    setVendorId(null);
    setOverride(false);
  };
  const confirm = (reason: string) => {
    if (!target) return;
    const base = { caseId: target.caseId, version: target.version, reason };
    const after = (message: string) => () => {
      setDone(message);
      close();
      void query.refetch();
    };
    if (target.action === 'assign') {
      if (!vendorId) return;
      assign.mutate(
        { input: { ...base, vendorId, overrideCapacity: override } },
        {
          onSuccess: after(
            `Case ${target.caseId.slice(0, 8)} assigned to ${directory.name(vendorId)}.`,
          ),
        },
      );
    } else if (target.action === 'reroute') {
      reroute.mutate(
        { input: base },
        {
          onSuccess: (data) =>
            after(
              data.rerouteCase.vendorId
                ? `Case ${target.caseId.slice(0, 8)} routed to ${directory.name(data.rerouteCase.vendorId)}.`
                : `Case ${target.caseId.slice(0, 8)} is still unrouted: nobody else may take it.`,
            )(),
        },
      );
    } else {
      recall.mutate(
        { input: base },
        { onSuccess: after(`Case ${target.caseId.slice(0, 8)} held for ops.`) },
      );
    }
  };
  const setFilter = (key: 'scope' | 'region', value: string) =>
    void navigate({
      search: (prev) => ({ ...prev, [key]: value.trim() || undefined }),
      replace: true,
    });
  const mutationError = assign.error ?? reroute.error ?? recall.error;
  return (
    <Page
      title="Queues"
      description="Cases nobody holds, most urgent first, with why no vendor may take them; cases at risk beside them."
      actions={
        mayAct ? (
          <Button
            variant="default"
            renderRoot={(props) => <Link to="/queues/bulk" search={{}} {...props} />}
          >
            Bulk operation…
          </Button>
        ) : null
      }
    >
      <Group align="flex-end">
        <Select
          label="Priority"
          placeholder="Any"
          clearable
          data={[...PRIORITIES]}
          value={search.priority ?? null}
          onChange={(value) =>
            void navigate({
              search: (prev) => ({
                ...prev,
                priority: (value as (typeof PRIORITIES)[number]) ?? undefined,
              }),
              replace: true,
            })
          }
          w={140}
        />
        <TextInput
          label="Scope"
          value={search.scope ?? ''}
          onChange={(e) => setFilter('scope', e.currentTarget.value)}
          w={200}
        />
        <TextInput
          label="Region"
          value={search.region ?? ''}
          onChange={(e) => setFilter('region', e.currentTarget.value)}
          w={140}
        />
      </Group>
      {done ? (
        <Text size="sm" role="status" data-testid="queue-outcome">
          {done}
        </Text>
      ) : null}
      <Title order={2} size="h4">
        Unrouted
      </Title>
      {query.isPending ? (
        <Loading label="Loading the unrouted queue…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.unroutedCases.cases.length === 0 ? (
        <Empty title="No unrouted cases">
          {Object.keys(filter).length > 0
            ? 'None matches these filters.'
            : 'Every case has a vendor.'}
        </Empty>
      ) : (
        <Table withTableBorder striped data-testid="unrouted-cases">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Case</Table.Th>
              <Table.Th scope="col">Priority</Table.Th>
              <Table.Th scope="col">Scope · region · language</Table.Th>
              <Table.Th scope="col">Why unrouted</Table.Th>
              <Table.Th scope="col">Waiting since</Table.Th>
              <Table.Th scope="col">Next retry</Table.Th>
              {mayAct ? <Table.Th scope="col">Action</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.unroutedCases.cases.map((c) => (
              <Table.Tr key={c.caseId} data-case-id={c.caseId}>
                <Table.Td>
                  <Link to="/cases/$caseId" params={{ caseId: c.caseId }}>
                    {c.caseId.slice(0, 8)}
                  </Link>
                </Table.Td>
                <Table.Td>
                  <Badge color={c.priority === 'P1' || c.priority === 'P2' ? 'red' : 'gray'}>
                    {c.priority}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {c.scope} · {c.region} · {c.language}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {c.reason}
                  </Text>
                  <Text size="xs">{c.summary}</Text>
                  {c.exclusions.length > 0 ? (
                    <ul className="compact-list">
                      {c.exclusions.map((x) => (
                        <li key={`${x.vendorId}:${x.ruleName ?? ''}`}>
                          <Text size="xs">
                            {x.vendorName ?? directory.name(x.vendorId)}
                            {x.ruleName ? ` (${x.ruleName})` : ''}: {x.reasons.join(', ')}
                          </Text>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <span title={formatDateTime(c.createdAt)}>
                    {formatRelative(c.createdAt, now)}
                  </span>
                </Table.Td>
                <Table.Td>
                  {c.nextRetryAt ? formatDateTime(c.nextRetryAt) : 'held for ops'}
                </Table.Td>
                {mayAct ? (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {(['assign', 'reroute', 'recall'] as const).map((action) => (
                        <Button
                          key={action}
                          size="compact-xs"
                          variant={action === 'recall' ? 'default' : 'light'}
                          disabled={action === 'recall' && c.reason === 'RECALLED_BY_OPS'}
                          onClick={() =>
                            setTarget({ caseId: c.caseId, version: c.version, action })
                          }
                          aria-label={`${ACTION_LABELS[action]} case ${c.caseId.slice(0, 8)}`}
                        >
                          {ACTION_LABELS[action]}
                        </Button>
                      ))}
                    </Group>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <AtRiskPanel scope={search.scope} region={search.region} refreshMs={BOARD_REFRESH_MS} />
      <ReasonDialog
        opened={target !== null}
        title={target ? `${ACTION_LABELS[target.action]} case ${target.caseId.slice(0, 8)}` : ''}
        confirmLabel={target ? ACTION_LABELS[target.action] : ''}
        incomplete={target?.action === 'assign' && !vendorId}
        pending={assign.isPending || reroute.isPending || recall.isPending}
        error={mutationError}
        onClose={close}
        onConfirm={confirm}
      >
        {target?.action === 'assign' ? (
          <Stack gap="xs">
            <Select
              label="Vendor"
              required
              searchable
              data={directory.vendors.map((v) => ({ value: v.id, label: v.name }))}
              value={vendorId}
              onChange={setVendorId}
            />
            <Checkbox
              label="Exceed the vendor's capacity for this scope (say why below)"
              checked={override}
              onChange={(e) => setOverride(e.currentTarget.checked)}
            />
            <Text size="xs" c="dimmed">
              Residency, restricted scopes and certifications are never overridden.
            </Text>
          </Stack>
        ) : target?.action === 'reroute' ? (
          <Text size="sm">The published rules choose again, without the current holder.</Text>
        ) : target?.action === 'recall' ? (
          <Text size="sm">The case waits here, held for ops, until assigned or re-routed.</Text>
        ) : null}
      </ReasonDialog>
    </Page>
  );
}

const ACTION_LABELS: Record<Action, string> = {
  assign: 'Assign',
  reroute: 'Re-route',
  recall: 'Recall',
};
