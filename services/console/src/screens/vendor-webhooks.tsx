// A vendor's webhook endpoints with their health, and for ops: register one, rotate its
// signing secret (the new secret is shown once, to copy), and send a signed test event whose
// delivery is followed in the log until it succeeds or gives up.
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../api/hooks.ts';
import { Empty, ErrorState, Loading, READABLE_TITLE } from '../components/states.tsx';
import { formatDateTime, formatNumber, formatShare } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import { splitList } from '../ops/bulk-filter.ts';

const EndpointsQuery = graphql(`
  query VendorWebhookEndpoints($vendorId: ID!) {
    webhookEndpoints(vendorId: $vendorId) {
      id
      url
      description
      active
      disabledAt
      disabledReason
      eventTypes
      createdAt
      secretExpiries
    }
    recent: webhookDeliveries(filter: { vendorId: $vendorId }, first: 100) {
      edges {
        node {
          endpointId
          status
        }
      }
    }
  }
`);

const CreateEndpoint = graphql(`
  mutation CreateWebhookEndpoint(
    $vendorId: ID!
    $url: String!
    $description: String
    $eventTypes: [String!]
  ) {
    createWebhookEndpoint(
      vendorId: $vendorId
      url: $url
      description: $description
      eventTypes: $eventTypes
    ) {
      secret
      endpoint {
        id
        url
      }
    }
  }
`);

const RotateSecret = graphql(`
  mutation RotateWebhookSecret($endpointId: ID!, $overlapHours: Int) {
    rotateWebhookSecret(endpointId: $endpointId, overlapHours: $overlapHours) {
      secret
      endpoint {
        id
        url
        secretExpiries
      }
    }
  }
`);

const SendTest = graphql(`
  mutation SendTestWebhook($endpointId: ID!) {
    sendTestWebhook(endpointId: $endpointId) {
      endpointId
      eventType
      webhookId
    }
  }
`);

const TestDeliveryQuery = graphql(`
  query TestWebhookDelivery($vendorId: ID!) {
    webhookDeliveries(filter: { vendorId: $vendorId }, first: 50) {
      edges {
        node {
          id
          webhookId
          endpointId
          status
          nextAttemptAt
          attempts {
            attemptNumber
            startedAt
            responseStatus
            latencyMs
            error
          }
        }
      }
    }
  }
`);

/** How often a test event's delivery is looked up until it settles. */
const TEST_POLL_MS = 1_000;
const SETTLED = new Set(['SUCCEEDED', 'EXHAUSTED', 'ENDPOINT_DISABLED']);
const DELIVERY_COLORS: Record<string, string> = {
  SUCCEEDED: 'green',
  PENDING: 'blue',
  RETRYING: 'yellow',
  EXHAUSTED: 'red',
  ENDPOINT_DISABLED: 'gray',
};

type Secret = { url: string; secret: string; rotated: boolean };

