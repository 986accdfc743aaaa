// One ruleset version: its rules (an editable table while it is a draft, with the server's
// problems on the rule they concern), the diff against the published version, simulation
// over a period, shadow results, and publish / roll back with the diff shown first.
import { Alert, Badge, Button, Group, Modal, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { useApiMutation, useApiQuery } from '../api/hooks.ts';
import { useVendorDirectory } from '../api/vendors.ts';
import { can } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import type { RoutingRuleInput } from '../generated/graphql.ts';
import type { RULESET_TABS } from '../router.tsx';
import { DiffView } from '../routing/diff-view.tsx';
import {
  type EditableRule,
  type Problem,
  rulesFromServer,
  rulesToInput,
} from '../routing/rule-model.ts';
import { RulesTable } from '../routing/rules-table.tsx';
import { ShadowPanel } from '../routing/shadow-panel.tsx';
import { STATUS_COLORS } from './routing-list.tsx';

const RulesetQuery = graphql(`
  query RoutingRulesetDetail($version: Int!) {
    routingRuleset(version: $version) {
      id
      version
      name
      description
      status
      createdAt
      createdBy
      publishedAt
      publishedBy
      archivedAt
      shadowUntil
      rules {
        id
        name
        position
        match {
          region
          scope
          language
          channel
          priority
          tier
        }
        targets {
          vendorId
          weight
        }
        fallbackVendorIds
        allowRestricted
        requireBusinessHours
      }
      validation {
        errors {
          code
          message
          path
        }
        warnings {
          code
          message
          path
        }
      }
    }
    published: routingRulesets(status: PUBLISHED) {
      version
      rules {
        id
        name
        position
        match {
          region
          scope
          language
          channel
          priority
          tier
        }
        targets {
          vendorId
          weight
        }
        fallbackVendorIds
        allowRestricted
        requireBusinessHours
      }
    }
  }
`);

const UpdateMutation = graphql(`
  mutation UpdateRoutingDraft($input: UpdateRoutingRulesetInput!, $reason: String!) {
    updateRoutingRuleset(input: $input, reason: $reason) {
      version
    }
  }
`);

const PublishMutation = graphql(`
  mutation PublishRoutingDraft($version: Int!, $reason: String!) {
    publishRoutingRuleset(version: $version, reason: $reason) {
      archivedVersion
      ruleset {
        version
      }
      warnings {
        message
      }
    }
  }
`);

const RollbackMutation = graphql(`
  mutation RollbackRouting($version: Int!, $reason: String!) {
    rollbackRoutingRuleset(version: $version, reason: $reason) {
      archivedVersion
      ruleset {
        version
      }
    }
  }
`);

type Tab = (typeof RULESET_TABS)[number];

// The charts library is most of the simulation's weight: loaded only when the tab opens.
const SimulationPanel = lazy(() =>
  import('../routing/simulation-panel.tsx').then((m) => ({ default: m.SimulationPanel })),
);

export function RulesetScreen() {
  const session = useSignedIn();
  const params = useParams({ from: '/routing/$version' });
  const search = useSearch({ from: '/routing/$version' });
  const navigate = useNavigate({ from: '/routing/$version' });
  const version = Number(params.version);
  const query = useApiQuery(['ruleset', version], RulesetQuery, { version });
  const directory = useVendorDirectory();

  if (!Number.isInteger(version)) return <ErrorState error={new Error('No such version.')} />;
  if (query.isPending) return <Loading label="Loading the ruleset…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const ruleset = query.data.routingRuleset;
  if (!ruleset) {
    return (
      <Page title={`Ruleset v${version}`}>
        <Empty title="This version does not exist">
          <Link to="/routing" search={{}}>
            Back to the rulesets
          </Link>
        </Empty>
      </Page>
    );
  }
  const published = query.data.published[0] ?? null;
  const editable = ruleset.status === 'DRAFT' && can(session.roles, 'routing.edit');
  const tab: Tab = search.tab ?? 'rules';

  return (
    <Page
      title={`v${ruleset.version} · ${ruleset.name}`}
      description={ruleset.description || undefined}
      actions={
        <Group gap="xs">
          <Badge color={STATUS_COLORS[ruleset.status]} size="lg">
            {ruleset.status.toLowerCase()}
          </Badge>
          {ruleset.status === 'ARCHIVED' && can(session.roles, 'routing.edit') ? (
            <RollbackButton version={ruleset.version} published={published} rules={ruleset.rules} />
          ) : null}
        </Group>
      }
    >
      <Text size="sm" c="dimmed">
        Created {formatDateTime(ruleset.createdAt)} by {ruleset.createdBy}
        {ruleset.publishedAt
          ? ` · published ${formatDateTime(ruleset.publishedAt)} by ${ruleset.publishedBy ?? '—'}`
          : ''}
        {ruleset.archivedAt ? ` · archived ${formatDateTime(ruleset.archivedAt)}` : ''}
      </Text>
      <Tabs
        value={tab}
        onChange={(value) =>
          void navigate({ search: (prev) => ({ ...prev, tab: (value as Tab) ?? undefined }) })
        }
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="rules">Rules</Tabs.Tab>
          <Tabs.Tab value="diff">Diff against published</Tabs.Tab>
          {ruleset.status === 'DRAFT' ? <Tabs.Tab value="simulate">Simulate</Tabs.Tab> : null}
          {ruleset.status === 'DRAFT' ? <Tabs.Tab value="shadow">Shadow</Tabs.Tab> : null}
        </Tabs.List>
        <Tabs.Panel value="rules" pt="md">
          {editable ? (
            <DraftEditor
              key={`${ruleset.id}:${query.dataUpdatedAt}`}
              version={ruleset.version}
              serverRules={ruleset.rules}
              validation={ruleset.validation}
              published={published}
              vendors={directory.vendors}
              onSaved={() => void query.refetch()}
            />
          ) : (
            <RulesTable
              rules={rulesFromServer(ruleset.rules)}
              vendors={directory.vendors}
              problems={[]}
              readOnly
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="diff" pt="md">
          {published ? (
            published.version === ruleset.version ? (
              <Empty title="This is the published version">
                Open a draft to see what it changes.
              </Empty>
            ) : (
              <DiffView
                published={published.rules}
                draft={ruleset.rules}
                publishedVersion={published.version}
                vendorName={directory.name}
              />
            )
          ) : (
            <Empty title="Nothing is published yet">Every rule of this version is new.</Empty>
          )}
        </Tabs.Panel>
        {ruleset.status === 'DRAFT' ? (
          <Tabs.Panel value="simulate" pt="md">
            <Suspense fallback={<Loading label="Loading the simulation…" />}>
              <SimulationPanel
                draftVersion={ruleset.version}
                from={search.from}
                to={search.to}
                onPeriod={(from, to) =>
                  void navigate({ search: (prev) => ({ ...prev, tab: 'simulate', from, to }) })
                }
                vendorName={directory.name}
              />
            </Suspense>
          </Tabs.Panel>
        ) : null}
        {ruleset.status === 'DRAFT' ? (
          <Tabs.Panel value="shadow" pt="md">
            <ShadowPanel
              version={ruleset.version}
              shadowUntil={ruleset.shadowUntil ?? null}
              canEdit={editable}
              vendorName={directory.name}
              onStarted={() => void query.refetch()}
            />
          </Tabs.Panel>
        ) : null}
      </Tabs>
    </Page>
  );
}

type ServerRuleRow = Parameters<typeof rulesFromServer>[0][number];

function DraftEditor(props: {
  version: number;
  serverRules: readonly ServerRuleRow[];
  validation: {
    errors: readonly { path: string; message: string; code: string }[];
    warnings: readonly { path: string; message: string; code: string }[];
  };
  published: { version: number; rules: readonly ServerRuleRow[] } | null;
  vendors: ReturnType<typeof useVendorDirectory>['vendors'];
  onSaved(): void;
}) {
  const [rules, setRules] = useState<EditableRule[]>(() => rulesFromServer(props.serverRules));
  const [dirty, setDirty] = useState(false);
  const [reason, setReason] = useState('');
  const [saveProblems, setSaveProblems] = useState<Problem[]>([]);
  const [publishing, setPublishing] = useState(false);
  const save = useApiMutation(UpdateMutation);

  // Unsaved edits are lost on leaving: say so before the tab closes.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const serverProblems: Problem[] = useMemo(
    () =>
      dirty
        ? []
        : [
            ...props.validation.errors.map((p) => ({ ...p, severity: 'error' as const })),
            ...props.validation.warnings.map((p) => ({ ...p, severity: 'warning' as const })),
          ],
    [dirty, props.validation],
  );
  const problems = [...saveProblems, ...serverProblems];
  const errorCount = dirty ? null : props.validation.errors.length;

  const onChange = (next: EditableRule[]) => {
    setRules(next);
    setDirty(true);
  };

  const onSave = () => {
    setSaveProblems([]);
    save.mutate(
      {
        // The server checks the codes typed (regions, scopes, channels) and answers VALIDATION.
        input: { version: props.version, rules: rulesToInput(rules) as RoutingRuleInput[] },
        reason: reason.trim(),
      },
      {
        onSuccess: () => {
          setDirty(false);
          props.onSaved();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'VALIDATION') {
            setSaveProblems(error.problems.map((p) => ({ ...p, severity: 'error' as const })));
          }
        },
      },
    );
  };

  return (
    <Stack>
      <Group align="flex-end">
        <TextInput
          label="Reason for the change (kept in the audit trail)"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          w={420}
        />
        <Button onClick={onSave} disabled={!dirty || reason.trim() === ''} loading={save.isPending}>
          Save draft
        </Button>
        <Button
          color="green"
          onClick={() => setPublishing(true)}
          disabled={dirty || errorCount === null || errorCount > 0}
        >
          Publish…
        </Button>
        <Text size="sm" c="dimmed" role="status" aria-live="polite">
          {dirty
            ? 'Unsaved changes: save to check them.'
            : errorCount && errorCount > 0
              ? `${errorCount} error${errorCount === 1 ? '' : 's'} to fix before publishing.`
              : 'Saved; ready to publish.'}
        </Text>
      </Group>
      {save.isError && !(save.error.code === 'VALIDATION') ? (
        <ErrorState error={save.error} title="The draft was not saved" />
      ) : null}
      {saveProblems.length > 0 ? (
        <Alert color="red" title="The draft was not saved" role="alert">
          {saveProblems.length} problem{saveProblems.length === 1 ? '' : 's'}; each is shown on its
          rule below.
        </Alert>
      ) : null}
      <RulesTable rules={rules} vendors={props.vendors} problems={problems} onChange={onChange} />
      <PublishModal
        opened={publishing}
        onClose={() => setPublishing(false)}
        version={props.version}
        published={props.published}
        draftRules={props.serverRules}
        defaultReason={reason}
      />
    </Stack>
  );
}

function PublishModal(props: {
  opened: boolean;
  onClose(): void;
  version: number;
  published: { version: number; rules: readonly ServerRuleRow[] } | null;
  draftRules: readonly ServerRuleRow[];
  defaultReason: string;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const publish = useApiMutation(PublishMutation);
  const directory = useVendorDirectory();
  const [reason, setReason] = useState(props.defaultReason);
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={`Publish v${props.version}`}
      size="xl"
    >
      <Stack>
        <Text size="sm">
          New cases will be routed by these rules at once; the published version
          {props.published ? ` v${props.published.version}` : ''} is archived (and can be rolled
          back to).
        </Text>
        {props.published ? (
          <DiffView
            published={props.published.rules}
            draft={props.draftRules}
            publishedVersion={props.published.version}
            vendorName={directory.name}
          />
        ) : null}
        <TextInput
          label="Reason (kept in the audit trail)"
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        {publish.isError ? <ErrorState error={publish.error} title="Not published" /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            color="green"
            disabled={reason.trim() === ''}
            loading={publish.isPending}
            onClick={() =>
              publish.mutate(
                { version: props.version, reason: reason.trim() },
                {
                  // Every screen's view of routing changed: refetch before showing it.
                  onSuccess: async (data) => {
                    await queryClient.invalidateQueries();
                    props.onClose();
                    await navigate({
                      to: '/routing/$version',
                      params: { version: String(data.publishRoutingRuleset.ruleset.version) },
                      search: {},
                    });
                  },
                },
              )
            }
          >
            Publish v{props.version}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function RollbackButton(props: {
  version: number;
  published: { version: number; rules: readonly ServerRuleRow[] } | null;
  rules: readonly ServerRuleRow[];
}) {
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const rollback = useApiMutation(RollbackMutation);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const directory = useVendorDirectory();
  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)}>
        Roll back to v{props.version}…
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={`Roll back to v${props.version}`}
        size="xl"
      >
        <Stack>
          <Text size="sm">
            Publishes a copy of v{props.version} as a new version; what it changes against the
            published one:
          </Text>
          {props.published ? (
            <DiffView
              published={props.published.rules}
              draft={props.rules}
              publishedVersion={props.published.version}
              vendorName={directory.name}
            />
          ) : null}
          <TextInput
            label="Reason (kept in the audit trail)"
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          {rollback.isError ? <ErrorState error={rollback.error} title="Not rolled back" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button
              color="orange"
              disabled={reason.trim() === ''}
              loading={rollback.isPending}
              onClick={() =>
                rollback.mutate(
                  { version: props.version, reason: reason.trim() },
                  {
                    onSuccess: async (data) => {
                      await queryClient.invalidateQueries();
                      setOpened(false);
                      await navigate({
                        to: '/routing/$version',
                        params: { version: String(data.rollbackRoutingRuleset.ruleset.version) },
                        search: {},
                      });
                    },
                  },
                )
              }
            >
              Roll back
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
