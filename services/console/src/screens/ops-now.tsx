// The Now board: open work per vendor × scope × region (at risk, breached, oldest waiting,
// capacity used against the ceiling), refreshed every few seconds, beside the open alerts,
// which ops acknowledge and resolve with a note.
import {
  Badge,
  Button,
  Group,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useApiMutation, useApiQuery } from '../api/hooks.ts';
import { useVendorDirectory } from '../api/vendors.ts';
import { can } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { Page } from '../components/page.tsx';
import { ReasonDialog } from '../components/reason-dialog.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime, formatNumber, formatRelative, formatShare } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import { ALERT_SEVERITIES } from '../router.tsx';

// The charts library is heavy: it loads after the board's numbers are on screen.
const BacklogCharts = lazy(() =>
  import('../ops/backlog-charts.tsx').then((m) => ({ default: m.BacklogCharts })),
);

/** Marked once, when the board's first data is on screen (time to first data, measured in e2e). */
const FIRST_DATA_MARK = 'ops-board:first-data';

/** How often the board and the alerts refresh. */
export const BOARD_REFRESH_MS = 5_000;

const OverviewQuery = graphql(`
  query OperationsNow($region: [String!], $scope: [String!], $vendorId: ID) {
    operationsOverview(region: $region, scope: $scope, vendorId: $vendorId) {
      generatedAt
      atRiskWithinMinutes
      totals {
        open
        unrouted
        slaAtRisk
        slaBreached
      }
      cells {
        vendorId
        scope
        region
        open
        slaAtRisk
        slaBreached
        oldestWaitingSince
        capacityUsed
        capacityCeiling
      }
      backlog {
        hour
        backlog
        arrivals
        resolutions
      }
    }
  }
`);

const AlertsQuery = graphql(`
  query OpenAlerts($filter: AlertFilter) {
    alerts(filter: $filter, first: 50) {
      edges {
        node {
          id
          kind
          severity
          status
          message
          occurrences
          raisedAt
          lastRaisedAt
          acknowledgedBy
          acknowledgedAt
          acknowledgeNote
          vendorId
          caseId
        }
      }
    }
  }
`);

const AcknowledgeAlert = graphql(`
  mutation AcknowledgeAlert($id: ID!, $note: String) {
    acknowledgeAlert(id: $id, note: $note) {
      id
      status
    }
  }
`);

const ResolveAlert = graphql(`
  mutation ResolveAlert($id: ID!, $note: String!) {
    resolveAlert(id: $id, note: $note) {
      id
      status
    }
  }
`);

const SEVERITY_COLORS: Record<string, string> = {
  CRITICAL: 'red',
  WARNING: 'yellow',
  INFO: 'blue',
};

