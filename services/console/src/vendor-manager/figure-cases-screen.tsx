// The cases behind one figure of a vendor's scorecard (a KPI of the quarter, or of one scope or
// region): the gateway's CASES export, operational fields only — no subject data, no free
// text — which is what a vendor manager may see of cases. `counted` marks the numerator.
import { Button, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useApiQuery } from '../api/hooks.ts';
import { Page } from '../components/page.tsx';
import { ScrollingTable } from '../components/scrolling-table.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import { defaultQuarter, StatusBadge } from './controls.tsx';
import { download, parseCsv } from './csv.ts';
import { formatFigure, formatGap, formatTarget } from './figures.ts';
import { quarterPeriod } from './period.ts';
import { ScorecardCsvQuery } from './scorecard-screen.tsx';

const FigureQuery = graphql(`
  query FigureBehind(
    $vendorId: ID!
    $period: PeriodInput!
    $groupBy: [ScorecardDimension!]
    $kpi: String!
  ) {
    scorecard(vendorId: $vendorId, period: $period, groupBy: $groupBy) {
      vendorName
      totals {
        key
        kpi(key: $kpi) {
          kpi
          label
          unit
          actual
          target
          min
          max
          difference
          status
          evidence {
            numerator
            denominator
            caseCount
          }
        }
      }
      rows {
        key
        kpi(key: $kpi) {
          kpi
          label
          unit
          actual
          target
          min
          max
          difference
          status
          evidence {
            numerator
            denominator
            caseCount
          }
        }
      }
    }
  }
`);

type Dimension = 'SCOPE' | 'REGION' | 'WEEK' | 'PRIORITY';
const DIMENSIONS: readonly Dimension[] = ['SCOPE', 'REGION', 'WEEK', 'PRIORITY'];

/** "SCOPE=APPEALS|WEEK=2026-W28" → the dimensions the row was grouped by. */
export function dimensionsOf(rowKey: string): Dimension[] {
  if (rowKey === 'TOTAL') return [];
  return rowKey
    .split('|')
    .map((part) => part.split('=')[0] as Dimension)
    .filter((d) => DIMENSIONS.includes(d));
}

const COLUMNS: { key: string; label: string; time?: boolean }[] = [
  { key: 'case_id', label: 'Case' },
  { key: 'counted', label: 'Counted' },
  { key: 'scope', label: 'Scope' },
  { key: 'region', label: 'Region' },
  { key: 'priority', label: 'Priority' },
  { key: 'status', label: 'Status' },
  { key: 'created_at', label: 'Created', time: true },
  { key: 'first_response_due_at', label: 'First response due', time: true },
  { key: 'first_response_at', label: 'First response', time: true },
  { key: 'resolution_due_at', label: 'Resolution due', time: true },
  { key: 'resolved_at', label: 'Resolved', time: true },
];

/** Rows on screen; the CSV has every case. */
const SHOWN = 100;

export function FigureCasesScreen() {
  const { vendorId } = useParams({ from: '/scorecards/$vendorId/cases' });
  const search = useSearch({ from: '/scorecards/$vendorId/cases' });
  const navigate = useNavigate({ from: '/scorecards/$vendorId/cases' });
  const quarter = search.quarter ?? defaultQuarter();
  const period = quarterPeriod(quarter);
  const rowKey = search.rowKey ?? 'TOTAL';
  const kpi = search.kpi ?? 'firstResponseSla';
  const figure = useApiQuery(
    ['figure-behind'],
    FigureQuery,
    { vendorId, period, groupBy: dimensionsOf(rowKey), kpi },
    { staleTime: 300_000 },
  );
  const cases = useApiQuery(
    ['figure-cases'],
    ScorecardCsvQuery,
    { vendorId, period, kind: 'CASES', groupBy: dimensionsOf(rowKey), kpi, rowKey },
    { staleTime: 300_000 },
  );
  const card = figure.data?.scorecard;
  const f = rowKey === 'TOTAL' ? card?.totals.kpi : card?.rows.find((r) => r.key === rowKey)?.kpi;
  const all = cases.data ? parseCsv(cases.data.scorecardCsv) : [];
  const shown = search.counted ? all.filter((r) => r.counted === search.counted) : all;
  const where = rowKey === 'TOTAL' ? 'the whole quarter' : rowKey.replaceAll('|', ', ');

  return (
    <Page
      title={f ? `Cases behind ${f.label}` : 'Cases behind a figure'}
      description={
        <>
          {card?.vendorName ?? 'The vendor'}, {quarter}, {where}. Operational fields only: no
          subject data or free text.{' '}
          <Link to="/scorecards/$vendorId" params={{ vendorId }} search={{ quarter }}>
            Back to the scorecard
          </Link>
        </>
      }
      actions={
        <Button
          variant="default"
          disabled={!cases.data}
          onClick={() =>
            cases.data && download(`cases-${kpi}-${rowKey}-${quarter}.csv`, cases.data.scorecardCsv)
          }
        >
          Export CSV
        </Button>
      }
    >
      {f ? (
        <Group gap="lg" data-testid="figure-summary">
          <Text size="xl" fw={700}>
            {formatFigure(f.actual, f.unit)}
          </Text>
          <StatusBadge status={f.status} />
          <Text>
            target {formatTarget(f)} · gap {formatGap(f)} · {f.evidence.numerator}
            {f.evidence.denominator != null ? ` of ${f.evidence.denominator}` : ''} counted,{' '}
            {f.evidence.caseCount} cases
          </Text>
        </Group>
      ) : figure.isError ? (
        <ErrorState error={figure.error} />
      ) : null}
      <Stack gap={4}>
        <Text size="sm" fw={500} id="counted-label">
          Show
        </Text>
        <SegmentedControl
          aria-labelledby="counted-label"
          value={search.counted ?? 'all'}
          onChange={(v) =>
            void navigate({
              search: (s) => ({ ...s, counted: v === 'all' ? undefined : (v as 'yes' | 'no') }),
              replace: true,
            })
          }
          data={[
            { value: 'all', label: `All (${all.length})` },
            { value: 'yes', label: 'Counted' },
            { value: 'no', label: 'Not counted' },
          ]}
          w={360}
        />
      </Stack>
      {cases.isPending ? (
        <Loading label="Finding the cases…" />
      ) : cases.isError ? (
        <ErrorState error={cases.error} onRetry={() => void cases.refetch()} />
      ) : shown.length === 0 ? (
        <Empty title="No cases">No case matches.</Empty>
      ) : (
        <ScrollingTable label="Cases behind the figure">
          <Table
            striped
            withTableBorder
            fz="sm"
            style={{ whiteSpace: 'nowrap' }}
            data-testid="cases-table"
          >
            <Table.Thead>
              <Table.Tr>
                {COLUMNS.map((c) => (
                  <Table.Th key={c.key} scope="col">
                    {c.label}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.slice(0, SHOWN).map((r) => (
                <Table.Tr key={r.case_id}>
                  {COLUMNS.map((c) => (
                    <Table.Td key={c.key}>
                      {c.key === 'case_id' ? (
                        <code>{r.case_id}</code>
                      ) : c.time ? (
                        formatDateTime(r[c.key] || null)
                      ) : (
                        r[c.key] || '—'
                      )}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {shown.length > SHOWN ? (
            <Text c="dimmed" size="sm">
              The first {SHOWN} of {shown.length} are shown; the CSV has them all.
            </Text>
          ) : null}
        </ScrollingTable>
      )}
    </Page>
  );
}
