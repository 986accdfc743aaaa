// Simulation over a chosen period: what the draft would have done with the period's cases
// next to the published ruleset — redistribution per vendor (chart and table) and the
// capacity limits vendors would have hit. The period is in the URL; nothing is changed.
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import {
  Alert,
  Button,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useApiQuery } from '../api/hooks.ts';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatChange, formatNumber, formatShare, toLocalInputValue } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import type { SimulateRoutingQuery } from '../generated/graphql.ts';
import { shiftsByVendor } from './simulation.ts';

const SimulateQuery = graphql(`
  query SimulateRouting($input: SimulateRoutingInput!) {
    simulateRouting(input: $input) {
      cases
      reassigned
      truncated
      published {
        rulesetVersion
        assigned
        unrouted
        distribution {
          vendorId
          count
        }
        capacityOverflows {
          vendorId
          vendorName
          scope
          reason
          casesTurnedAway
        }
      }
      draft {
        rulesetVersion
        assigned
        unrouted
        distribution {
          vendorId
          count
        }
        capacityOverflows {
          vendorId
          vendorName
          scope
          reason
          casesTurnedAway
        }
      }
      newlyUnroutable {
        caseId
        reason
        summary
      }
    }
  }
`);

export function SimulationPanel(props: {
  draftVersion: number;
  from?: string;
  to?: string;
  onPeriod(from: string, to: string): void;
  vendorName(id: string | null): string;
}) {
  const now = new Date();
  const [from, setFrom] = useState(
    props.from
      ? toLocalInputValue(new Date(props.from))
      : toLocalInputValue(new Date(now.getTime() - 7 * 86_400_000)),
  );
  const [to, setTo] = useState(
    props.to ? toLocalInputValue(new Date(props.to)) : toLocalInputValue(now),
  );
  const ready = Boolean(props.from && props.to);
  const query = useApiQuery(
    ['simulate', props.draftVersion],
    SimulateQuery,
    {
      input: {
        draftVersion: props.draftVersion,
        period: { from: props.from ?? '', to: props.to ?? '' },
      },
    },
    { enabled: ready, staleTime: 60_000 },
  );

  return (
    <Stack>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          // The inputs are in the viewer's zone; the URL and the API take instants.
          props.onPeriod(new Date(from).toISOString(), new Date(to).toISOString());
        }}
      >
        <Group align="flex-end">
          <TextInput
            type="datetime-local"
            label="From (your time)"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            required
          />
          <TextInput
            type="datetime-local"
            label="To (your time)"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            required
          />
          <Button type="submit">Simulate</Button>
        </Group>
      </form>
      {!ready ? (
        <Empty title="Choose a period">
          The draft and the published ruleset route that period's cases side by side.
        </Empty>
      ) : query.isPending ? (
        <Loading label="Simulating…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.simulateRouting.cases === 0 ? (
        <Empty title="No cases in this period">Choose a period with case history.</Empty>
      ) : (
        <SimulationResult result={query.data.simulateRouting} vendorName={props.vendorName} />
      )}
    </Stack>
  );
}

type Result = SimulateRoutingQuery['simulateRouting'];

function SimulationResult(props: { result: Result; vendorName(id: string | null): string }) {
  const r = props.result;
  const shifts = shiftsByVendor(r.published.distribution, r.draft.distribution);
  const chart = shifts.map((s) => ({
    vendor: props.vendorName(s.vendorId),
    [`Published v${r.published.rulesetVersion}`]: s.published,
    [`Draft v${r.draft.rulesetVersion}`]: s.draft,
  }));
  const overflows = [
    ...r.published.capacityOverflows.map((o) => ({
      ...o,
      run: `Published v${r.published.rulesetVersion}`,
    })),
    ...r.draft.capacityOverflows.map((o) => ({ ...o, run: `Draft v${r.draft.rulesetVersion}` })),
  ];
  return (
    <Stack data-testid="simulation-result">
      {r.truncated ? (
        <Alert color="yellow" role="status">
          The period held more cases than one simulation runs; the earliest {formatNumber(r.cases)}{' '}
          were used.
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure label="Cases simulated" value={formatNumber(r.cases)} />
        <Figure
          label="Sent to another vendor"
          value={`${formatNumber(r.reassigned)} (${formatShare(r.reassigned, r.cases)})`}
        />
        <Figure
          label="Unrouted (published → draft)"
          value={`${formatNumber(r.published.unrouted)} → ${formatNumber(r.draft.unrouted)}`}
        />
        <Figure label="Newly unroutable" value={formatNumber(r.newlyUnroutable.length)} />
      </SimpleGrid>
      <Title order={2} size="h4">
        Cases per vendor
      </Title>
      <BarChart
        h={260}
        data={chart}
        dataKey="vendor"
        series={[
          { name: `Published v${r.published.rulesetVersion}`, color: 'gray.6' },
          { name: `Draft v${r.draft.rulesetVersion}`, color: 'blue.6' },
        ]}
        withLegend
        aria-label="Cases per vendor, published against draft"
      />
      <Table withTableBorder striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Vendor</Table.Th>
            <Table.Th scope="col" ta="right">
              Published
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Draft
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Change
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shifts.map((s) => (
            <Table.Tr key={s.vendorId ?? 'unrouted'}>
              <Table.Td>{props.vendorName(s.vendorId)}</Table.Td>
              <Table.Td ta="right">{formatNumber(s.published)}</Table.Td>
              <Table.Td ta="right">{formatNumber(s.draft)}</Table.Td>
              <Table.Td ta="right">{formatChange(s.change)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={2} size="h4">
        Capacity overflows
      </Title>
      {overflows.length === 0 ? (
        <Text c="dimmed">No vendor would hit its open-case ceiling or daily cap.</Text>
      ) : (
        <Table withTableBorder data-testid="capacity-overflows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Run</Table.Th>
              <Table.Th scope="col">Vendor</Table.Th>
              <Table.Th scope="col">Scope</Table.Th>
              <Table.Th scope="col">Limit</Table.Th>
              <Table.Th scope="col" ta="right">
                Cases turned away
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {overflows.map((o) => (
              <Table.Tr key={`${o.run}:${o.vendorId}:${o.scope}:${o.reason}`}>
                <Table.Td>{o.run}</Table.Td>
                <Table.Td>{o.vendorName ?? props.vendorName(o.vendorId)}</Table.Td>
                <Table.Td>{o.scope}</Table.Td>
                <Table.Td>
                  {o.reason === 'AT_DAILY_CAP' ? 'daily intake cap' : 'open-case ceiling'}
                </Table.Td>
                <Table.Td ta="right">{formatNumber(o.casesTurnedAway)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function Figure(props: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text fw={700} size="lg">
        {props.value}
      </Text>
    </div>
  );
}
