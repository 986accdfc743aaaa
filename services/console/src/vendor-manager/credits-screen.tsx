// Service credits of one vendor for a quarter, as the scorecard computes them: each line with
// its KPI's unit, the figures (actual, target, shortfall, weight, rate applied, amount before
// and after the cap) and the terms that produced it, then earn-back and the net; below, the
// vendor's closed monthly statements and their disputes.
import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { gqlRequest } from '../api/client.ts';
import { useApiQuery } from '../api/hooks.ts';
import { useSignedIn } from '../auth/session.tsx';
import { Page } from '../components/page.tsx';
import { ScrollingTable } from '../components/scrolling-table.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { graphql } from '../generated/gql.ts';
import { defaultQuarter, KpiLabel, QuarterSelect, VendorSelect } from './controls.tsx';
import { CreditStatements } from './credit-statements.tsx';
import { download } from './csv.ts';
import { formatFigure } from './figures.ts';
import { quarterPeriod } from './period.ts';
import { ScorecardCsvQuery } from './scorecard-screen.tsx';

const CreditsQuery = graphql(`
  query VendorCredits($vendorId: ID!, $period: PeriodInput!) {
    scorecard(vendorId: $vendorId, period: $period) {
      vendorName
      totals {
        key
        kpis {
          kpi
          label
          unit
        }
      }
      serviceCredits {
        shape
        feesCents
        capCents
        capped
        subtotalCents
        totalCents
        earnBackCents
        netCents
        explanation
        lines {
          kpi
          actual
          target
          shortfallPoints
          weightPercent
          appliedBps
          amountCents
          chargedCents
          explanation
        }
        earnBack {
          kpi
          previousChargedCents
          returnedCents
          explanation
        }
      }
    }
  }
`);

const money = (cents: number) =>
  new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    cents / 100,
  );
const bps = (value: number) =>
  `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(value / 100)}%`;

export function CreditsScreen() {
  const search = useSearch({ from: '/credits' });
  const navigate = useNavigate({ from: '/credits' });
  const session = useSignedIn();
  const quarter = search.quarter ?? defaultQuarter();
  const period = quarterPeriod(quarter);
  const vendorId = search.vendorId;
  const query = useApiQuery(
    ['credits'],
    CreditsQuery,
    { vendorId: vendorId ?? '', period },
    { enabled: Boolean(vendorId), staleTime: 300_000 },
  );
  const [exportError, setExportError] = useState<unknown>(null);
  const card = query.data?.scorecard;
  const credits = card?.serviceCredits;
  const kpis = new Map((card?.totals.kpis ?? []).map((k) => [k.kpi, k]));

  const exportCsv = async () => {
    if (!vendorId) return;
    setExportError(null);
    try {
      const data = await gqlRequest(
        ScorecardCsvQuery,
        { vendorId, period, kind: 'SERVICE_CREDITS' },
        session.token,
      );
      download(`credits-${card?.vendorName ?? vendorId}-${quarter}.csv`, data.scorecardCsv);
    } catch (error) {
      setExportError(error);
    }
  };

  return (
    <Page
      title="Service credits"
      description="What each KPI below target costs the vendor under its contract, with the arithmetic."
      actions={
        <Button variant="default" disabled={!credits} onClick={() => void exportCsv()}>
          Export CSV
        </Button>
      }
    >
      <Group align="flex-end">
        <VendorSelect
          value={vendorId}
          onChange={(id) => void navigate({ search: (s) => ({ ...s, vendorId: id }) })}
        />
        <QuarterSelect
          value={quarter}
          onChange={(q) => void navigate({ search: (s) => ({ ...s, quarter: q }), replace: true })}
        />
        {vendorId ? (
          <Link
            to="/scorecards/$vendorId"
            params={{ vendorId }}
            search={{ quarter }}
            style={{ marginBottom: 8 }}
          >
            Scorecard
          </Link>
        ) : null}
      </Group>
      {exportError ? <ErrorState error={exportError} title="The export failed" /> : null}
      {!vendorId ? (
        <Empty title="Choose a vendor">Its service credits for the quarter appear here.</Empty>
      ) : query.isPending ? (
        <Loading label="Computing the service credits…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !credits ? (
        <Empty title="No service-credit terms">
          {card?.vendorName}'s contract has no service credits for {quarter}.
        </Empty>
      ) : (
        <Stack gap="lg">
          <Text>
            Terms: {credits.shape.toLowerCase()}; fees {money(credits.feesCents)}, cap{' '}
            {money(credits.capCents)}
            {credits.capped ? ' (reached)' : ''}. Amounts in the contract currency.
          </Text>
          <ScrollingTable label="Credit lines">
            <Table striped withTableBorder captionSide="top" data-testid="credit-lines">
              <Table.Caption>Credit lines</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">KPI</Table.Th>
                  <Table.Th scope="col">Unit</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Actual
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Target
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Shortfall
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Weight
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Rate applied
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Amount
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Charged
                  </Table.Th>
                  <Table.Th scope="col">Terms that produced it</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {credits.lines.map((l) => {
                  const k = kpis.get(l.kpi);
                  const unit = k?.unit ?? '';
                  return (
                    <Table.Tr key={l.kpi}>
                      <Table.Th scope="row" fw={500}>
                        <KpiLabel code={l.kpi} />
                      </Table.Th>
                      <Table.Td>{unit.toLowerCase()}</Table.Td>
                      <Table.Td ta="right">{formatFigure(l.actual, unit)}</Table.Td>
                      <Table.Td ta="right">{formatFigure(l.target, unit)}</Table.Td>
                      <Table.Td ta="right">
                        {l.shortfallPoints == null ? '—' : `${l.shortfallPoints} pts`}
                      </Table.Td>
                      <Table.Td ta="right">{l.weightPercent}%</Table.Td>
                      <Table.Td ta="right">{bps(l.appliedBps)}</Table.Td>
                      <Table.Td ta="right">{money(l.amountCents)}</Table.Td>
                      <Table.Td ta="right" fw={700}>
                        {money(l.chargedCents)}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{l.explanation}</Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollingTable>
          {credits.earnBack.length > 0 ? (
            <Table withTableBorder captionSide="top">
              <Table.Caption>Earn-back</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">KPI</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Charged before
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Returned
                  </Table.Th>
                  <Table.Th scope="col">Why</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {credits.earnBack.map((e) => (
                  <Table.Tr key={e.kpi}>
                    <Table.Th scope="row" fw={500}>
                      <KpiLabel code={e.kpi} />
                    </Table.Th>
                    <Table.Td ta="right">{money(e.previousChargedCents)}</Table.Td>
                    <Table.Td ta="right">{money(e.returnedCents)}</Table.Td>
                    <Table.Td>{e.explanation}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : null}
          <Stack gap={2}>
            <Title order={2} size="h4">
              Net {money(credits.netCents)}
            </Title>
            <Text size="sm">
              Subtotal {money(credits.subtotalCents)}, after the cap {money(credits.totalCents)},
              earn-back {money(credits.earnBackCents)}. {credits.explanation}
            </Text>
          </Stack>
        </Stack>
      )}
      {vendorId ? (
        <CreditStatements vendorId={vendorId} vendorName={card?.vendorName ?? undefined} />
      ) : null}
    </Page>
  );
}
