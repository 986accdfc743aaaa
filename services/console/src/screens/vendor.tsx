// A vendor: its state, capacity and certifications (vendor-capacity), webhook endpoints
// (vendor-webhooks), and the delivery log with redelivery.
import { Badge, Button, Group, SegmentedControl, Stack, Table, Tabs, Text } from '@mantine/core';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useApiMutation, useApiQuery } from '../api/hooks.ts';
import { can } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime, formatNumber } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import { DELIVERY_STATUSES, type VENDOR_TABS } from '../router.tsx';
import { CapacityPanel } from './vendor-capacity.tsx';
import { VendorStatePanel } from './vendor-state.tsx';
import { WebhooksPanel } from './vendor-webhooks.tsx';
import { VendorsRoutingQuery } from './vendors.tsx';

const DeliveriesQuery = graphql(`
  query VendorWebhookDeliveries($filter: WebhookDeliveryFilter!) {
    webhookDeliveries(filter: $filter, first: 50) {
      edges {
        node {
          id
          webhookId
          eventType
          status
          caseId
          createdAt
          attemptCount
          nextAttemptAt
          endpointUrl
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

const RedeliverMutation = graphql(`
  mutation RedeliverWebhook($deliveryId: ID!) {
    redeliverWebhook(deliveryId: $deliveryId) {
      id
      status
    }
  }
`);

const DELIVERY_COLORS: Record<string, string> = {
  SUCCEEDED: 'green',
  PENDING: 'blue',
  RETRYING: 'yellow',
  EXHAUSTED: 'red',
  ENDPOINT_DISABLED: 'gray',
};

type Tab = (typeof VENDOR_TABS)[number];

export function VendorScreen() {
  const session = useSignedIn();
  const { vendorId } = useParams({ from: '/vendors/$vendorId' });
  const search = useSearch({ from: '/vendors/$vendorId' });
  const navigate = useNavigate({ from: '/vendors/$vendorId' });
  const query = useApiQuery(['vendors-routing'], VendorsRoutingQuery, {});
  if (query.isPending) return <Loading label="Loading the vendor…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const vendor = query.data.routingVendors.find((v) => v.id === vendorId);
  if (!vendor) {
    return (
      <Page title="Vendor not found">
        <Empty title="No such vendor">
          <Link to="/vendors" search={{}}>
            Back to the vendors
          </Link>
        </Empty>
      </Page>
    );
  }
  const webhooks = can(session.roles, 'webhooks.view');
  const tab: Tab = search.tab ?? 'capacity';
  return (
    <Page
      title={vendor.name}
      description={`${vendor.kind === 'IN_HOUSE' ? 'In-house team' : 'BPO partner'} · ${vendor.timeZone}`}
    >
      {can(session.roles, 'vendors.states') ? (
        <VendorStatePanel
          vendorId={vendor.id}
          vendorName={vendor.name}
          mayChange={can(session.roles, 'vendors.state')}
        />
      ) : null}
      <Tabs
        value={tab}
        onChange={(value) =>
          void navigate({ search: (prev) => ({ ...prev, tab: (value as Tab) ?? undefined }) })
        }
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="capacity">Capacity and certifications</Tabs.Tab>
          {webhooks ? <Tabs.Tab value="webhooks">Webhook endpoints</Tabs.Tab> : null}
          {webhooks ? <Tabs.Tab value="deliveries">Delivery log</Tabs.Tab> : null}
        </Tabs.List>
        <Tabs.Panel value="capacity" pt="md">
          <CapacityPanel vendor={vendor} mayEdit={can(session.roles, 'vendors.capacity')} />
        </Tabs.Panel>
        {webhooks ? (
          <Tabs.Panel value="webhooks" pt="md">
            <WebhooksPanel vendorId={vendor.id} mayManage={can(session.roles, 'webhooks.manage')} />
          </Tabs.Panel>
        ) : null}
        {webhooks ? (
          <Tabs.Panel value="deliveries" pt="md">
            <Deliveries
              vendorId={vendor.id}
              status={search.status}
              onStatus={(status) => void navigate({ search: (prev) => ({ ...prev, status }) })}
              canRedeliver={can(session.roles, 'webhooks.redeliver')}
            />
          </Tabs.Panel>
        ) : null}
      </Tabs>
    </Page>
  );
}

function Deliveries(props: {
  vendorId: string;
  status?: (typeof DELIVERY_STATUSES)[number];
  onStatus(status: (typeof DELIVERY_STATUSES)[number] | undefined): void;
  canRedeliver: boolean;
}) {
  const filter = { vendorId: props.vendorId, ...(props.status ? { status: [props.status] } : {}) };
  const query = useApiQuery(['webhook-deliveries'], DeliveriesQuery, { filter });
  const redeliver = useApiMutation(RedeliverMutation);
  return (
    <Stack>
      <SegmentedControl
        aria-label="Delivery status"
        value={props.status ?? 'ALL'}
        onChange={(value) =>
          props.onStatus(
            value === 'ALL' ? undefined : (value as (typeof DELIVERY_STATUSES)[number]),
          )
        }
        data={[
          { value: 'ALL', label: 'All' },
          ...DELIVERY_STATUSES.map((s) => ({ value: s, label: s.toLowerCase().replace('_', ' ') })),
        ]}
      />
      {redeliver.isError ? <ErrorState error={redeliver.error} title="Not redelivered" /> : null}
      {redeliver.isSuccess ? (
        <Text size="sm" role="status">
          Queued again with the same webhook-id.
        </Text>
      ) : null}
      {query.isPending ? (
        <Loading label="Loading deliveries…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.webhookDeliveries.edges.length === 0 ? (
        <Empty title="No deliveries">
          {props.status ? 'None has this status.' : 'Nothing was sent to this vendor yet.'}
        </Empty>
      ) : (
        <Table withTableBorder striped data-testid="webhook-deliveries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Created</Table.Th>
              <Table.Th scope="col">Event</Table.Th>
              <Table.Th scope="col">Case</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Last attempt</Table.Th>
              <Table.Th scope="col">Next attempt</Table.Th>
              {props.canRedeliver ? <Table.Th scope="col">Action</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.webhookDeliveries.edges.map(({ node: d }) => {
              const last = d.attempts[d.attempts.length - 1];
              return (
                <Table.Tr key={d.id}>
                  <Table.Td>{formatDateTime(d.createdAt)}</Table.Td>
                  <Table.Td>{d.eventType}</Table.Td>
                  <Table.Td>
                    {d.caseId ? (
                      <Link to="/cases/$caseId" params={{ caseId: d.caseId }}>
                        {d.caseId.slice(0, 8)}
                      </Link>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={DELIVERY_COLORS[d.status]}>
                      {d.status.toLowerCase().replace('_', ' ')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {last ? (
                      <Text size="sm">
                        #{last.attemptNumber} · {last.responseStatus ?? last.error ?? 'no answer'}
                        {last.latencyMs !== null && last.latencyMs !== undefined
                          ? ` · ${formatNumber(last.latencyMs)} ms`
                          : ''}
                      </Text>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>{formatDateTime(d.nextAttemptAt)}</Table.Td>
                  {props.canRedeliver ? (
                    <Table.Td>
                      <Group gap={4}>
                        <Button
                          size="compact-xs"
                          variant="light"
                          loading={redeliver.isPending && redeliver.variables?.deliveryId === d.id}
                          onClick={() =>
                            redeliver.mutate(
                              { deliveryId: d.id },
                              { onSuccess: () => void query.refetch() },
                            )
                          }
                          aria-label={`Redeliver ${d.eventType} of ${formatDateTime(d.createdAt)}`}
                        >
                          Redeliver
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
    </Stack>
  );
}
