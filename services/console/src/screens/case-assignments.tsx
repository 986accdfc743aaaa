// Why a case went where it went: each assignment, oldest first, with the decision in one
// sentence, the residency check, and every rule looked at with its candidates' exclusions.
// Only ops and auditors may read it, so it is its own query (others never ask for it).
import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useApiQuery } from '../api/hooks.ts';
import { useVendorDirectory } from '../api/vendors.ts';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime, formatShare } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';

const CaseAssignmentsQuery = graphql(`
  query CaseAssignments($id: ID!) {
    case(id: $id) {
      id
      assignments {
        id
        attempt
        vendorId
        vendorName
        status
        summary
        offeredAt
        acceptedAt
        endedAt
        endReason
        rulesetVersion
        ruleName
        split {
          selection
          share
          candidatesConsidered
        }
        residencyCheck {
          passed
          region
          requirement
        }
        rulesConsidered {
          ruleId
          ruleName
          matched
          outcome
          candidates {
            vendorId
            eligible
            reasons
          }
        }
      }
    }
  }
`);

export function CaseAssignments(props: { caseId: string }) {
  const directory = useVendorDirectory();
  const query = useApiQuery(['case-assignments', props.caseId], CaseAssignmentsQuery, {
    id: props.caseId,
  });
  return (
    <Stack gap="xs" component="section" aria-labelledby="assignments-heading">
      <Title order={2} size="h4" id="assignments-heading">
        Routing explanation
      </Title>
      {query.isPending ? (
        <Loading label="Loading the assignments…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.case.assignments.length === 0 ? (
        <Empty title="Never assigned">No vendor has been offered this case.</Empty>
      ) : (
        <Table withTableBorder data-testid="case-assignments">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">#</Table.Th>
              <Table.Th scope="col">Vendor</Table.Th>
              <Table.Th scope="col">Decision</Table.Th>
              <Table.Th scope="col">Offered · accepted · ended</Table.Th>
              <Table.Th scope="col" miw={120}>
                Status
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.case.assignments.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{a.attempt}</Table.Td>
                <Table.Td>{a.vendorName}</Table.Td>
                <Table.Td>
                  <Text size="sm">{a.summary}</Text>
                  <Text size="xs" c="dimmed">
                    {a.split.selection.toLowerCase().replaceAll('_', ' ')}
                    {a.split.share !== null && a.split.share !== undefined
                      ? ` · ${formatShare(a.split.share, 1)} share`
                      : ''}
                    {a.ruleName ? ` · rule ${a.ruleName}` : ''}
                    {a.rulesetVersion ? ` · ruleset v${a.rulesetVersion}` : ' · chosen by ops'}
                    {a.residencyCheck
                      ? ` · residency ${a.residencyCheck.requirement} (${a.residencyCheck.region}) ${a.residencyCheck.passed ? 'passed' : 'failed'}`
                      : ''}
                  </Text>
                  {a.rulesConsidered.length > 0 ? (
                    <details>
                      <summary>
                        <Text span size="xs">
                          {a.rulesConsidered.length} rules looked at
                        </Text>
                      </summary>
                      <ul className="compact-list">
                        {a.rulesConsidered.map((r) => (
                          <li key={r.ruleId}>
                            <Text size="xs">
                              {r.ruleName}: {r.matched ? r.outcome : 'did not match'}
                              {r.candidates
                                .filter((c) => !c.eligible)
                                .map(
                                  (c) =>
                                    ` · ${directory.name(c.vendorId)} excluded (${c.reasons.join(', ')})`,
                                )
                                .join('')}
                            </Text>
                          </li>
                        ))}
                      </ul>
                    </details>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(a.offeredAt)}</Text>
                  <Text size="xs">
                    {a.acceptedAt ? `accepted ${formatDateTime(a.acceptedAt)}` : 'not accepted'}
                    {a.endedAt
                      ? ` · ended ${formatDateTime(a.endedAt)}${a.endReason ? ` (${a.endReason})` : ''}`
                      : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{a.status.toLowerCase()}</Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