export function WebhooksPanel(props: { vendorId: string; mayManage: boolean }) {
  const query = useApiQuery(['webhook-endpoints', props.vendorId], EndpointsQuery, {
    vendorId: props.vendorId,
  });
  const [secret, setSecret] = useState<Secret | null>(null);
  const [creating, setCreating] = useState(false);
  const [rotating, setRotating] = useState<{ id: string; url: string } | null>(null);
  const [test, setTest] = useState<{ webhookId: string; url: string } | null>(null);
  const sendTest = useApiMutation(SendTest);
  const refresh = () => void query.refetch();
  return (
    <Stack>
      {secret ? <SecretOnce secret={secret} onDone={() => setSecret(null)} /> : null}
      {props.mayManage ? (
        <Group>
          <Button size="xs" variant="default" onClick={() => setCreating(true)}>
            Add an endpoint
          </Button>
        </Group>
      ) : null}
      {creating ? (
        <CreateForm
          vendorId={props.vendorId}
          onCancel={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setSecret({ ...created, rotated: false });
            refresh();
          }}
        />
      ) : null}
      {sendTest.isError ? <ErrorState error={sendTest.error} title="No test sent" /> : null}
      {test ? <TestResult vendorId={props.vendorId} {...test} /> : null}
      {query.isPending ? (
        <Loading label="Loading endpoints…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={refresh} />
      ) : query.data.webhookEndpoints.length === 0 ? (
        <Empty title="No webhook endpoints">This vendor polls for its offered cases.</Empty>
      ) : (
        <Table withTableBorder striped data-testid="webhook-endpoints">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">URL</Table.Th>
              <Table.Th scope="col" miw={110}>
                State
              </Table.Th>
              <Table.Th scope="col">Health (last 100 deliveries)</Table.Th>
              <Table.Th scope="col">Events</Table.Th>
              <Table.Th scope="col">Signing secrets</Table.Th>
              {props.mayManage ? <Table.Th scope="col">Action</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.webhookEndpoints.map((endpoint) => {
              const recent = query.data.recent.edges.map((e) => e.node);
              const mine = recent.filter((d) => d.endpointId === endpoint.id);
              const ok = mine.filter((d) => d.status === 'SUCCEEDED').length;
              const failing = mine.filter(
                (d) => d.status === 'EXHAUSTED' || d.status === 'RETRYING',
              ).length;
              return (
                <Table.Tr key={endpoint.id} data-endpoint-url={endpoint.url}>
                  <Table.Td>
                    <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                      {endpoint.url}
                    </Text>
                    {endpoint.description ? (
                      <Text size="xs" c="dimmed">
                        {endpoint.description}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={endpoint.active ? 'green' : 'red'}>
                      {endpoint.active ? 'active' : 'disabled'}
                    </Badge>
                    {endpoint.disabledReason ? (
                      <Text size="xs">
                        {endpoint.disabledReason} · {formatDateTime(endpoint.disabledAt)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {mine.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        no recent deliveries
                      </Text>
                    ) : (
                      <Text size="sm" c={failing > 0 ? 'red.9' : undefined}>
                        {formatShare(ok, mine.length)} delivered ({formatNumber(ok)} of{' '}
                        {formatNumber(mine.length)}
                        {failing > 0 ? `, ${formatNumber(failing)} failing` : ''})
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {endpoint.eventTypes.length === 0 ? 'all' : endpoint.eventTypes.join(', ')}
                  </Table.Td>
                  <Table.Td>
                    {endpoint.secretExpiries
                      .map((e) => (e ? `one until ${formatDateTime(e)}` : 'current'))
                      .join(', ')}
                  </Table.Td>
                  {props.mayManage ? (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-xs"
                          variant="light"
                          disabled={!endpoint.active}
                          loading={
                            sendTest.isPending && sendTest.variables?.endpointId === endpoint.id
                          }
                          aria-label={`Send a test event to ${endpoint.url}`}
                          onClick={() =>
                            sendTest.mutate(
                              { endpointId: endpoint.id },
                              {
                                onSuccess: (data) =>
                                  setTest({
                                    webhookId: data.sendTestWebhook.webhookId,
                                    url: endpoint.url,
                                  }),
                              },
                            )
                          }
                        >
                          Send test
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="default"
                          aria-label={`Rotate the signing secret of ${endpoint.url}`}
                          onClick={() => setRotating({ id: endpoint.id, url: endpoint.url })}
                        >
                          Rotate secret
                        </Button>
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <RotateDialog
        target={rotating}
        onClose={() => setRotating(null)}
        onRotated={(rotated) => {
          setRotating(null);
          setSecret({ ...rotated, rotated: true });
          refresh();
        }}
      />
    </Stack>
  );
}

/** The secret, once: the gateway never shows it again. */
function SecretOnce(props: { secret: Secret; onDone(): void }) {
  return (
    <Alert
      styles={READABLE_TITLE}
      color="yellow"
      title={
        props.secret.rotated
          ? 'New signing secret: copy it now'
          : 'Endpoint registered: copy its signing secret now'
      }
      role="alert"
      data-testid="webhook-secret"
    >
      <Stack gap="xs">
        <Text size="sm">
          This is the only time the secret for <Code>{props.secret.url}</Code> is shown. Store it
          where the receiver verifies signatures; it cannot be read again (rotate to get a new one).
          {props.secret.rotated
            ? ' Messages carry a signature with the old secret too until its overlap ends.'
            : ''}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Code data-testid="webhook-secret-value" style={{ wordBreak: 'break-all' }}>
            {props.secret.secret}
          </Code>
          <CopyButton value={props.secret.secret}>
            {({ copied, copy }) => (
              <Button size="compact-sm" variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy secret'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group>
          <Button size="xs" variant="default" onClick={props.onDone}>
            I have stored it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function CreateForm(props: {
  vendorId: string;
  onCancel(): void;
  onCreated(created: { url: string; secret: string }): void;
}) {
  const create = useApiMutation(CreateEndpoint);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState('');
  const problem = (field: string) =>
    create.error?.problems.find((p) => p.path === field || p.path.endsWith(`.${field}`))?.message;
  return (
    <form
      aria-labelledby="create-endpoint-heading"
      onSubmit={(e) => {
        e.preventDefault();
        if (!url.trim()) return;
        create.mutate(
          {
            vendorId: props.vendorId,
            url: url.trim(),
            description: description.trim() || null,
            eventTypes: splitList(events) ?? null,
          },
          {
            onSuccess: (data) =>
              props.onCreated({
                url: data.createWebhookEndpoint.endpoint.url,
                secret: data.createWebhookEndpoint.secret,
              }),
          },
        );
      }}
    >
      <Stack gap="xs" maw={640}>
        <Title order={3} size="h5" id="create-endpoint-heading">
          New endpoint
        </Title>
        <TextInput
          label="URL"
          required
          placeholder="https://partner.example/webhooks"
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          error={problem('url')}
          data-autofocus
        />
        <TextInput
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <TextInput
          label="Event types"
          description="Separated by commas, e.g. case.offered, case.assigned; empty means all"
          value={events}
          onChange={(e) => setEvents(e.currentTarget.value)}
          error={problem('eventTypes')}
        />
        {create.isError && !problem('url') && !problem('eventTypes') ? (
          <ErrorState error={create.error} title="Not registered" />
        ) : null}
        <Group>
          <Button variant="default" onClick={props.onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!url.trim()}>
            Register endpoint
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RotateDialog(props: {
  target: { id: string; url: string } | null;
  onClose(): void;
  onRotated(rotated: { url: string; secret: string }): void;
}) {
  const rotate = useApiMutation(RotateSecret);
  const [overlap, setOverlap] = useState<number | string>(24);
  const close = () => {
    rotate.reset();
    props.onClose();
  };
  return (
    <Modal
      opened={props.target !== null}
      onClose={close}
      title="Rotate the signing secret"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!props.target) return;
          const target = props.target;
          rotate.mutate(
            { endpointId: target.id, overlapHours: Number(overlap) || 0 },
            {
              onSuccess: (data) => {
                rotate.reset();
                props.onRotated({ url: target.url, secret: data.rotateWebhookSecret.secret });
              },
            },
          );
        }}
      >
        <Stack>
          <Text size="sm">
            A new secret for <Code>{props.target?.url}</Code>, shown once. Until the overlap ends,
            messages are signed with the old secret too, so the receiver can switch without losing
            any.
          </Text>
          <NumberInput
            label="Overlap (hours)"
            min={0}
            max={168}
            allowDecimal={false}
            value={overlap}
            onChange={setOverlap}
            data-autofocus
          />
          {rotate.isError ? <ErrorState error={rotate.error} title="Not rotated" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={rotate.isPending}>
              Rotate
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The test event's delivery, looked up by its webhook-id until it settles. */
function TestResult(props: { vendorId: string; webhookId: string; url: string }) {
  const query = useApiQuery(
    ['webhook-test', props.webhookId],
    TestDeliveryQuery,
    { vendorId: props.vendorId },
    {
      refetchInterval: (q) => {
        const found = q.state.data?.webhookDeliveries.edges.find(
          (e) => e.node.webhookId === props.webhookId,
        );
        return found && SETTLED.has(found.node.status) ? false : TEST_POLL_MS;
      },
    },
  );
  const delivery = query.data?.webhookDeliveries.edges.find(
    (e) => e.node.webhookId === props.webhookId,
  )?.node;
  const last = delivery?.attempts[delivery.attempts.length - 1];
  return (
    <Alert
      styles={READABLE_TITLE}
      color={
        delivery?.status === 'SUCCEEDED'
          ? 'green'
          : delivery && SETTLED.has(delivery.status)
            ? 'red'
            : 'blue'
      }
      title={`Test event to ${props.url}`}
      data-testid="webhook-test-result"
    >
      <Stack gap={4} role="status" aria-live="polite">
        <Text size="sm">
          webhook.test sent, <Code>webhook-id {props.webhookId}</Code>
        </Text>
        {query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : !delivery ? (
          <Text size="sm">Waiting for the first attempt…</Text>
        ) : (
          <Group gap="xs">
            <Badge color={DELIVERY_COLORS[delivery.status]} data-testid="webhook-test-status">
              {delivery.status.toLowerCase().replace('_', ' ')}
            </Badge>
            {last ? (
              <Text size="sm">
                attempt #{last.attemptNumber} at {formatDateTime(last.startedAt)}:{' '}
                {last.responseStatus ? `HTTP ${last.responseStatus}` : (last.error ?? 'no answer')}
                {last.latencyMs !== null && last.latencyMs !== undefined
                  ? ` in ${formatNumber(last.latencyMs)} ms`
                  : ''}
              </Text>
            ) : null}
            {delivery.nextAttemptAt ? (
              <Text size="sm">next attempt {formatDateTime(delivery.nextAttemptAt)}</Text>
            ) : null}
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
