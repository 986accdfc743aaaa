import { Badge, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useApiQuery } from '../api/hooks.ts';
import { useVendorDirectory } from '../api/vendors.ts';
import { Page } from '../components/page.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import { CASE_STATUSES } from '../router.tsx';

const CasesQuery = graphql(`
  query ConsoleCases($filter: CaseFilter) {
    cases(filter: $filter, first: 50) {
      edges {
        node {
          id
          status
          region
          scope
          priority
          vendorId
          createdAt
          firstResponseDueAt
          resolutionDueAt
        }
      }
    }
  }
`);

export function CasesScreen() {
  const search = useSearch({ from: '/cases' });
  const navigate = useNavigate({ from: '/cases' });
  const directory = useVendorDirectory();
  const filter = {
    ...(search.status ? { status: [search.status] } : {}),
    ...(search.region ? { region: [search.region] } : {}),
    ...(search.scope ? { scope: [search.scope] } : {}),
    ...(search.vendorId ? { vendorId: search.vendorId } : {}),
  };
  const query = useApiQuery(['cases'], CasesQuery, { filter });
  const set = (change: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, ...change }), replace: true });
  return (
    <Page title="Cases" description="The newest 50 cases matching the filters.">
      <Group align="flex-end">
        <Select
          label="Status"
          clearable
          data={[...CASE_STATUSES]}
          value={search.status ?? null}
          onChange={(v) => set({ status: (v as (typeof CASE_STATUSES)[number]) ?? undefined })}
        />
        <Select
          label="Vendor"
          clearable
          searchable
          data={directory.vendors.map((v) => ({ value: v.id, label: v.name }))}
          value={search.vendorId ?? null}
          onChange={(v) => set({ vendorId: v ?? undefined })}
        />
        <TextInput
          label="Region"
          value={search.region ?? ''}
          onChange={(e) => set({ region: e.currentTarget.value.toUpperCase() || undefined })}
          w={100}
        />
        <TextInput
          label="Scope"
          value={search.scope ?? ''}
          onChange={(e) => set({ scope: e.currentTarget.value.toUpperCase() || undefined })}
          w={200}
        />
      </Group>
      {query.isPending ? (
        <Loading label="Loading cases…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.cases.edges.length === 0 ? (
        <Empty title="No cases match">Loosen a filter.</Empty>
      ) : (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Case</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Region · scope</Table.Th>
              <Table.Th scope="col">Priority</Table.Th>
              <Table.Th scope="col">Vendor</Table.Th>
              <Table.Th scope="col">Created</Table.Th>
              <Table.Th scope="col">Resolution due</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.cases.edges.map(({ node: c }) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Link to="/cases/$caseId" params={{ caseId: c.id }}>
                    <Text span ff="monospace" size="sm">
                      {c.id.slice(0, 8)}
                    </Text>
                  </Link>
                </Table.Td>
                <Table.Td>
                  <Badge>{c.status.toLowerCase().replace('_', ' ')}</Badge>
                </Table.Td>
                <Table.Td>
                  {c.region} · {c.scope}
                </Table.Td>
                <Table.Td>{c.priority}</Table.Td>
                <Table.Td>{directory.name(c.vendorId)}</Table.Td>
                <Table.Td>{formatDateTime(c.createdAt)}</Table.Td>
                <Table.Td>{formatDateTime(c.resolutionDueAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Page>
  );
}