export function OpsNowScreen() {
  const search = useSearch({ from: '/ops' });
  const navigate = useNavigate({ from: '/ops' });
  const directory = useVendorDirectory();
  const query = useApiQuery(
    ['operations-overview'],
    OverviewQuery,
    {
      region: search.region ? [search.region] : null,
      scope: search.scope ? [search.scope] : null,
      vendorId: search.vendorId ?? null,
    },
    { refetchInterval: BOARD_REFRESH_MS },
  );
  const now = new Date();
  const hasData = query.data !== undefined;
  useEffect(() => {
    if (hasData && performance.getEntriesByName(FIRST_DATA_MARK).length === 0) {
      performance.mark(FIRST_DATA_MARK);
    }
  }, [hasData]);
  const setFilter = (key: 'region' | 'scope', value: string) =>
    void navigate({
      search: (prev) => ({ ...prev, [key]: value.trim() || undefined }),
      replace: true,
    });
  return (
    <Page
      title="Now"
      description={
        query.data
          ? `Refreshed ${formatDateTime(query.data.operationsOverview.generatedAt)} · every ${BOARD_REFRESH_MS / 1000} s · at risk means due within ${query.data.operationsOverview.atRiskWithinMinutes} minutes`
          : 'Open work per vendor, scope and region.'
      }
    >
      <AlertsPanel
        severity={search.severity}
        onSeverity={(severity) =>
          void navigate({ search: (prev) => ({ ...prev, severity }), replace: true })
        }
      />
      <Title order={2} size="h4">
        Open work
      </Title>
      <Group align="flex-end">
        <TextInput
          label="Region"
          placeholder="e.g. EU"
          value={search.region ?? ''}
          onChange={(e) => setFilter('region', e.currentTarget.value)}
          w={160}
        />
        <TextInput
          label="Scope"
          placeholder="e.g. billing"
          value={search.scope ?? ''}
          onChange={(e) => setFilter('scope', e.currentTarget.value)}
          w={200}
        />
      </Group>
      {query.isPending ? (
        <Loading label="Loading the board…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Stack>
          <Group gap="xl" data-testid="ops-totals">
            {(
              [
                ['Open', query.data.operationsOverview.totals.open],
                ['Unrouted', query.data.operationsOverview.totals.unrouted],
                ['At risk', query.data.operationsOverview.totals.slaAtRisk],
                ['Breached', query.data.operationsOverview.totals.slaBreached],
              ] as const
            ).map(([label, value]) => (
              <div key={label}>
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
                <Text fw={700} size="xl">
                  {formatNumber(value)}
                </Text>
              </div>
            ))}
          </Group>
          <Suspense fallback={<Loading label="Loading the charts…" />}>
            <BacklogCharts
              cells={query.data.operationsOverview.cells}
              series={query.data.operationsOverview.backlog}
              vendorName={directory.name}
            />
          </Suspense>
          {query.data.operationsOverview.cells.length === 0 ? (
            <Empty title="No open work">
              {search.region || search.scope
                ? 'Nothing matches these filters.'
                : 'Every queue is empty.'}
            </Empty>
          ) : (
            <Table withTableBorder striped data-testid="ops-board">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Vendor</Table.Th>
                  <Table.Th scope="col">Scope</Table.Th>
                  <Table.Th scope="col">Region</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Open
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    At risk
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Breached
                  </Table.Th>
                  <Table.Th scope="col">Oldest waiting</Table.Th>
                  <Table.Th scope="col" miw={180}>
                    Capacity used
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {query.data.operationsOverview.cells.map((c) => (
                  <Table.Tr key={`${c.vendorId ?? '-'}:${c.scope}:${c.region}`}>
                    <Table.Td>
                      {c.vendorId ? (
                        <Link to="/vendors/$vendorId" params={{ vendorId: c.vendorId }} search={{}}>
                          {directory.name(c.vendorId)}
                        </Link>
                      ) : (
                        <Link to="/queues" search={{ scope: c.scope, region: c.region }}>
                          Unrouted
                        </Link>
                      )}
                    </Table.Td>
                    <Table.Td>{c.scope}</Table.Td>
                    <Table.Td>{c.region}</Table.Td>
                    <Table.Td ta="right">{formatNumber(c.open)}</Table.Td>
                    <Table.Td ta="right" c={c.slaAtRisk > 0 ? 'orange.9' : undefined}>
                      {formatNumber(c.slaAtRisk)}
                    </Table.Td>
                    <Table.Td
                      ta="right"
                      c={c.slaBreached > 0 ? 'red.9' : undefined}
                      fw={c.slaBreached > 0 ? 700 : undefined}
                    >
                      {formatNumber(c.slaBreached)}
                    </Table.Td>
                    <Table.Td>
                      {c.oldestWaitingSince ? (
                        <span title={formatDateTime(c.oldestWaitingSince)}>
                          {formatRelative(c.oldestWaitingSince, now)}
                        </span>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>
                      {c.capacityCeiling !== null && c.capacityCeiling !== undefined ? (
                        <Stack gap={2}>
                          <Text size="sm">
                            {formatNumber(c.capacityUsed ?? 0)} of {formatNumber(c.capacityCeiling)}{' '}
                            ({formatShare(c.capacityUsed ?? 0, c.capacityCeiling)})
                          </Text>
                          <Progress
                            aria-label={`Capacity used, ${directory.name(c.vendorId)} ${c.scope}`}
                            value={Math.min(
                              100,
                              ((c.capacityUsed ?? 0) / Math.max(1, c.capacityCeiling)) * 100,
                            )}
                            color={(c.capacityUsed ?? 0) >= c.capacityCeiling ? 'red' : 'blue'}
                          />
                        </Stack>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </Page>
  );
}

type Severity = (typeof ALERT_SEVERITIES)[number];
type Pending = { id: string; action: 'acknowledge' | 'resolve'; message: string } | null;

function AlertsPanel(props: { severity?: Severity; onSeverity(severity?: Severity): void }) {
  const session = useSignedIn();
  const directory = useVendorDirectory();
  const mayAct = can(session.roles, 'alerts.handle');
  const query = useApiQuery(
    ['alerts'],
    AlertsQuery,
    {
      filter: {
        status: ['OPEN', 'ACKNOWLEDGED'],
        ...(props.severity ? { severity: [props.severity] } : {}),
      },
    },
    { refetchInterval: BOARD_REFRESH_MS },
  );
  const acknowledge = useApiMutation(AcknowledgeAlert);
  const resolve = useApiMutation(ResolveAlert);
  const [pending, setPending] = useState<Pending>(null);
  const [done, setDone] = useState<string | null>(null);
  const close = () => {
    acknowledge.reset();
    resolve.reset();
    setPending(null);
  };
  const confirm = (note: string) => {
    if (!pending) return;
    const onSuccess = () => {
      setDone(pending.action === 'acknowledge' ? 'Alert acknowledged.' : 'Alert resolved.');
      close();
      void query.refetch();
    };
    if (pending.action === 'acknowledge') {
      acknowledge.mutate({ id: pending.id, note: note || null }, { onSuccess });
    } else {
      resolve.mutate({ id: pending.id, note }, { onSuccess });
    }
  };
  return (
    <Stack gap="xs" component="section" aria-labelledby="alerts-heading">
      <Title order={2} size="h4" id="alerts-heading">
        Alerts
      </Title>
      <SegmentedControl
        aria-label="Alert severity"
        w="fit-content"
        value={props.severity ?? 'ALL'}
        onChange={(value) => props.onSeverity(value === 'ALL' ? undefined : (value as Severity))}
        data={[
          { value: 'ALL', label: 'All' },
          ...ALERT_SEVERITIES.map((s) => ({ value: s, label: s.toLowerCase() })),
        ]}
      />
      {done ? (
        <Text size="sm" role="status">
          {done}
        </Text>
      ) : null}
      {query.isPending ? (
        <Loading label="Loading alerts…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.alerts.edges.length === 0 ? (
        <Empty title="No open alerts">Nothing needs looking at.</Empty>
      ) : (
        <Table withTableBorder striped data-testid="alerts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" miw={110}>
                Severity
              </Table.Th>
              <Table.Th scope="col">Alert</Table.Th>
              <Table.Th scope="col">About</Table.Th>
              <Table.Th scope="col">Last raised</Table.Th>
              <Table.Th scope="col" miw={110}>
                State
              </Table.Th>
              {mayAct ? <Table.Th scope="col">Action</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.alerts.edges.map(({ node: a }) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <Badge color={SEVERITY_COLORS[a.severity]}>{a.severity.toLowerCase()}</Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{a.message}</Text>
                  <Text size="xs" c="dimmed">
                    {a.kind} · {formatNumber(a.occurrences)}× since {formatDateTime(a.raisedAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {a.caseId ? (
                    <Link to="/cases/$caseId" params={{ caseId: a.caseId }}>
                      Case {a.caseId.slice(0, 8)}
                    </Link>
                  ) : a.vendorId ? (
                    <Link to="/vendors/$vendorId" params={{ vendorId: a.vendorId }} search={{}}>
                      {directory.name(a.vendorId)}
                    </Link>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>{formatDateTime(a.lastRaisedAt)}</Table.Td>
                <Table.Td>
                  {a.status === 'ACKNOWLEDGED' ? (
                    <Text size="sm">
                      acknowledged by {a.acknowledgedBy} · {formatDateTime(a.acknowledgedAt)}
                      {a.acknowledgeNote ? ` — ${a.acknowledgeNote}` : ''}
                    </Text>
                  ) : (
                    <Badge variant="outline">open</Badge>
                  )}
                </Table.Td>
                {mayAct ? (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {a.status === 'OPEN' ? (
                        <Button
                          size="compact-xs"
                          variant="light"
                          onClick={() =>
                            setPending({ id: a.id, action: 'acknowledge', message: a.message })
                          }
                          aria-label={`Acknowledge: ${a.message}`}
                        >
                          Acknowledge
                        </Button>
                      ) : null}
                      <Button
                        size="compact-xs"
                        variant="default"
                        onClick={() =>
                          setPending({ id: a.id, action: 'resolve', message: a.message })
                        }
                        aria-label={`Resolve: ${a.message}`}
                      >
                        Resolve
                      </Button>
                    </Group>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ReasonDialog
        opened={pending !== null}
        title={pending?.action === 'resolve' ? 'Resolve the alert' : 'Acknowledge the alert'}
        confirmLabel={pending?.action === 'resolve' ? 'Resolve' : 'Acknowledge'}
        reasonLabel={pending?.action === 'resolve' ? 'What was done' : 'Note'}
        optional={pending?.action === 'acknowledge'}
        pending={acknowledge.isPending || resolve.isPending}
        error={acknowledge.error ?? resolve.error}
        onClose={close}
        onConfirm={confirm}
      >
        <Text size="sm">{pending?.message}</Text>
      </ReasonDialog>
    </Stack>
  );
}
