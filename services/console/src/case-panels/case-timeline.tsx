// A case's history as events, oldest first: what happened, the status change, who did it.
import { Stack, Text, Timeline, Title } from '@mantine/core';
import { formatDateTime } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import type { CaseEventFieldsFragment } from '../generated/graphql.ts';

export const CaseEventFields = graphql(`
  fragment CaseEventFields on CaseEvent {
    id
    type
    fromStatus
    toStatus
    actorKind
    occurredAt
    version
  }
`);

export function CaseTimeline(props: { events: readonly CaseEventFieldsFragment[] }) {
  return (
    <Stack gap="xs" component="section" aria-labelledby="timeline-heading">
      <Title order={2} size="h4" id="timeline-heading">
        Timeline
      </Title>
      {props.events.length === 0 ? (
        <Text c="dimmed">No events.</Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2} data-testid="timeline">
          {props.events.map((e) => (
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
  );
}
