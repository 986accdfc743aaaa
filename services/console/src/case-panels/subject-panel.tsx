// A case's subject as the viewer may see it: each part shown, or why it is withheld (the
// gateway's redaction reason: erased, not in the contract, restricted scope, role).
import { Code, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { graphql } from '../generated/gql.ts';
import type { SubjectFieldsFragment } from '../generated/graphql.ts';
import { RedactionBadge } from './redaction-badge.tsx';

/** What every case screen asks of the subject: each part with its redaction reason. */
export const SubjectFields = graphql(`
  fragment SubjectFields on CaseSubject {
    subjectRef
    displayName { value redaction }
    email { value redaction }
    phone { value redaction }
    description { value redaction }
    minorSafetyDetail { value redaction }
    attachments { value redaction }
  }
`);

type Redactable<T> = { value?: T | null; redaction?: string | null };

function Part(props: { label: string; part: Redactable<unknown>; testId: string }) {
  const { value, redaction } = props.part;
  const shown =
    value === null || value === undefined
      ? null
      : typeof value === 'string'
        ? value
        : Array.isArray(value) && value.length === 0
          ? null
          : JSON.stringify(value);
  return (
    <div data-testid={props.testId}>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      {redaction ? <RedactionBadge reason={redaction} /> : <Text size="sm">{shown ?? '—'}</Text>}
    </div>
  );
}

export function SubjectPanel(props: { subject: SubjectFieldsFragment }) {
  const s = props.subject;
  return (
    <Stack gap="xs" component="section" aria-labelledby="subject-heading">
      <Title order={2} size="h4" id="subject-heading">
        Subject
      </Title>
      <Text size="sm">
        Reference <Code data-testid="subject-ref">{s.subjectRef}</Code>
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Part label="Name" part={s.displayName} testId="subject-name" />
        <Part label="Email" part={s.email} testId="subject-email" />
        <Part label="Phone" part={s.phone} testId="subject-phone" />
      </SimpleGrid>
      <Part label="Description" part={s.description} testId="subject-description" />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Part label="Minor-safety detail" part={s.minorSafetyDetail} testId="subject-minor" />
        <Part label="Attachments" part={s.attachments} testId="subject-attachments" />
      </SimpleGrid>
    </Stack>
  );
}
