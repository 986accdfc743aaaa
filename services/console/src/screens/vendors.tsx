import { Badge, Group, Progress, Table, Text, TextInput } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useApiQuery } from '../api/hooks.ts';
import { Page } from '../components/page.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatNumber, formatShare } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';

export const VendorsRoutingQuery = graphql(`
  query VendorsRouting {
    routingVendors {
      id
      name
      slug
      kind
      active
      timeZone
      usDataCleared
      gdprAgreement
      capacity {
        scope
        openCases
        openCaseCeiling
        intakeToday
        dailyIntakeCap
      }
      certifications {
        region
        scope
        language
        expiresAt
      }
    }
  }
`);

export function VendorsScreen() {
  const search = useSearch({ from: '/vendors' });
  const navigate = useNavigate({ from: '/vendors' });
  const query = useApiQuery(['vendors-routing'], VendorsRoutingQuery, {});
  const needle = (search.q ?? '').toLowerCase();
  const vendors = (query.data?.routingVendors ?? []).filter(
    (v) => !needle || v.name.toLowerCase().includes(needle) || v.slug.includes(needle),
  );
  return (
    <Page
      title="Vendors"
      description="BPO partners and in-house teams: clearances, capacity in use, certifications."
    >
      <TextInput
        label="Find a vendor"
        placeholder="name or slug"
        value={search.q ?? ''}
        onChange={(e) =>
          void navigate({ search: { q: e.currentTarget.value || undefined }, replace: true })
        }
        w={320}
      />
      {query.isPending ? (
        <Loading label="Loading vendors…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : vendors.length === 0 ? (
        <Empty title="No vendor matches">
          {search.q ? `Nothing matches “${search.q}”.` : 'No vendors yet.'}
        </Empty>
      ) : (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Vendor</Table.Th>
              <Table.Th scope="col">Kind</Table.Th>
              <Table.Th scope="col">State</Table.Th>
              <Table.Th scope="col">Clearances</Table.Th>
              <Table.Th scope="col">Open cases / ceiling</Table.Th>
              <Table.Th scope="col" ta="right">
                Certifications
              </Table.Th>
              <Table.Th scope="col">Time zone</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {vendors.map((v) => {
              const open = v.capacity.reduce((s, c) => s + c.openCases, 0);
              const ceiling = v.capacity.reduce((s, c) => s + c.openCaseCeiling, 0);
              return (
                <Table.Tr key={v.id}>
                  <Table.Td>
                    <Link to="/vendors/$vendorId" params={{ vendorId: v.id }} search={{}}>
                      {v.name}
                    </Link>
                  </Table.Td>
                  <Table.Td>{v.kind === 'IN_HOUSE' ? 'In-house (Tier 2)' : 'BPO'}</Table.Td>
                  <Table.Td>
                    <Badge color={v.active ? 'green' : 'gray'}>
                      {v.active ? 'active' : 'inactive'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {v.usDataCleared ? <Badge variant="outline">US data</Badge> : null}
                      {v.gdprAgreement ? <Badge variant="outline">GDPR</Badge> : null}
                      {!v.usDataCleared && !v.gdprAgreement ? <Text size="sm">—</Text> : null}
                    </Group>
                  </Table.Td>
                  <Table.Td miw={180}>
                    <Text size="sm">
                      {formatNumber(open)} / {formatNumber(ceiling)} ({formatShare(open, ceiling)})
                    </Text>
                    <Progress
                      value={ceiling > 0 ? (100 * open) / ceiling : 0}
                      size="sm"
                      aria-label={`${v.name} capacity in use`}
                    />
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(v.certifications.length)}</Table.Td>
                  <Table.Td>{v.timeZone}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Page>
  );
}
