// The Tier 2 team queue: the specialist's teams' open cases, the most urgent SLA first. A case
// waiting for a specialist is claimed here (with the version read, so two specialists cannot
// both take it) and opens in the workspace.
import { Badge, Button, SegmentedControl, Table, Text, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../api/hooks.ts';
import { ClockBadge } from '../case-panels/clock-badge.tsx';
import { clockState, nextDueAt } from '../case-panels/clocks.ts';
import { Page } from '../components/page.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime, formatRelative } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import type { QueueClaimFilter } from '../generated/graphql.ts';
import { ClaimCaseMutation } from './operations.ts';

const TeamQueueQuery = graphql(`
  query TeamQueue($claim: QueueClaimFilter) {
    myTeams {
      id
      slug
      name
    }
    teamQueue(claim: $claim, first: 100) {
      caseId
      teamId
      status
      priority
      claimedBy
      nextDueAt
      case {
        id
        version
        region
        scope
        language
        createdAt
        firstResponseAt
        userFirstResponseDueAt
        userResolutionDueAt
      }
    }
  }
`);

const VIEWS: { value: QueueClaimFilter; label: string }[] = [
  { value: 'UNCLAIMED', label: 'Waiting' },
  { value: 'MINE', label: 'Mine' },
  { value: 'ANY', label: 'All open' },
];

export function TeamQueueScreen() {
  const search = useSearch({ from: '/tier2' });
  const navigate = useNavigate({ from: '/tier2' });
  const claim = search.claim ?? 'UNCLAIMED';
  const query = useApiQuery(['team-queue'], TeamQueueQuery, { claim }, { refetchInterval: 15_000 });
  const claimCase = useApiMutation(ClaimCaseMutation);
  const client = useQueryClient();
  const [claiming, setClaiming] = useState<string | null>(null);
  const now = new Date();
  const teams = query.data?.myTeams ?? [];
  const teamName = (id: string) => teams.find((t) => t.id === id)?.name ?? id;

  return (
    <Page
      title="Team queue"
      description={
        teams.length > 0
          ? `${teams.map((t) => t.name).join(', ')}: open cases, the most urgent SLA first.`
          : 'Open cases of your teams, the most urgent SLA first.'
      }
      actions={
        <SegmentedControl
          aria-label="Which cases"
          data={VIEWS}
          value={claim}
          onChange={(v) =>
            void navigate({ search: { claim: v as QueueClaimFilter }, replace: true })
          }
        />
      }
    >
      {claimCase.isError ? (
        <ErrorState
          error={claimCase.error}
          title={
            claimCase.error.code === 'CONFLICT'
              ? 'Someone else took or changed this case first'
              : 'Not claimed'
          }
          onRetry={() => {
            claimCase.reset();
            void query.refetch();
          }}
        />
      ) : null}
      {query.isPending ? (
        <Loading label="Loading the queue…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : teams.length === 0 ? (
        <Empty title="No team">Your sign-in names no in-house team.</Empty>
      ) : query.data.teamQueue.length === 0 ? (
        <Empty title="Nothing here">No open case in this view.</Empty>
      ) : (
        <Table withTableBorder striped data-testid="team-queue">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Case</Table.Th>
              <Table.Th scope="col">Priority</Table.Th>
              <Table.Th scope="col">Team's next due</Table.Th>
              <Table.Th scope="col">User's clock</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Team · claimed by</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.teamQueue.map((entry) => {
              const clock = clockState({
                dueAt: entry.nextDueAt,
                metAt: null,
                paused: entry.status === 'PENDING_USER',
                now,
              });
              // The platform's promise to the user, which re-routing and escalation never reset.
              const userDue = nextDueAt({
                firstResponseAt: entry.case.firstResponseAt,
                firstResponseDueAt: entry.case.userFirstResponseDueAt,
                resolutionDueAt: entry.case.userResolutionDueAt,
              });
              const userClock = clockState({
                dueAt: userDue,
                metAt: null,
                paused: entry.status === 'PENDING_USER',
                now,
              });
              return (
                <Table.Tr key={entry.caseId} data-case-id={entry.caseId}>
                  <Table.Td>
                    <Link to="/tier2/cases/$caseId" params={{ caseId: entry.caseId }}>
                      Case {entry.caseId.slice(0, 8)}
                    </Link>
                    <Text size="xs" c="dimmed">
                      {entry.case.region} · {entry.case.scope} · {entry.case.language}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={entry.priority === 'P1' ? 'red' : 'blue'}>
                      {entry.priority}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(entry.nextDueAt)}</Text>
                    {entry.nextDueAt ? (
                      <Text size="xs">
                        <ClockBadge size="xs" state={clock} />{' '}
                        {formatRelative(entry.nextDueAt, now)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td data-testid="user-clock">
                    {userDue ? (
                      <>
                        <Text size="sm">{formatDateTime(userDue)}</Text>
                        <Text size="xs">
                          <ClockBadge size="xs" state={userClock} /> {formatRelative(userDue, now)}
                        </Text>
                      </>
                    ) : (
                      <Text size="sm">—</Text>
                    )}
                  </Table.Td>
                  <Table.Td>{entry.status.toLowerCase().replace('_', ' ')}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{teamName(entry.teamId)}</Text>
                    <Text size="xs" c="dimmed">
                      {entry.claimedBy ?? 'unclaimed'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {entry.claimedBy ? null : (
                      <Button
                        size="xs"
                        loading={claimCase.isPending && claiming === entry.caseId}
                        aria-label={`Claim case ${entry.caseId.slice(0, 8)}`}
                        onClick={() => {
                          setClaiming(entry.caseId);
                          claimCase.mutate(
                            { input: { caseId: entry.caseId, version: entry.case.version } },
                            {
                              onSuccess: () => {
                                void client.invalidateQueries({ queryKey: ['team-queue'] });
                                void navigate({
                                  to: '/tier2/cases/$caseId',
                                  params: { caseId: entry.caseId },
                                });
                              },
                            },
                          );
                        }}
                      >
                        Claim
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Page>
  );
}
