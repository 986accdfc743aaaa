// The vendor's contract for the period shown and its version in force now: reference, version,
// effective dates, SLA targets, KPI targets and the service-credit terms with their units.
import { Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useApiQuery } from '../api/hooks.ts';
import { ErrorState, Loading } from '../components/states.tsx';
import { formatDate, formatDateTime } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import type { VendorContractsQuery } from '../generated/graphql.ts';
import { KpiLabel } from './controls.tsx';
import { formatFigure } from './figures.ts';
import { formatWeight, kpiName } from './kpi-names.ts';

const ContractsQuery = graphql(`
  query VendorContracts($vendorId: ID) {
    contracts(vendorId: $vendorId) {
      reference
      periodStart
      periodEnd
      current {
        version
        effectiveFrom
        effectiveTo
        reason
        terms {
          currency
          pricePerCaseMinor
          creditTerms
          slaTargets {
            scopeCode
            regionCode
            priority
            firstResponseMinutes
            resolutionMinutes
            businessHoursOnly
          }
          kpiTargets {
            kpi
            scopeCode
            regionCode
            target
            weight
          }
        }
      }
    }
  }
`);

type Version = NonNullable<VendorContractsQuery['contracts'][number]['current']>;
type CreditLineTerm = {
  kpi?: string;
  unit?: string;
  stepSize?: number;
  rateBpsPerStep?: number;
  capBps?: number;
};

const any = (value: string | null | undefined) => value ?? 'any';

// A contract's term runs in UTC days and its versions start at UTC instants (docs/contracts.md):
// shown in UTC, labelled, so a term starting at midnight does not read as 05:30 in Kolkata.
const UTC = { timeZone: 'UTC' };

export function ContractTerms(props: { vendorId: string; period: { start: string; end: string } }) {
  const query = useApiQuery(['contracts'], ContractsQuery, { vendorId: props.vendorId });
  if (query.isPending) return <Loading label="Reading the contract…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const contract = query.data.contracts.find(
    (c) => c.periodStart < props.period.end && c.periodEnd >= props.period.start,
  );
  // The version in force now (a list of every version's terms costs more than the API allows).
  const version: Version | null | undefined = contract?.current;
  if (!contract || !version) {
    return <Text c="dimmed">No contract in force for this period.</Text>;
  }
  const credit = (version.terms.creditTerms ?? {}) as {
    shape?: string;
    capBps?: number;
    lines?: CreditLineTerm[];
  };
  return (
    <Stack gap="xs" data-testid="contract-terms">
      <Title order={2} size="h4">
        Contract {contract.reference}, version {version.version}
      </Title>
      <Text size="sm">
        In force from {formatDateTime(version.effectiveFrom, UTC)} to{' '}
        {version.effectiveTo ? formatDateTime(version.effectiveTo, UTC) : 'further notice'}
        {version.reason ? ` (${version.reason})` : ''}; term {formatDate(contract.periodStart, UTC)}{' '}
        to {formatDate(contract.periodEnd, UTC)} (UTC days).
      </Text>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Table withTableBorder captionSide="top">
          <Table.Caption>SLA targets</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Scope / region / priority</Table.Th>
              <Table.Th scope="col">First response</Table.Th>
              <Table.Th scope="col">Resolution</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {version.terms.slaTargets.map((t) => (
              <Table.Tr key={`${t.scopeCode}-${t.regionCode}-${t.priority}`}>
                <Table.Th scope="row" fw={500}>
                  {any(t.scopeCode)} / {any(t.regionCode)} / {any(t.priority)}
                </Table.Th>
                <Table.Td>{t.firstResponseMinutes} min</Table.Td>
                <Table.Td>
                  {t.resolutionMinutes} min{t.businessHoursOnly ? ', business hours' : ''}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Table withTableBorder captionSide="top">
          <Table.Caption>KPI targets</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">KPI</Table.Th>
              <Table.Th scope="col">Scope / region</Table.Th>
              <Table.Th scope="col">Target</Table.Th>
              <Table.Th scope="col">Weight</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {version.terms.kpiTargets.map((t) => (
              <Table.Tr key={`${t.kpi}-${t.scopeCode}-${t.regionCode}`}>
                <Table.Th scope="row" fw={500}>
                  <KpiLabel code={t.kpi} />
                </Table.Th>
                <Table.Td>
                  {any(t.scopeCode)} / {any(t.regionCode)}
                </Table.Td>
                <Table.Td>{formatFigure(t.target, kpiName(t.kpi).unit ?? '')}</Table.Td>
                <Table.Td>{formatWeight(t.weight)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </SimpleGrid>
      {credit.lines && credit.lines.length > 0 ? (
        <Table withTableBorder captionSide="top">
          <Table.Caption>
            Service credits: {(credit.shape ?? '').toLowerCase().replace('_', ' ')}
            {credit.capBps != null ? `, cap ${credit.capBps / 100}% of fees` : ''}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">KPI</Table.Th>
              <Table.Th scope="col">Unit</Table.Th>
              <Table.Th scope="col">Step</Table.Th>
              <Table.Th scope="col">Rate per step</Table.Th>
              <Table.Th scope="col">Line cap</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {credit.lines.map((l) => (
              <Table.Tr key={`${l.kpi}`}>
                <Table.Th scope="row" fw={500}>
                  {l.kpi ? <KpiLabel code={l.kpi} /> : '—'}
                </Table.Th>
                <Table.Td>{(l.unit ?? '').toLowerCase().replace('_', ' ')}</Table.Td>
                <Table.Td>{l.stepSize ?? '—'}</Table.Td>
                <Table.Td>
                  {l.rateBpsPerStep != null ? `${l.rateBpsPerStep / 100}% of fees` : '—'}
                </Table.Td>
                <Table.Td>{l.capBps != null ? `${l.capBps / 100}%` : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Group>
          <Text c="dimmed">No service-credit terms.</Text>
        </Group>
      )}
    </Stack>
  );
}
