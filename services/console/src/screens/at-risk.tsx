// At-risk cases beside the unrouted queue: open cases whose SLA clock is already past due or
// due within the board's window, each with its reason (which clock, when), most urgent first.
import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useApiQuery } from '../api/hooks.ts';
import { useVendorDirectory } from '../api/vendors.ts';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime, formatRelative } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import type { CaseStatus } from '../generated/graphql.ts';
import { atRiskCases, dueHorizon } from '../ops/at-risk.ts';

const AtRiskQuery = graphql(`
  query AtRiskCases($filter: CaseFilter) {
    cases(filter: $filter, first: 100) {
      edges {
        node {
          id
          priority
          status
          scope
          region
          vendorId
          createdAt
          firstResponseDueAt
          firstResponseAt
          resolutionDueAt
          resolvedAt
        }
      }
    }
  }
`);

/** Statuses whose clocks run (waiting on the user pauses them; closed work has none). */
const RUNNING: CaseStatus[] = [
  'NEW',
  'ROUTED',
  'UNROUTED',
  'OFFERED',
  'ACCEPTED',
  'IN_PROGRESS',
  'ESCALATED',
  'REOPENED',
];

/** Same window as the Now board's "at risk". */
export const AT_RISK_WINDOW_MINUTES = 30;

export function AtRiskPanel(props: { scope?: string; region?: string; refreshMs: number }) {
  const directory = useVendorDirectory();
  const now = new Date();
  const query = useApiQuery(
    ['at-risk'],
    AtRiskQuery,
    {
      filter: {
        status: RUNNING,
        dueBefore: dueHorizon(now, AT_RISK_WINDOW_MINUTES),
        ...(props.scope ? { scope: [props.scope] } : {}),
        ...(props.region ? { region: [props.region] } : {}),
      },
    },
    { refetchInterval: props.refreshMs, placeholderData: (previous) => previous },
  );
  const rows = query.data
    ? atRiskCases(
        query.data.cases.edges.map((e) => e.node),
        now,
        AT_RISK_WINDOW_MINUTES,
      )
    : [];
  return (
    <Stack component="section" aria-labelledby="at-risk-heading" gap="xs">
      <Title order={2} size="h4" id="at-risk-heading">
        At risk
      </Title>
      <Text size="sm" c="dimmed">
        Open cases with an SLA clock past due or due within {AT_RISK_WINDOW_MINUTES} minutes.
      </Text>
      {query.isPending ? (
        <Loading label="Loading the cases at risk…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <Empty title="No case at risk">
          {props.scope || props.region ? 'None matches these filters.' : 'Every clock has time.'}
        </Empty>
      ) : (
        <Table withTableBorder striped data-testid="at-risk-cases">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Case</Table.Th>
              <Table.Th scope="col">Priority</Table.Th>
              <Table.Th scope="col">Scope · region</Table.Th>
              <Table.Th scope="col">Held by</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Why at risk</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ case: c, reasons }) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Link to="/cases/$caseId" params={{ caseId: c.id }}>
                    {c.id.slice(0, 8)}
                  </Link>
                </Table.Td>
                <Table.Td>
                  <Badge color={c.priority === 'P1' || c.priority === 'P2' ? 'red' : 'gray'}>
                    {c.priority}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {c.scope} · {c.region}
                </Table.Td>
                <Table.Td>{directory.name(c.vendorId)}</Table.Td>
                <Table.Td>{c.status.toLowerCase().replace('_', ' ')}</Table.Td>
                <Table.Td>
                  {reasons.map((r) => (
                    <Text
                      key={r.clock}
                      size="sm"
                      c={r.state === 'breached' ? 'red.9' : 'orange.9'}
                      fw={r.state === 'breached' ? 700 : undefined}
                    >
                      {r.clock} {r.state === 'breached' ? 'breached' : 'due'}{' '}
                      <span title={formatDateTime(r.dueAt)}>{formatRelative(r.dueAt, now)}</span>
                    </Text>
                  ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
