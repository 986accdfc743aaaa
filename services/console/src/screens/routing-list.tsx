import {
  Badge,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../api/hooks.ts';
import { can } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime, formatNumber } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import type { RULESET_STATUSES } from '../router.tsx';

const RulesetsQuery = graphql(`
  query RoutingRulesets($status: RoutingRulesetStatus) {
    routingRulesets(status: $status) {
      id
      version
      name
      status
      createdAt
      createdBy
      publishedAt
      archivedAt
      shadowUntil
      rules {
        id
      }
      validation {
        errors {
          code
        }
        warnings {
          code
        }
      }
    }
  }
`);

const CreateDraftMutation = graphql(`
  mutation CreateRoutingDraft($input: CreateRoutingRulesetInput!, $reason: String!) {
    createRoutingRuleset(input: $input, reason: $reason) {
      version
    }
  }
`);

export const STATUS_COLORS: Record<string, string> = {
  DRAFT: 'yellow',
  PUBLISHED: 'green',
  ARCHIVED: 'gray',
};

export function RoutingListScreen() {
  const session = useSignedIn();
  const search = useSearch({ from: '/routing' });
  const navigate = useNavigate({ from: '/routing' });
  const query = useApiQuery(['rulesets'], RulesetsQuery, { status: search.status ?? null });
  const published = useApiQuery(['rulesets'], RulesetsQuery, { status: 'PUBLISHED' });
  const [creating, setCreating] = useState(false);

  return (
    <Page
      title="Routing"
      description="Versioned rulesets: a draft is edited, simulated and published; the published one routes new cases."
      actions={
        can(session.roles, 'routing.edit') ? (
          <Button onClick={() => setCreating(true)}>New draft</Button>
        ) : null
      }
    >
      <SegmentedControl
        aria-label="Status"
        value={search.status ?? 'ALL'}
        onChange={(value) =>
          void navigate({
            search: {
              status: value === 'ALL' ? undefined : (value as (typeof RULESET_STATUSES)[number]),
            },
          })
        }
        data={[
          { value: 'ALL', label: 'All' },
          { value: 'DRAFT', label: 'Drafts' },
          { value: 'PUBLISHED', label: 'Published' },
          { value: 'ARCHIVED', label: 'Archived' },
        ]}
      />
      {query.isPending ? (
        <Loading label="Loading rulesets…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.routingRulesets.length === 0 ? (
        <Empty title="No rulesets here">
          {search.status
            ? 'None has this status; choose All to see every version.'
            : 'Create a draft to start.'}
        </Empty>
      ) : (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Version</Table.Th>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Rules</Table.Th>
              <Table.Th scope="col">Problems</Table.Th>
              <Table.Th scope="col">Created</Table.Th>
              <Table.Th scope="col">Published</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.routingRulesets.map((ruleset) => (
              <Table.Tr key={ruleset.id}>
                <Table.Td>
                  <Link to="/routing/$version" params={{ version: String(ruleset.version) }}>
                    v{ruleset.version}
                  </Link>
                </Table.Td>
                <Table.Td>{ruleset.name}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Badge color={STATUS_COLORS[ruleset.status]}>
                      {ruleset.status.toLowerCase()}
                    </Badge>
                    {ruleset.shadowUntil && new Date(ruleset.shadowUntil) > new Date() ? (
                      <Badge color="violet" variant="outline">
                        in shadow
                      </Badge>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td>{formatNumber(ruleset.rules.length)}</Table.Td>
                <Table.Td>
                  {ruleset.status === 'DRAFT' ? (
                    <Text size="sm" c={ruleset.validation.errors.length > 0 ? 'red.8' : undefined}>
                      {formatNumber(ruleset.validation.errors.length)} errors,{' '}
                      {formatNumber(ruleset.validation.warnings.length)} warnings
                    </Text>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  {formatDateTime(ruleset.createdAt)} · {ruleset.createdBy}
                </Table.Td>
                <Table.Td>{formatDateTime(ruleset.publishedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <CreateDraftModal
        opened={creating}
        onClose={() => setCreating(false)}
        copyFrom={published.data?.routingRulesets[0]?.version ?? null}
      />
    </Page>
  );
}

function CreateDraftModal(props: { opened: boolean; onClose(): void; copyFrom: number | null }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useApiMutation(CreateDraftMutation);
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="New draft">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate(
            {
              input: { name, copyFromVersion: props.copyFrom },
              reason,
            },
            {
              onSuccess: async (data) => {
                await queryClient.invalidateQueries({ queryKey: ['rulesets'] });
                await navigate({
                  to: '/routing/$version',
                  params: { version: String(data.createRoutingRuleset.version) },
                });
              },
            },
          );
        }}
      >
        <Stack>
          <Text size="sm">
            {props.copyFrom !== null
              ? `Starts from the rules of the published version v${props.copyFrom}.`
              : 'Starts empty: nothing is published yet.'}
          </Text>
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput
            label="Reason (kept in the audit trail)"
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          {create.isError ? (
            <ErrorState error={create.error} title="The draft was not created" />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create draft
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
