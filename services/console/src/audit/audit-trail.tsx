// The audit trail for auditors: who did what to which target, newest first, filtered by actor,
// action, case, acting vendor and time range (all in the URL), a page at a time, and the whole
// filtered trail as CSV.
import { Badge, Button, Code, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { gqlRequest } from '../api/client.ts';
import { useApiQuery } from '../api/hooks.ts';
import { useVendorDirectory } from '../api/vendors.ts';
import { useSignedIn } from '../auth/session.tsx';
import { Page } from '../components/page.tsx';
import { ScrollingTable } from '../components/scrolling-table.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import {
  formatCount,
  formatDateTime,
  toLocalInputValue,
  viewerTimeZone,
} from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import type {
  AuditEventFilter,
  AuditEventsQuery as AuditEventsQueryResult,
} from '../generated/graphql.ts';
import type { AuditSearch } from '../router.tsx';
import { AuditDetails } from './audit-details.tsx';
import { toCsv } from './csv.ts';

const AuditEventsQuery = graphql(`
  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      edges {
        node {
          id
          occurredAt
          actorKind
          actorId
          vendorId
          action
          targetType
          targetId
          requestId
          outcome
          details
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const PAGE_SIZE = 50;
/** The export reads the trail in the largest pages the API's query cost allows, up to this many rows. */
const EXPORT_PAGE = 250;
const EXPORT_LIMIT = 20_000;

export function auditFilter(search: AuditSearch): AuditEventFilter {
  return {
    ...(search.actor ? { actorId: search.actor } : {}),
    ...(search.action ? { action: search.action } : {}),
    ...(search.caseId ? { targetType: 'Case', targetId: search.caseId } : {}),
    ...(search.vendorId ? { vendorId: search.vendorId } : {}),
    ...(search.from ? { from: search.from } : {}),
    ...(search.to ? { to: search.to } : {}),
  };
}

const localToIso = (value: string) => {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

export function AuditTrailScreen() {
  const search = useSearch({ from: '/audit' });
  const navigate = useNavigate({ from: '/audit' });
  const session = useSignedIn();
  const directory = useVendorDirectory();
  // The form edits a draft; Search puts it in the URL (and back to the first page).
  const [draft, setDraft] = useState<AuditSearch>(search);
  const [cursors, setCursors] = useState<string[]>([]);
  const [exporting, setExporting] = useState<{ rows: number } | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const filter = auditFilter(search);
  const after = cursors.at(-1) ?? null;
  const query = useApiQuery(['audit-events'], AuditEventsQuery, {
    filter,
    first: PAGE_SIZE,
    after,
  });

  const apply = (next: AuditSearch) => {
    setCursors([]);
    void navigate({ search: next, replace: false });
  };

  const exportCsv = async () => {
    setExportError(null);
    setExporting({ rows: 0 });
    try {
      const rows: Record<string, unknown>[] = [];
      let cursor: string | null = null;
      do {
        const page: AuditEventsQueryResult = await gqlRequest(
          AuditEventsQuery,
          { filter, first: EXPORT_PAGE, after: cursor },
          session.token,
        );
        rows.push(...page.auditEvents.edges.map((e) => e.node));
        setExporting({ rows: rows.length });
        cursor = page.auditEvents.pageInfo.hasNextPage
          ? (page.auditEvents.pageInfo.endCursor ?? null)
          : null;
      } while (cursor && rows.length < EXPORT_LIMIT);
      const csv = toCsv(
        [
          'occurredAt',
          'actorKind',
          'actorId',
          'vendorId',
          'action',
          'targetType',
          'targetId',
          'outcome',
          'requestId',
          'details',
        ],
        rows,
      );
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `audit-trail-${new Date().toISOString().slice(0, 19).replaceAll(':', '')}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(null);
    }
  };

  const edges = query.data?.auditEvents.edges ?? [];
  return (
    <Page
      title="Audit trail"
      description="Who read or changed what, newest first. Times in your zone."
      actions={
        <Button
          variant="default"
          onClick={() => void exportCsv()}
          loading={exporting !== null}
          disabled={query.isPending}
        >
          Export CSV
        </Button>
      }
    >
      <form
        aria-label="Filter the audit trail"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label="Actor"
            description="Subject or client id"
            value={draft.actor ?? ''}
            onChange={(e) => setDraft({ ...draft, actor: e.currentTarget.value || undefined })}
          />
          <TextInput
            label="Action"
            description="e.g. case.read"
            value={draft.action ?? ''}
            onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value || undefined })}
          />
          <TextInput
            label="Case"
            description="Case id"
            value={draft.caseId ?? ''}
            onChange={(e) => setDraft({ ...draft, caseId: e.currentTarget.value || undefined })}
          />
          <Select
            label="Vendor"
            description="The acting partner"
            clearable
            searchable
            data={directory.vendors.map((v) => ({ value: v.id, label: v.name }))}
            value={draft.vendorId ?? null}
            onChange={(v) => setDraft({ ...draft, vendorId: v ?? undefined })}
          />
          <TextInput
            type="datetime-local"
            label="From"
            description={`Your time zone (${viewerTimeZone()})`}
            value={draft.from ? toLocalInputValue(new Date(draft.from)) : ''}
            onChange={(e) => setDraft({ ...draft, from: localToIso(e.currentTarget.value) })}
          />
          <TextInput
            type="datetime-local"
            label="To"
            description="Before this time"
            value={draft.to ? toLocalInputValue(new Date(draft.to)) : ''}
            onChange={(e) => setDraft({ ...draft, to: localToIso(e.currentTarget.value) })}
          />
          <Button type="submit">Search</Button>
          <Button
            variant="subtle"
            onClick={() => {
              setDraft({});
              apply({});
            }}
          >
            Clear
          </Button>
        </Group>
      </form>
      {exporting ? (
        <Text size="sm" role="status">
          Exporting… {formatCount(exporting.rows, 'event', 'events')} read
        </Text>
      ) : null}
      {exportError ? <ErrorState error={exportError} title="Export failed" /> : null}
      {query.isPending ? (
        <Loading label="Loading the audit trail…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : edges.length === 0 ? (
        <Empty title="No audit events">Nothing matches these filters.</Empty>
      ) : (
        <ScrollingTable label="Audit events">
          <Table withTableBorder striped data-testid="audit-events">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">Actor</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">Target</Table.Th>
                <Table.Th scope="col">Outcome</Table.Th>
                <Table.Th scope="col">Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {edges.map(({ node: e }) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(e.occurredAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.actorId}</Text>
                    <Text size="xs" c="dimmed">
                      {e.actorKind.toLowerCase()}
                      {e.vendorId ? ` · ${directory.name(e.vendorId)}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Code>{e.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    {e.targetType === 'Case' && e.targetId ? (
                      <Link to="/cases/$caseId" params={{ caseId: e.targetId }}>
                        Case {e.targetId.slice(0, 8)}
                      </Link>
                    ) : (
                      <Text size="sm">
                        {e.targetType}
                        {e.targetId ? ` ${e.targetId}` : ''}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={e.outcome === 'OK' ? 'green' : 'red'}
                      styles={{ label: { color: 'var(--mantine-color-text)' } }}
                    >
                      {e.outcome}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <AuditDetails details={e.details} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollingTable>
      )}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Page {cursors.length + 1} · {formatCount(edges.length, 'event', 'events')}
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            disabled={cursors.length === 0}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            Newer
          </Button>
          <Button
            variant="default"
            disabled={!query.data?.auditEvents.pageInfo.hasNextPage}
            onClick={() => {
              const end = query.data?.auditEvents.pageInfo.endCursor;
              if (end) setCursors([...cursors, end]);
            }}
          >
            Older
          </Button>
        </Group>
      </Group>
    </Page>
  );
}
