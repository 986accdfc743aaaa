// A vendor's weekly trend per KPI against its target line (its own chunk: the charts library
// loads after the scorecard's numbers, as on the Now board).
import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { SimpleGrid, Stack, Title } from '@mantine/core';
import { type Figure, formatFigure } from './figures.ts';

export type WeekRow = { week: string; kpis: readonly Figure[] };

export function KpiTrendCharts(props: { totals: readonly Figure[]; weeks: readonly WeekRow[] }) {
  const charted = props.totals.filter((k) => k.target != null);
  return (
    <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="lg">
      {charted.map((k) => {
        const data = props.weeks.map((w) => ({
          week: w.week.replace(/^\d{4}-/, ''),
          [k.label]: w.kpis.find((x) => x.kpi === k.kpi)?.actual ?? null,
        }));
        const id = `trend-${k.kpi}`;
        return (
          <Stack key={k.kpi} gap={4} component="figure" aria-labelledby={id} m={0}>
            <Title order={3} size="h5" id={id}>
              {k.label}, weekly (target {formatFigure(k.target, k.unit)})
            </Title>
            <LineChart
              h={200}
              data={data}
              dataKey="week"
              series={[{ name: k.label, color: 'blue.7' }]}
              referenceLines={[
                { y: k.target ?? 0, label: 'Target', color: 'red.7', strokeDasharray: '4 3' },
              ]}
              connectNulls={false}
              valueFormatter={(v) => formatFigure(v, k.unit)}
              yAxisProps={{ domain: ['auto', 'auto'], width: 70 }}
            />
          </Stack>
        );
      })}
    </SimpleGrid>
  );
}
