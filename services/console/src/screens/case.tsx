// A case: where it stands, its SLA due times (the viewer's zone and the vendor's), the subject,
// the conversation and notes, both SLA clocks step by step, the event timeline, and what the
// viewer may do with it.
import { Badge, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from '@tanstack/react-router';
import { useApiQuery } from '../api/hooks.ts';
import { useVendorDirectory } from '../api/vendors.ts';
import { CaseTrail } from '../audit/case-trail.tsx';
import { can } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { CaseTimeline } from '../case-panels/case-timeline.tsx';
import { CaseNotes, ConversationThread } from '../case-panels/conversation-panel.tsx';
import { SlaTimelinePanel } from '../case-panels/sla-timeline-panel.tsx';
import { SubjectPanel } from '../case-panels/subject-panel.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime, formatRelative } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import { CaseAssignments } from './case-assignments.tsx';

const CaseQuery = graphql(`
  query ConsoleCase($id: ID!, $after: String) {
    case(id: $id) {
      id
      version
      status
      region
      scope
      channel
      language
      priority
      tier
      source
      externalRef
      vendorId
      createdAt
      updatedAt
      firstResponseDueAt
      firstResponseAt
      resolutionDueAt
      resolvedAt
      subject {
        ...SubjectFields
      }
      events {
        ...CaseEventFields
      }
      ...CaseThreadFields
      ...CaseNotesFields
    }
  }
`);

export function CaseScreen() {
  const session = useSignedIn();
  const { caseId } = useParams({ from: '/cases/$caseId' });
  const query = useApiQuery(['case', caseId], CaseQuery, { id: caseId });
  const directory = useVendorDirectory();
  if (query.isPending) return <Loading label="Loading the case…" />;
  if (query.isError) {
    if (query.error.code === 'NOT_FOUND') {
      return (
        <Page title="Case not found">
          <Empty title="No such case">
            <Link to="/cases" search={{}}>
              Back to the cases
            </Link>
          </Empty>
        </Page>
      );
    }
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  const c = query.data.case;
  const vendor = directory.vendors.find((v) => v.id === c.vendorId);
  const now = new Date();
  const due = (label: string, at: string | null | undefined, met: string | null | undefined) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{formatDateTime(at)}</Text>
      {at ? (
        <Text size="xs">
          {met ? `met ${formatDateTime(met)}` : formatRelative(at, now)}
          {vendor ? ` · vendor time ${formatDateTime(at, { timeZone: vendor.timeZone })}` : ''}
        </Text>
      ) : null}
    </div>
  );
  return (
    <Page
      title={`Case ${c.id.slice(0, 8)}`}
      description={`${c.region} · ${c.scope} · ${c.channel} · ${c.language} · ${c.priority} · ${c.tier}`}
      actions={<Badge size="lg">{c.status.toLowerCase().replace('_', ' ')}</Badge>}
    >
      <SimpleGrid cols={{ base: 1, md: 4 }}>
        <div>
          <Text size="xs" c="dimmed">
            Vendor
          </Text>
          {c.vendorId ? (
            <Link to="/vendors/$vendorId" params={{ vendorId: c.vendorId }} search={{}}>
              {directory.name(c.vendorId)}
            </Link>
          ) : (
            <Text fw={600}>Unrouted</Text>
          )}
        </div>
        {due('First response due', c.firstResponseDueAt, c.firstResponseAt)}
        {due('Resolution due', c.resolutionDueAt, c.resolvedAt)}
        <div>
          <Text size="xs" c="dimmed">
            From
          </Text>
          <Text fw={600}>
            {c.source} · {c.externalRef}
          </Text>
        </div>
      </SimpleGrid>
      <SubjectPanel subject={c.subject} />
      <ConversationThread caseId={c.id} thread={c} />
      <CaseNotes case={c} />
      <SlaTimelinePanel caseId={c.id} vendorName={directory.name} />
      <CaseTimeline events={c.events} />
      {can(session.roles, 'cases.explain') ? <CaseAssignments caseId={c.id} /> : null}
      {can(session.roles, 'audit.view') ? <CaseTrail caseId={c.id} /> : null}
      <Stack gap="xs">
        <Title order={2} size="h4">
          Actions
        </Title>
        <Text c="dimmed">
          No case actions are offered to your role here; partners work cases through the API.
        </Text>
      </Stack>
    </Page>
  );
}
