// A case: where it stands, its SLA due times (the viewer's zone and the vendor's), the event
// timeline, and what the viewer may do with it.
import { Badge, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { Link, useParams } from '@tanstack/react-router';
import { useApiQuery } from '../api/hooks.ts';
import { useVendorDirectory } from '../api/vendors.ts';
import { CaseTrail } from '../audit/case-trail.tsx';
import { can } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { SubjectPanel } from '../components/subject-panel.tsx';
import { formatDateTime, formatRelative } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import { CaseAssignments } from './case-assignments.tsx';

const CaseQuery = graphql(`
  query ConsoleCase($id: ID!) {
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
        subjectRef
        displayName { value redaction }
        email { value redaction }
        phone { value redaction }
        description { value redaction }
        minorSafetyDetail { value redaction }
        attachments { value redaction }
      }
      events {
        id
        type
        fromStatus
        toStatus
        actorKind
        occurredAt
        version
      }
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
      <Stack gap="xs">
        <Title order={2} size="h4">
          Timeline
        </Title>
        {c.events.length === 0 ? (
          <Text c="dimmed">No events.</Text>
        ) : (
          <Timeline bulletSize={14} lineWidth={2}>
            {c.events.map((e) => (
              <Timeline.Item key={e.id} title={e.type}>
                <Text size="sm">
                  {e.fromStatus ? `${e.fromStatus} → ` : ''}
                  {e.toStatus ?? ''} · by {e.actorKind.toLowerCase()} · v{e.version}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(e.occurredAt)}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Stack>
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
