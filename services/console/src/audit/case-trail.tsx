// Who read and who changed a case, from the audit trail: reads summed per person or partner
// (with which fields they were shown), every other action listed, newest first.
import { Code, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useApiQuery } from '../api/hooks.ts';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatCount, formatDateTime } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import { AuditDetails } from './audit-details.tsx';
import { summariseCaseTrail } from './case-trail-summary.ts';

const CaseTrailQuery = graphql(`
  query CaseAuditTrail($filter: AuditEventFilter) {
    auditEvents(filter: $filter, first: 200) {
      edges {
        node {
          id
          occurredAt
          actorKind
          actorId
          action
          outcome
          details
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

export function CaseTrail(props: { caseId: string }) {
  const query = useApiQuery(['case-audit', props.caseId], CaseTrailQuery, {
    filter: { targetType: 'Case', targetId: props.caseId },
  });
  const events = query.data?.auditEvents.edges.map((e) => e.node) ?? [];
  const trail = summariseCaseTrail(events);
  return (
    <Stack gap="xs" component="section" aria-labelledby="case-trail-heading">
      <Title order={2} size="h4" id="case-trail-heading">
        Who read and changed it
      </Title>
      {query.isPending ? (
        <Loading label="Loading the case's audit trail…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : events.length === 0 ? (
        <Empty title="Nobody yet">The audit trail holds nothing for this case.</Empty>
      ) : (
        <>
          <Text size="sm">
            {query.data.auditEvents.pageInfo.hasNextPage ? 'The latest ' : ''}
            {formatCount(events.length, 'audit event', 'audit events')}.{' '}
            <Link to="/audit" search={{ caseId: props.caseId }}>
              Search and export them in the audit trail
            </Link>
          </Text>
          <Table withTableBorder captionSide="top" data-testid="case-readers">
            <Table.Caption>Reads, per reader</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Reader</Table.Th>
                <Table.Th scope="col">Reads</Table.Th>
                <Table.Th scope="col">Last read</Table.Th>
                <Table.Th scope="col">Fields shown</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {trail.readers.map((r) => (
                <Table.Tr key={`${r.actorKind}:${r.actorId}`}>
                  <Table.Td>
                    <Text size="sm">{r.actorId}</Text>
                    <Text size="xs" c="dimmed">
                      {r.actorKind.toLowerCase()}
                    </Text>
                  </Table.Td>
                  <Table.Td>{r.reads}</Table.Td>
                  <Table.Td>{formatDateTime(r.lastAt)}</Table.Td>
                  <Table.Td>
                    <Text size="xs">{r.fields.length > 0 ? r.fields.join(', ') : '—'}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Table withTableBorder captionSide="top" data-testid="case-changes">
            <Table.Caption>Changes and other actions, newest first</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">Who</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {trail.changes.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text size="sm" c="dimmed">
                      Only reads so far.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ) : (
                trail.changes.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>{formatDateTime(e.occurredAt)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{e.actorId}</Text>
                      <Text size="xs" c="dimmed">
                        {e.actorKind.toLowerCase()}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Code>{e.action}</Code> {e.outcome === 'OK' ? '' : e.outcome}
                    </Table.Td>
                    <Table.Td>
                      <AuditDetails details={e.details} />
                    </Table.Td>
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
