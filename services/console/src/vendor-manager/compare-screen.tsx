// Compare: the chosen vendors side by side for a quarter, every KPI against its contract target
// (met or missed, with the gap), grouped by scope or region, sorted by a vendor's gap; each
// figure opens the cases behind it.
import {
  Button,
  Group,
  MultiSelect,
  SegmentedControl,
  Stack,
  Switch,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useApiQueriesOf, useApiQuery } from '../api/hooks.ts';
import { Page } from '../components/page.tsx';
import { ScrollingTable } from '../components/scrolling-table.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { graphql } from '../generated/gql.ts';
import { defaultQuarter, QuarterSelect, StatusBadge } from './controls.tsx';
import { download, toCsv } from './csv.ts';
import {
  compareLines,
  compareRecords,
  formatFigure,
  formatGap,
  formatTarget,
  type GroupBy,
  sortLines,
} from './figures.ts';
import { quarterPeriod } from './period.ts';

// Every vendor's quarter; grouped figures are read vendor by vendor (each scorecard's rows are
// a list of lists, too costly for the gateway's query budget across every vendor at once).
export const CompareQuery = graphql(`
  query VendorCompare($period: PeriodInput!) {
    scorecards(period: $period) {
      vendorId
      vendorName
      totals {
        key
        kpis {
          kpi
          label
          unit
          actual
          target
          min
          max
          difference
          status
        }
      }
    }
  }
`);

const GroupedQuery = graphql(`
  query VendorCompareGrouped($vendorId: ID!, $period: PeriodInput!, $groupBy: [ScorecardDimension!]) {
    scorecard(vendorId: $vendorId, period: $period, groupBy: $groupBy) {
      vendorId
      rows {
        key
        group {
          scope
          region
        }
        kpis {
          kpi
          actual
          target
          min
          max
          difference
          status
        }
      }
    }
  }
`);

const GROUP_LABEL: Record<GroupBy, string> = { SCOPE: 'Scope', REGION: 'Region' };

