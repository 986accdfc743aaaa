// Both SLA clocks of a case, replayed by the gateway from the case's events: the user's
// end-to-end clock (the platform's promise) and each vendor's clock (its contract's), with where
// each target stands, the time given back while waiting on the user, and every step.
import { Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useApiQuery } from '../api/hooks.ts';
import { ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime, formatRelative } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import type { CaseSlaTimelineQuery } from '../generated/graphql.ts';
import { ClockBadge } from './clock-badge.tsx';
import {
  entryWords,
  formatDuration,
  metAt,
  orderClocks,
  pausedMs,
  targetState,
} from './sla-timeline.ts';

const SlaTimelineQuery = graphql(`
  query CaseSlaTimeline($caseId: ID!) {
    slaTimeline(caseId: $caseId) {
      asOf
      clocks {
        clock
        vendorId
        startedAt
        stoppedAt
        stopReason
        firstResponseMinutes
        firstResponseDueAt
        firstResponseAt
        firstResponseBreached
        resolutionMinutes
        resolutionDueAt
        resolutionBreached
        calendarVersion { calendarCode version timeZone }
        entries { at kind event firstResponseDueAt resolutionDueAt }
      }
    }
  }
`);

type Clock = CaseSlaTimelineQuery['slaTimeline']['clocks'][number];

/** The query key the workspace refreshes after each action. */
export const slaTimelineKey = (caseId: string) => ['sla-timeline', caseId] as const;

function Target(props: {
  label: string;
  clock: Clock;
  which: 'firstResponse' | 'resolution';
  asOf: Date;
}) {
  const { clock, which, asOf } = props;
  const dueAt = which === 'firstResponse' ? clock.firstResponseDueAt : clock.resolutionDueAt;
  const minutes = which === 'firstResponse' ? clock.firstResponseMinutes : clock.resolutionMinutes;
  const met = metAt(clock, which);
  const state = targetState(clock, which, asOf);
  return (
    <div data-testid={`target-${which === 'firstResponse' ? 'first-response' : 'resolution'}`}>
      <Text size="xs" c="dimmed">
        {props.label}
        {minutes !== null && minutes !== undefined
          ? ` · target ${formatDuration(minutes * 60_000)}`
          : ''}
      </Text>
      <Text fw={600}>{formatDateTime(dueAt)}</Text>
      <Group gap={6}>
        <ClockBadge state={state} />
        <Text size="xs">
          {met
            ? `at ${formatDateTime(met)}`
            : dueAt && (state === 'running' || state === 'at-risk' || state === 'breached')
              ? formatRelative(dueAt, asOf)
              : ''}
        </Text>
      </Group>
    </div>
  );
}

function ClockCard(props: { clock: Clock; asOf: Date; vendorName(id: string): string }) {
  const { clock, asOf } = props;
  const title =
    clock.clock === 'USER'
      ? "User's end-to-end clock"
      : `Vendor clock: ${clock.vendorId ? props.vendorName(clock.vendorId) : 'unknown'}`;
  const cal = clock.calendarVersion;
  const paused = pausedMs(clock, asOf);
  return (
    <Paper
      withBorder
      p="sm"
      component="article"
      aria-label={title}
      data-testid={`sla-clock-${clock.clock.toLowerCase()}`}
    >
      <Stack gap="xs">
        <div>
          <Title order={3} size="h5">
            {title}
          </Title>
          <Text size="xs" c="dimmed">
            {clock.clock === 'USER' ? "On the platform's targets" : "On its contract's targets"},
            counted on{' '}
            {cal
              ? `calendar ${cal.calendarCode} v${cal.version} (${cal.timeZone})`
              : 'round the clock'}
            . Started {formatDateTime(clock.startedAt)}
            {clock.stoppedAt
              ? `; stopped ${formatDateTime(clock.stoppedAt)} (${(clock.stopReason ?? '').toLowerCase().replaceAll('_', ' ')})`
              : ''}
            {paused > 0 ? `; paused ${formatDuration(paused)} in all, given back` : ''}.
          </Text>
        </div>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Target label="First response" clock={clock} which="firstResponse" asOf={asOf} />
          <Target label="Resolution" clock={clock} which="resolution" asOf={asOf} />
        </SimpleGrid>
        <Table
          striped
          fz="xs"
          verticalSpacing={4}
          aria-label={`Steps of the ${clock.clock === 'USER' ? "user's" : 'vendor'} clock`}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">When</Table.Th>
              <Table.Th scope="col">Step</Table.Th>
              <Table.Th scope="col">Because of</Table.Th>
              <Table.Th scope="col">First response due</Table.Th>
              <Table.Th scope="col">Resolution due</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {clock.entries.map((e, i) => (
              <Table.Tr key={`${e.at}-${e.kind}-${i}`}>
                <Table.Td>{formatDateTime(e.at)}</Table.Td>
                <Table.Td>{entryWords(e.kind)}</Table.Td>
                <Table.Td>{e.event.toLowerCase().replaceAll('_', ' ')}</Table.Td>
                <Table.Td>{formatDateTime(e.firstResponseDueAt)}</Table.Td>
                <Table.Td>{formatDateTime(e.resolutionDueAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}

export function SlaTimelinePanel(props: { caseId: string; vendorName(id: string): string }) {
  const query = useApiQuery(slaTimelineKey(props.caseId), SlaTimelineQuery, {
    caseId: props.caseId,
  });
  return (
    <Stack gap="xs" component="section" aria-labelledby="sla-timeline-heading">
      <Title order={2} size="h4" id="sla-timeline-heading">
        SLA clocks, step by step
      </Title>
      {query.isPending ? (
        <Loading label="Replaying the clocks…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <Text size="sm" c="dimmed">
            Replayed from the case's events as of {formatDateTime(query.data.slaTimeline.asOf)}.
            Waiting on the user pauses both clocks; the paused time is given back.
          </Text>
          {orderClocks(query.data.slaTimeline.clocks).map((clock) => (
            <ClockCard
              key={`${clock.clock}-${clock.vendorId ?? ''}-${clock.startedAt}`}
              clock={clock}
              asOf={new Date(query.data.slaTimeline.asOf)}
              vendorName={props.vendorName}
            />
          ))}
        </>
      )}
    </Stack>
  );
}
