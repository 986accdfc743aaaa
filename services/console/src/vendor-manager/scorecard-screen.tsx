// One vendor's scorecard for a quarter: each KPI against its target with the trend against the
// previous quarter, weekly charts against the target line, QA calibration, and the terms in
// force (the contract version with SLA, KPI and service-credit terms). Exports: the gateway's scorecard CSV and the
// quarterly business review pack (PDF, made by the gateway).
import { Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { lazy, Suspense, useState } from 'react';
import { gqlRequest } from '../api/client.ts';
import { useApiQuery } from '../api/hooks.ts';
import { useSignedIn } from '../auth/session.tsx';
import { Page } from '../components/page.tsx';
import { ScrollingTable } from '../components/scrolling-table.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { graphql } from '../generated/gql.ts';
import { ContractTerms } from './contract-terms.tsx';
import { defaultQuarter, QuarterSelect, StatusBadge, VendorSelect } from './controls.tsx';
import { download, toCsv } from './csv.ts';
import {
  type Figure,
  formatFigure,
  formatGap,
  formatTarget,
  previousFigure,
  type Trend,
} from './figures.ts';
import { quarterPeriod } from './period.ts';

const KpiTrendCharts = lazy(() =>
  import('./kpi-trend-charts.tsx').then((m) => ({ default: m.KpiTrendCharts })),
);

export const VendorScorecardQuery = graphql(`
  query VendorScorecard($vendorId: ID!, $period: PeriodInput!) {
    scorecard(vendorId: $vendorId, period: $period, groupBy: [WEEK]) {
      vendorId
      vendorName
      periodStart
      periodEnd
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
          previous
          trend
          evidence {
            caseCount
          }
        }
        calibration {
          threshold
          agreement {
            value
            numerator
            denominator
          }
          gap {
            value
          }
          disagreements {
            caseId
            vendorScore
            internalScore
            gap
          }
        }
      }
      rows {
        key
        group {
          week
        }
        kpis {
          kpi
          label
          unit
          actual
          target
          status
        }
      }
      serviceCredits {
        shape
        feesCents
        capCents
        lines {
          kpi
          weightPercent
          target
        }
      }
    }
  }
`);

export const ScorecardCsvQuery = graphql(`
  query ScorecardCsvExport(
    $vendorId: ID!
    $period: PeriodInput!
    $kind: ScorecardCsvKind!
    $groupBy: [ScorecardDimension!]
    $kpi: String
    $rowKey: String
  ) {
    scorecardCsv(
      vendorId: $vendorId
      period: $period
      kind: $kind
      groupBy: $groupBy
      kpi: $kpi
      rowKey: $rowKey
    )
  }
`);

// Which way the value moved, not whether that is good (lower handle time is better): words
// with the arrow, so it is read the same with or without colour and by a screen reader.
const TREND: Record<Trend, { arrow: string; word: string }> = {
  UP: { arrow: '↑', word: 'up' },
  DOWN: { arrow: '↓', word: 'down' },
  FLAT: { arrow: '→', word: 'flat' },
};

function PreviousQuarter(props: {
  kpi: Figure & { previous?: number | null; trend?: string | null };
  previousVolume: number | null | undefined;
}) {
  const previous = previousFigure(props.kpi, props.previousVolume);
  if (!previous.trend) {
    return (
      <Text size="sm" c={previous.text === 'no data' ? 'dimmed' : undefined} span>
        {previous.text}
      </Text>
    );
  }
  const t = TREND[previous.trend];
  return (
    <>
      {previous.text} <span aria-hidden="true">{t.arrow}</span> {t.word}
    </>
  );
}

export function ScorecardScreen() {
  const { vendorId } = useParams({ from: '/scorecards/$vendorId' });
  const search = useSearch({ from: '/scorecards/$vendorId' });
  const navigate = useNavigate({ from: '/scorecards/$vendorId' });
  const session = useSignedIn();
  const quarter = search.quarter ?? defaultQuarter();
  const period = quarterPeriod(quarter);
  const query = useApiQuery(
    ['scorecard'],
    VendorScorecardQuery,
    { vendorId, period },
    { staleTime: 300_000 },
  );
  const [busy, setBusy] = useState<null | 'csv' | 'pdf'>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const card = query.data?.scorecard;

  const exportCsv = async () => {
    setBusy('csv');
    setExportError(null);
    try {
      const data = await gqlRequest(
        ScorecardCsvQuery,
        { vendorId, period, kind: 'SCORECARD', groupBy: ['WEEK'] },
        session.token,
      );
      download(`scorecard-${card?.vendorName ?? vendorId}-${quarter}.csv`, data.scorecardCsv);
    } catch (error) {
      setExportError(error);
    } finally {
      setBusy(null);
    }
  };

  const exportPdf = async () => {
    setBusy('pdf');
    setExportError(null);
    try {
      const url = `/exports/qbr.pdf?vendorId=${encodeURIComponent(vendorId)}&quarter=${quarter}`;
      const response = await fetch(url, { headers: { authorization: `Bearer ${session.token}` } });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { message?: string };
        throw new Error(body.message ?? `The gateway answered ${response.status}.`);
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
      download(name?.[1] ?? `qbr-${quarter}.pdf`, await response.blob(), 'application/pdf');
    } catch (error) {
      setExportError(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Page
      title={card ? `Scorecard: ${card.vendorName}` : 'Scorecard'}
      description={`Each KPI for ${quarter} against the contract, weekly trends, QA calibration and the terms in force.`}
      actions={
        <>
          <Button variant="default" onClick={() => void exportCsv()} loading={busy === 'csv'}>
            Export scorecard CSV
          </Button>
          <Button onClick={() => void exportPdf()} loading={busy === 'pdf'} disabled={!card}>
            Review pack (PDF)
          </Button>
        </>
      }
    >
      <Group align="flex-end">
        <VendorSelect
          value={vendorId}
          onChange={(id) =>
            void navigate({ to: '/scorecards/$vendorId', params: { vendorId: id }, search })
          }
        />
        <QuarterSelect
          value={quarter}
          onChange={(q) => void navigate({ search: { quarter: q }, replace: true })}
        />
        <Link to="/credits" search={{ vendorId, quarter }} style={{ marginBottom: 8 }}>
          Service credits
        </Link>
        <Link to="/compare" search={{ quarter }} style={{ marginBottom: 8 }}>
          Compare vendors
        </Link>
      </Group>
      {exportError ? <ErrorState error={exportError} title="The export failed" /> : null}
      {query.isPending ? (
        <Loading label="Computing the scorecard…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !card ? (
        <Empty title="No scorecard" />
      ) : (
        <Stack gap="xl">
          <KpiTable
            kpis={card.totals.kpis}
            vendorId={vendorId}
            quarter={quarter}
            onCsv={() =>
              download(
                `kpis-${card.vendorName}-${quarter}.csv`,
                toCsv([
                  ['kpi', 'unit', 'actual', 'target', 'min', 'max', 'gap', 'status', 'cases'],
                  ...card.totals.kpis.map((k) => [
                    k.label,
                    k.unit,
                    k.actual,
                    k.target,
                    k.min,
                    k.max,
                    k.difference,
                    k.status,
                    k.evidence.caseCount,
                  ]),
                ]),
              )
            }
          />
          <Stack gap="xs">
            <Title order={2} size="h4">
              Weekly trends against target
            </Title>
            <Suspense fallback={<Loader size="sm" aria-label="Loading the charts" />}>
              <KpiTrendCharts
                totals={card.totals.kpis}
                weeks={card.rows.map((r) => ({ week: r.group.week ?? r.key, kpis: r.kpis }))}
              />
            </Suspense>
          </Stack>
          <Calibration
            calibration={card.totals.calibration}
            vendor={card.vendorName}
            quarter={quarter}
          />
          <ContractTerms vendorId={vendorId} period={period} />
        </Stack>
      )}
    </Page>
  );
}

function KpiTable(props: {
  kpis: readonly (Figure & {
    previous?: number | null;
    trend?: string | null;
    evidence: { caseCount: number };
  })[];
  vendorId: string;
  quarter: string;
  onCsv(): void;
}) {
  // The vendor's case count in the previous quarter: none means no figure to compare with.
  const previousVolume = props.kpis.find((k) => k.kpi === 'volume')?.previous;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} size="h4">
          KPIs for the quarter
        </Title>
        <Button size="xs" variant="default" onClick={props.onCsv}>
          Export this table (CSV)
        </Button>
      </Group>
      <Table striped withTableBorder data-testid="kpi-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">KPI</Table.Th>
            <Table.Th scope="col" ta="right">
              Actual
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Target
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Gap
            </Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Previous quarter</Table.Th>
            <Table.Th scope="col" ta="right">
              Cases behind it
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.kpis.map((k) => (
            <Table.Tr key={k.kpi} data-kpi={k.kpi}>
              <Table.Th scope="row" fw={500}>
                {k.label}
              </Table.Th>
              <Table.Td ta="right" fw={700} data-testid="actual">
                {formatFigure(k.actual, k.unit)}
              </Table.Td>
              <Table.Td ta="right">{formatTarget(k)}</Table.Td>
              <Table.Td ta="right">{formatGap(k)}</Table.Td>
              <Table.Td>
                <StatusBadge status={k.status} />
              </Table.Td>
              <Table.Td data-testid="previous">
                <PreviousQuarter kpi={k} previousVolume={previousVolume} />
              </Table.Td>
              <Table.Td ta="right">
                {k.evidence.caseCount > 0 ? (
                  <Link
                    to="/scorecards/$vendorId/cases"
                    params={{ vendorId: props.vendorId }}
                    search={{ quarter: props.quarter, kpi: k.kpi, rowKey: 'TOTAL' }}
                    aria-label={`${k.evidence.caseCount} cases behind ${k.label}`}
                  >
                    {k.evidence.caseCount}
                  </Link>
                ) : (
                  '0'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Calibration(props: {
  vendor: string;
  quarter: string;
  calibration: {
    threshold: number;
    agreement: { value?: number | null; numerator: number; denominator?: number | null };
    gap: { value?: number | null };
    disagreements: readonly {
      caseId: string;
      vendorScore: number;
      internalScore: number;
      gap: number;
    }[];
  };
}) {
  const c = props.calibration;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} size="h4">
          QA calibration
        </Title>
        <Button
          size="xs"
          variant="default"
          disabled={c.disagreements.length === 0}
          onClick={() =>
            download(
              `calibration-${props.vendor}-${props.quarter}.csv`,
              toCsv([
                ['case_id', 'vendor_score', 'internal_score', 'gap'],
                ...c.disagreements.map((d) => [d.caseId, d.vendorScore, d.internalScore, d.gap]),
              ]),
            )
          }
        >
          Export disagreements (CSV)
        </Button>
      </Group>
      <Text>
        Graders agree on {formatFigure(c.agreement.value, 'PERCENT')} of{' '}
        {c.agreement.denominator ?? 0} cases both graded (within {c.threshold} points); mean gap{' '}
        {formatFigure(c.gap.value, 'POINTS')}.
      </Text>
      {c.disagreements.length === 0 ? (
        <Text c="dimmed">No disagreement beyond the threshold.</Text>
      ) : (
        <ScrollingTable label="Disagreements" maxHeight={320}>
          <Table striped withTableBorder stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Case</Table.Th>
                <Table.Th scope="col" ta="right">
                  Vendor QA
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Internal QA
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Gap
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.disagreements.map((d) => (
                <Table.Tr key={d.caseId}>
                  <Table.Td>
                    <code>{d.caseId}</code>
                  </Table.Td>
                  <Table.Td ta="right">{d.vendorScore}</Table.Td>
                  <Table.Td ta="right">{d.internalScore}</Table.Td>
                  <Table.Td ta="right">{d.gap}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollingTable>
      )}
    </Stack>
  );
}
