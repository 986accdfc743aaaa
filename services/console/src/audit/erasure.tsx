// GDPR erasure of a subject: the auditor names the subject reference and why, confirms by
// typing the reference again, and sees what was erased. Cases, their events and every figure
// stay; the reference is replaced by a pseudonym in cases and in the audit trail.
import {
  Alert,
  Button,
  Code,
  Group,
  List,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useApiMutation } from '../api/hooks.ts';
import { Page } from '../components/page.tsx';
import { ErrorState, READABLE_TITLE } from '../components/states.tsx';
import { formatNumber } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';

const EraseSubjectMutation = graphql(`
  mutation EraseSubject($subjectRef: String!, $reason: String!) {
    eraseSubject(subjectRef: $subjectRef, reason: $reason) {
      subjectRefHash
      casesErased
      notesErased
    }
  }
`);

/** What an erasure removes from each of the subject's cases (see the gateway's eraseSubject). */
const ERASED_PARTS = [
  'Display name, email and phone',
  'Description and minor-safety detail',
  'Attachments',
  'Note bodies (replaced by “[erased]”)',
  'Satisfaction survey comments',
  'The subject reference itself (replaced by the pseudonym)',
];

export function ErasureScreen() {
  const [subjectRef, setSubjectRef] = useState('');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const erase = useApiMutation(EraseSubjectMutation);
  const ref = subjectRef.trim();
  const ready = ref.length > 0 && reason.trim().length > 0;
  const result = erase.data?.eraseSubject;

  return (
    <Page
      title="Erase a subject"
      description="GDPR erasure: the subject's personal data is removed from every case; cases, events and figures stay."
    >
      <Paper withBorder p="md" maw={640}>
        <form
          aria-label="Subject to erase"
          onSubmit={(e) => {
            e.preventDefault();
            if (!ready) return;
            erase.reset();
            setTyped('');
            setConfirming(true);
          }}
        >
          <Stack>
            <TextInput
              label="Subject reference"
              description="As submitted at intake (shown on the case as its subject)."
              required
              value={subjectRef}
              onChange={(e) => setSubjectRef(e.currentTarget.value)}
            />
            <Textarea
              label="Reason"
              description="Required; kept in the audit trail (e.g. the request's ticket)."
              required
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button type="submit" color="red" disabled={!ready}>
                Erase…
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>

      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Erase this subject's personal data?"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (typed !== ref) return;
            erase.mutate(
              { subjectRef: ref, reason: reason.trim() },
              {
                onSuccess: () => {
                  setConfirming(false);
                  setSubjectRef('');
                  setReason('');
                },
              },
            );
          }}
        >
          <Stack>
            <Text size="sm">
              This cannot be undone. Every case of <Code>{ref}</Code> loses its personal data.
            </Text>
            <TextInput
              label="Type the subject reference to confirm"
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              autoComplete="off"
              data-autofocus
            />
            {erase.isError ? <ErrorState error={erase.error} title="Not erased" /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
              <Button type="submit" color="red" disabled={typed !== ref} loading={erase.isPending}>
                Erase personal data
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      {result ? (
        <Alert
          color="green"
          title="Subject erased"
          role="status"
          styles={READABLE_TITLE}
          data-testid="erasure-result"
        >
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <div>
                <Text size="xs">Cases erased</Text>
                <Text fw={700} size="xl" data-testid="cases-erased">
                  {formatNumber(result.casesErased)}
                </Text>
              </div>
              <div>
                <Text size="xs">Notes erased</Text>
                <Text fw={700} size="xl" data-testid="notes-erased">
                  {formatNumber(result.notesErased)}
                </Text>
              </div>
              <div>
                <Text size="xs">Pseudonym now in their place</Text>
                <Code>{result.subjectRefHash}</Code>
              </div>
            </SimpleGrid>
            <Title order={2} size="h5">
              Removed from each case
            </Title>
            <List size="sm">
              {ERASED_PARTS.map((part) => (
                <List.Item key={part}>{part}</List.Item>
              ))}
            </List>
            <Text size="sm">
              The erasure is in the{' '}
              <Link to="/audit" search={{ action: 'subject.erase' }}>
                audit trail
              </Link>{' '}
              under the pseudonym.
            </Text>
          </Stack>
        </Alert>
      ) : null}
    </Page>
  );
}
