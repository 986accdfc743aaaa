// A vendor's state (ACTIVE / PAUSED / DRAINING) and failover, each behind a confirmation that
// asks why. Shown on the vendor page to those who may see vendor states; changed by ops.
import { Badge, Button, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../api/hooks.ts';
import { ReasonDialog } from '../components/reason-dialog.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime, formatNumber } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';

const VendorStatesQuery = graphql(`
  query VendorStates {
    vendors {
      id
      state
      stateChangedAt
      stateReason
    }
  }
`);

const SetVendorState = graphql(`
  mutation SetVendorState($vendorId: ID!, $state: VendorState!, $reason: String!) {
    setVendorState(vendorId: $vendorId, state: $state, reason: $reason) {
      recalledOffers
      recalledAccepted
      vendor {
        id
        state
      }
    }
  }
`);

const FailoverVendor = graphql(`
  mutation FailoverVendor($vendorId: ID!, $reason: String!, $includeAccepted: Boolean) {
    failoverVendor(vendorId: $vendorId, reason: $reason, includeAccepted: $includeAccepted) {
      recalledOffers
      recalledAccepted
      vendor {
        id
        state
      }
    }
  }
`);

type State = 'ACTIVE' | 'PAUSED' | 'DRAINING';
type Pending = { kind: 'state'; state: State } | { kind: 'failover' } | null;

const STATE_COLORS: Record<State, string> = {
  ACTIVE: 'green',
  PAUSED: 'yellow',
  DRAINING: 'orange',
};
const STATE_ACTIONS: { state: State; label: string; explain: string }[] = [
  { state: 'ACTIVE', label: 'Activate', explain: 'The vendor takes new work again.' },
  {
    state: 'PAUSED',
    label: 'Pause',
    explain: 'No new work; the vendor keeps its cases and its API access.',
  },
  {
    state: 'DRAINING',
    label: 'Drain',
    explain:
      'No new work; its unaccepted offers are recalled and routed elsewhere. Accepted work stays.',
  },
];

export function VendorStatePanel(props: {
  vendorId: string;
  vendorName: string;
  mayChange: boolean;
}) {
  const client = useQueryClient();
  const query = useApiQuery(['vendor-states'], VendorStatesQuery, {});
  const setState = useApiMutation(SetVendorState);
  const failover = useApiMutation(FailoverVendor);
  const [pending, setPending] = useState<Pending>(null);
  const [includeAccepted, setIncludeAccepted] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const close = () => {
    setState.reset();
    failover.reset();
    setPending(null);
    setIncludeAccepted(false);
  };
  const onDone = (data: {
    recalledOffers: number;
    recalledAccepted: number;
    vendor: { state: string };
  }) => {
    setDone(
      `${props.vendorName} is now ${data.vendor.state.toLowerCase()}; ${formatNumber(data.recalledOffers)} offers and ${formatNumber(data.recalledAccepted)} accepted cases recalled.`,
    );
    close();
    void query.refetch();
    void client.invalidateQueries({ queryKey: ['vendors-routing'] });
    void client.invalidateQueries({ queryKey: ['vendor-directory'] });
  };
  const confirm = (reason: string) => {
    if (!pending) return;
    if (pending.kind === 'state') {
      setState.mutate(
        { vendorId: props.vendorId, state: pending.state, reason },
        { onSuccess: (d) => onDone(d.setVendorState) },
      );
    } else {
      failover.mutate(
        { vendorId: props.vendorId, reason, includeAccepted },
        { onSuccess: (d) => onDone(d.failoverVendor) },
      );
    }
  };
  if (query.isPending) return <Loading label="Loading the vendor's state…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const vendor = query.data.vendors.find((v) => v.id === props.vendorId);
  if (!vendor) return null;
  const action =
    pending?.kind === 'state' ? STATE_ACTIONS.find((a) => a.state === pending.state) : null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="vendor-state-heading">
      <Title order={2} size="h4" id="vendor-state-heading">
        State
      </Title>
      <Group gap="sm">
        <Badge size="lg" color={STATE_COLORS[vendor.state]} data-testid="vendor-state">
          {vendor.state.toLowerCase()}
        </Badge>
        {vendor.stateChangedAt ? (
          <Text size="sm" c="dimmed">
            since {formatDateTime(vendor.stateChangedAt)}
            {vendor.stateReason ? ` — ${vendor.stateReason}` : ''}
          </Text>
        ) : null}
      </Group>
      {props.mayChange ? (
        <Group gap="xs">
          {STATE_ACTIONS.filter((a) => a.state !== vendor.state).map((a) => (
            <Button
              key={a.state}
              size="xs"
              variant="default"
              onClick={() => setPending({ kind: 'state', state: a.state })}
            >
              {a.label}
            </Button>
          ))}
          <Button
            size="xs"
            color="red"
            variant="light"
            onClick={() => setPending({ kind: 'failover' })}
          >
            Fail over
          </Button>
        </Group>
      ) : null}
      {done ? (
        <Text size="sm" role="status">
          {done}
        </Text>
      ) : null}
      <ReasonDialog
        opened={pending !== null}
        title={
          pending?.kind === 'failover'
            ? `Fail ${props.vendorName} over`
            : `${action?.label ?? ''} ${props.vendorName}`
        }
        confirmLabel={pending?.kind === 'failover' ? 'Fail over' : (action?.label ?? 'Confirm')}
        reasonLabel={pending?.kind === 'failover' ? 'Reason (told to the vendor)' : 'Reason'}
        danger={pending?.kind === 'failover' || pending?.state === 'DRAINING'}
        pending={setState.isPending || failover.isPending}
        error={setState.error ?? failover.error}
        onClose={close}
        onConfirm={confirm}
      >
        {pending?.kind === 'failover' ? (
          <Stack gap="xs">
            <Text size="sm">
              An outage: the vendor takes no new work and its unaccepted offers are recalled and
              routed to others. Its API access is untouched.
            </Text>
            <Checkbox
              label="Also recall the cases it is working"
              checked={includeAccepted}
              onChange={(e) => setIncludeAccepted(e.currentTarget.checked)}
            />
          </Stack>
        ) : (
          <Text size="sm">{action?.explain}</Text>
        )}
      </ReasonDialog>
    </Stack>
  );
}
