// Shadow results: a draft running beside the published ruleset on live intake, recording
// what it would decide. Ops start it until a time; the comparison is per vendor.
import { Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../api/hooks.ts';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime, formatNumber, formatShare, toLocalInputValue } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';

const ShadowQuery = graphql(`
  query RoutingShadow($version: Int!) {
    routingShadowComparison(version: $version) {
      cases
      agreed
      shadowUntil
      byVendor {
        vendorId
        live
        shadow
      }
    }
  }
`);

const StartShadowMutation = graphql(`
  mutation StartRoutingShadow($version: Int!, $until: DateTime!, $reason: String!) {
    startRoutingShadow(version: $version, until: $until, reason: $reason) {
      shadowUntil
    }
  }
`);

export function ShadowPanel(props: {
  version: number;
  shadowUntil: string | null;
  canEdit: boolean;
  vendorName(id: string | null): string;
  onStarted(): void;
}) {
  const query = useApiQuery(['shadow', props.version], ShadowQuery, { version: props.version });
  const start = useApiMutation(StartShadowMutation);
  const [until, setUntil] = useState(toLocalInputValue(new Date(Date.now() + 86_400_000)));
  const [reason, setReason] = useState('');
  const running = props.shadowUntil !== null && new Date(props.shadowUntil) > new Date();
  return (
    <Stack>
      <Text size="sm">
        {running
          ? `In shadow until ${formatDateTime(props.shadowUntil)}.`
          : 'Not in shadow. In shadow, the draft records what it would decide for every new case without routing any.'}
      </Text>
      {props.canEdit ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            start.mutate(
              {
                version: props.version,
                until: new Date(until).toISOString(),
                reason: reason.trim(),
              },
              { onSuccess: props.onStarted },
            );
          }}
        >
          <Group align="flex-end">
            <TextInput
              type="datetime-local"
              label="Until (your time)"
              value={until}
              onChange={(e) => setUntil(e.currentTarget.value)}
              required
            />
            <TextInput
              label="Reason (kept in the audit trail)"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              required
            />
            <Button type="submit" loading={start.isPending}>
              {running ? 'Change end' : 'Start shadow'}
            </Button>
          </Group>
        </form>
      ) : null}
      {start.isError ? <ErrorState error={start.error} title="Shadow not started" /> : null}
      {query.isPending ? (
        <Loading label="Loading shadow results…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.routingShadowComparison.cases === 0 ? (
        <Empty title="No shadow decisions yet">
          Cases arriving while the draft is in shadow appear here.
        </Empty>
      ) : (
        <>
          <Text>
            {formatNumber(query.data.routingShadowComparison.agreed)} of{' '}
            {formatNumber(query.data.routingShadowComparison.cases)} cases decided alike (
            {formatShare(
              query.data.routingShadowComparison.agreed,
              query.data.routingShadowComparison.cases,
            )}
            ).
          </Text>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Vendor</Table.Th>
                <Table.Th scope="col" ta="right">
                  Live
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Shadow
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.routingShadowComparison.byVendor.map((v) => (
                <Table.Tr key={v.vendorId ?? 'unrouted'}>
                  <Table.Td>{props.vendorName(v.vendorId ?? null)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(v.live)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(v.shadow)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