export function CompareScreen() {
  const search = useSearch({ from: '/compare' });
  const navigate = useNavigate({ from: '/compare' });
  const quarter = search.quarter ?? defaultQuarter();
  const groupBy = search.groupBy;
  const chosen = search.vendors ? search.vendors.split(',') : [];
  const period = quarterPeriod(quarter);
  const base = useApiQuery(['scorecards'], CompareQuery, { period }, { staleTime: 300_000 });
  const all = base.data?.scorecards ?? [];
  const wanted = all.filter((c) => chosen.length === 0 || chosen.includes(c.vendorId));
  const grouped = useApiQueriesOf(
    ['scorecard-grouped'],
    GroupedQuery,
    groupBy ? wanted.map((c) => ({ vendorId: c.vendorId, period, groupBy: [groupBy] })) : [],
    { staleTime: 300_000 },
  );
  const rowsOf = new Map(
    grouped.flatMap((q) => (q.data ? [[q.data.scorecard.vendorId, q.data.scorecard.rows]] : [])),
  );
  // Grouped rows carry the figures; names and units come from the quarter's totals.
  const cards = wanted.map((c) => {
    const meta = new Map(c.totals.kpis.map((k) => [k.kpi, k]));
    return {
      ...c,
      rows: (rowsOf.get(c.vendorId) ?? []).map((r) => ({
        ...r,
        kpis: r.kpis.map((k) => ({
          ...k,
          label: meta.get(k.kpi)?.label ?? k.kpi,
          unit: meta.get(k.kpi)?.unit ?? '',
        })),
      })),
    };
  });
  const groupedError = grouped.find((q) => q.isError)?.error;
  const query = {
    isPending: base.isPending || grouped.some((q) => q.isPending),
    isError: base.isError || Boolean(groupedError),
    error: base.error ?? groupedError,
    refetch: () => {
      void base.refetch();
      for (const q of grouped) void q.refetch();
    },
  };
  const { vendors, lines } = compareLines(cards, {
    groupBy,
    only: chosen,
    withTargetOnly: !search.all,
  });
  const sorted = sortLines(lines, search.sort, search.dir ?? 'asc');
  const set = (patch: Partial<typeof search>) =>
    void navigate({ search: (s) => ({ ...s, ...patch }), replace: true });

  const exportCsv = () =>
    download(
      `compare-${quarter}${groupBy ? `-by-${groupBy.toLowerCase()}` : ''}.csv`,
      toCsv(compareRecords(vendors, sorted)),
    );

  return (
    <Page
      title="Compare vendors"
      description="Every KPI against each vendor's contract target for a quarter. Choose a figure to see the cases behind it."
      actions={
        <Button variant="default" onClick={exportCsv} disabled={sorted.length === 0}>
          Export CSV
        </Button>
      }
    >
      <Group align="flex-end" gap="md">
        <QuarterSelect value={quarter} onChange={(q) => set({ quarter: q })} />
        <MultiSelect
          label="Vendors"
          placeholder={chosen.length ? undefined : 'All vendors'}
          data={all.map((c) => ({ value: c.vendorId, label: c.vendorName }))}
          value={chosen}
          onChange={(ids) => set({ vendors: ids.length ? ids.join(',') : undefined })}
          searchable
          clearable
          w={420}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="group-by-label">
            Group by
          </Text>
          <SegmentedControl
            aria-labelledby="group-by-label"
            value={groupBy ?? 'NONE'}
            onChange={(v) => set({ groupBy: v === 'NONE' ? undefined : (v as GroupBy) })}
            data={[
              { value: 'NONE', label: 'Vendor' },
              { value: 'SCOPE', label: 'Scope' },
              { value: 'REGION', label: 'Region' },
            ]}
          />
        </Stack>
        <Switch
          label="KPIs without a target too"
          checked={Boolean(search.all)}
          onChange={(e) => set({ all: e.currentTarget.checked || undefined })}
          mb={8}
        />
      </Group>
      {query.isPending ? (
        <Loading label="Computing every vendor's scorecard…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={query.refetch} />
      ) : sorted.length === 0 ? (
        <Empty title="Nothing to compare">No vendor has figures for {quarter}.</Empty>
      ) : (
        <ScrollingTable label="Comparison">
          <Table striped withTableBorder withColumnBorders data-testid="compare-table">
            <Table.Thead>
              <Table.Tr>
                {groupBy ? <Table.Th scope="col">{GROUP_LABEL[groupBy]}</Table.Th> : null}
                <Table.Th scope="col">KPI</Table.Th>
                {vendors.map((v) => {
                  const active = search.sort === v.vendorId;
                  const dir = active ? (search.dir ?? 'asc') : undefined;
                  return (
                    <Table.Th
                      key={v.vendorId}
                      scope="col"
                      aria-sort={
                        dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'
                      }
                    >
                      <Stack gap={2}>
                        <Link
                          to="/scorecards/$vendorId"
                          params={{ vendorId: v.vendorId }}
                          search={{ quarter }}
                          style={{ fontWeight: 700 }}
                        >
                          {v.vendorName}
                        </Link>
                        <UnstyledButton
                          fz="xs"
                          c="blue.8"
                          onClick={() =>
                            set({
                              sort: v.vendorId,
                              dir: active && dir === 'asc' ? 'desc' : 'asc',
                            })
                          }
                        >
                          Sort by gap{' '}
                          {dir === 'asc' ? '(worst first)' : dir === 'desc' ? '(best first)' : ''}
                        </UnstyledButton>
                      </Stack>
                    </Table.Th>
                  );
                })}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((line) => (
                <Table.Tr key={`${line.group ?? ''}|${line.kpi}`} data-kpi={line.kpi}>
                  {groupBy ? <Table.Td>{line.group ?? '—'}</Table.Td> : null}
                  <Table.Th scope="row" fw={500}>
                    {line.label}
                  </Table.Th>
                  {vendors.map((v) => {
                    const cell = line.cells.get(v.vendorId);
                    if (!cell) return <Table.Td key={v.vendorId}>—</Table.Td>;
                    const f = cell.figure;
                    return (
                      <Table.Td key={v.vendorId} data-vendor={v.vendorName}>
                        <Group gap="xs" justify="space-between" wrap="nowrap">
                          <Link
                            to="/scorecards/$vendorId/cases"
                            params={{ vendorId: v.vendorId }}
                            search={{ quarter, kpi: f.kpi, rowKey: cell.rowKey }}
                            style={{ fontWeight: 700 }}
                            aria-label={`${v.vendorName}, ${f.label}${line.group ? ` in ${line.group}` : ''}: ${formatFigure(f.actual, f.unit)} — the cases behind it`}
                            data-testid="figure"
                          >
                            {formatFigure(f.actual, f.unit)}
                          </Link>
                          <StatusBadge status={f.status} />
                        </Group>
                        <Text size="xs" c="dimmed">
                          target {formatTarget(f)} · gap {formatGap(f)}
                        </Text>
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollingTable>
      )}
    </Page>
  );
}
