// The Now board's charts (its own chunk: the charts library loads after the board's numbers).
// Both come from operationsOverview: the cells summed per vendor, and the API's hourly series.
import '@mantine/charts/styles.css';
import { AreaChart, BarChart } from '@mantine/charts';
import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { formatNumber, viewerTimeZone } from '../format/format.ts';
import { backlogByVendor, backlogSeries } from './backlog.ts';

type Cell = { vendorId?: string | null; open: number; slaAtRisk: number; slaBreached: number };
type Point = { hour: string; backlog: number; arrivals: number; resolutions: number };

export function BacklogCharts(props: {
  cells: readonly Cell[];
  series: readonly Point[];
  vendorName(id: string | null | undefined): string;
}) {
  const perVendor = backlogByVendor(props.cells, props.vendorName).map((r) => ({
    vendor: r.vendor,
    Open: r.open,
    'At risk': r.atRisk,
    Breached: r.breached,
  }));
  const hourly = backlogSeries(props.series, { timeZone: viewerTimeZone() }).map((p) => ({
    hour: p.label,
    Backlog: p.backlog,
    Arrivals: p.arrivals,
    Resolutions: p.resolutions,
  }));
  const valueFormatter = (value: number) => formatNumber(value);
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
      <Stack gap={4} component="figure" aria-labelledby="chart-vendor-heading" m={0}>
        <Title order={3} size="h5" id="chart-vendor-heading">
          Backlog per vendor (open, at risk, breached)
        </Title>
        {perVendor.length === 0 ? (
          <Text c="dimmed">No open work.</Text>
        ) : (
          <BarChart
            h={Math.max(180, perVendor.length * 34 + 60)}
            data={perVendor}
            dataKey="vendor"
            orientation="vertical"
            yAxisProps={{ width: 170 }}
            series={[
              { name: 'Open', color: 'blue.6' },
              { name: 'At risk', color: 'orange.6' },
              { name: 'Breached', color: 'red.7' },
            ]}
            withLegend
            valueFormatter={valueFormatter}
          />
        )}
      </Stack>
      <Stack gap={4} component="figure" aria-labelledby="chart-hourly-heading" m={0}>
        <Title order={3} size="h5" id="chart-hourly-heading">
          Backlog over the last 24 hours (your time, {viewerTimeZone()})
        </Title>
        {hourly.length === 0 ? (
          <Text c="dimmed">No history yet.</Text>
        ) : (
          <AreaChart
            h={260}
            data={hourly}
            dataKey="hour"
            series={[
              { name: 'Backlog', color: 'blue.6' },
              { name: 'Arrivals', color: 'teal.6' },
              { name: 'Resolutions', color: 'gray.6' },
            ]}
            withLegend
            curveType="monotone"
            valueFormatter={valueFormatter}
          />
        )}
      </Stack>
    </SimpleGrid>
  );
}
