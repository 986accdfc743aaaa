// Closed credit statements of one vendor by billing month (close a month with a reason; a
// re-issued month lists its versions, the old one superseded), each line with its unit, figures
// and the terms version that produced it; disputes: the open ones with a dialog to answer
// (accept, adjust with an amount, reject), and the history of decided ones.
import {
  Badge,
  Button,
  Group,
  Modal,
  Radio,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../api/hooks.ts';
import { ReasonDialog } from '../components/reason-dialog.tsx';
import { ScrollingTable } from '../components/scrolling-table.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import type { CreditDisputeDecision, VendorCreditStatementsQuery } from '../generated/graphql.ts';
import { KpiLabel } from './controls.tsx';
import { kpiName } from './kpi-names.ts';
import { parseAmountCents, previousMonth, splitDisputes, statementMonths } from './statements.ts';

const StatementsQuery = graphql(`
  query VendorCreditStatements($vendorId: ID!) {
    creditStatements(vendorId: $vendorId) {
      id
      period
      version
      status
      closedAt
      reason
      supersededAt
      currency
      contractReference
      contractVersion
      feesCents
      capCents
      subtotalCents
      totalCents
      earnBackCents
      netCents
      explanation
      lines {
        id
        kpi
        unit
        target
        actual
        shortfall
        stepSize
        steps
        rateBpsPerStep
        weightPercent
        amountCents
        chargedCents
        effectiveChargedCents
        explanation
        dispute {
          id
          status
          reason
          openedAt
          resolvedAt
          resolutionNote
          resolvedAmountCents
        }
      }
    }
  }
`);

const CloseStatementMutation = graphql(`
  mutation CloseCreditStatement($vendorId: ID!, $period: String!, $reason: String!) {
    closeCreditStatement(vendorId: $vendorId, period: $period, reason: $reason) {
      id
      period
      version
    }
  }
`);

const ResolveDisputeMutation = graphql(`
  mutation ResolveCreditDispute(
    $disputeId: ID!
    $decision: CreditDisputeDecision!
    $amountCents: Int
    $note: String!
  ) {
    resolveCreditDispute(
      disputeId: $disputeId
      decision: $decision
      amountCents: $amountCents
      note: $note
    ) {
      id
      status
      resolvedAmountCents
    }
  }
`);

type Statement = VendorCreditStatementsQuery['creditStatements'][number];
type Line = Statement['lines'][number];

const money = (cents: number | null | undefined, currency?: string) =>
  cents == null
    ? '—'
    : new Intl.NumberFormat(undefined, {
        style: currency ? 'currency' : 'decimal',
        currency,
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }).format(cents / 100);

const UNIT_LABEL: Record<Line['unit'], string> = {
  COUNT: 'cases',
  MINUTES: 'min',
  PERCENTAGE_POINTS: 'pts',
  SCORE_POINTS: 'score pts',
  SECONDS: 's',
};

const figure = (value: number | null | undefined, unit: Line['unit']) =>
  value == null
    ? '—'
    : `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(value)} ${UNIT_LABEL[unit]}`;

const DISPUTE_COLOR: Record<string, string> = {
  OPEN: 'red.9',
  ACCEPTED: 'teal.9',
  ADJUSTED: 'blue.9',
  REJECTED: 'gray.7',
};

function DisputeBadge(props: { status: string }) {
  return (
    <Badge color={DISPUTE_COLOR[props.status] ?? 'gray.7'} variant="filled">
      {props.status}
    </Badge>
  );
}

export function CreditStatements(props: { vendorId: string; vendorName?: string }) {
  const { vendorId } = props;
  const queryClient = useQueryClient();
  const query = useApiQuery(['credit-statements'], StatementsQuery, { vendorId });
  const [month, setMonth] = useState<string | null>(null);
  const [versionId, setVersionId] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);
  const [closePeriod, setClosePeriod] = useState(() => previousMonth(new Date()));
  const [answering, setAnswering] = useState<{ statement: Statement; line: Line } | null>(null);
  const close = useApiMutation(CloseStatementMutation);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['credit-statements'] });

  if (query.isPending) return <Loading label="Reading the closed statements…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const statements = query.data.creditStatements;
  const months = statementMonths(statements);
  const shownMonth = months.find((m) => m.period === month) ?? months[0];
  const shown =
    shownMonth?.versions.find((v) => v.id === versionId) ??
    shownMonth?.versions.find((v) => v.status === 'CURRENT') ??
    shownMonth?.versions[0];
  const disputes = splitDisputes(statements);
  const periodValid = /^\d{4}-(0[1-9]|1[0-2])$/.test(closePeriod);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3">
          Closed statements
        </Title>
        <Group align="flex-end">
          {months.length > 0 ? (
            <Select
              label="Billing month"
              data={months.map((m) => m.period)}
              value={shownMonth?.period ?? null}
              onChange={(v) => {
                setMonth(v);
                setVersionId(null);
              }}
              allowDeselect={false}
              w={160}
            />
          ) : null}
          <Button onClick={() => setClosing(true)}>Close a month</Button>
        </Group>
      </Group>
      <ReasonDialog
        opened={closing}
        title="Close a month’s service credits"
        confirmLabel="Close the month"
        pending={close.isPending}
        error={close.error}
        incomplete={!periodValid}
        onClose={() => {
          close.reset();
          setClosing(false);
        }}
        onConfirm={(reason) =>
          close.mutate(
            { vendorId, period: closePeriod, reason },
            {
              onSuccess: (data) => {
                setClosing(false);
                setMonth(data.closeCreditStatement.period);
                setVersionId(null);
                void refresh();
              },
            },
          )
        }
      >
        <Text size="sm">
          The month’s credits are computed from {props.vendorName ?? 'the vendor'}’s cases and the
          contract terms in force at its end. Closing a month again issues a new version and
          supersedes the last.
        </Text>
        <TextInput
          label="Billing month"
          description="YYYY-MM (UTC); a past month"
          value={closePeriod}
          onChange={(e) => setClosePeriod(e.currentTarget.value)}
          error={periodValid ? undefined : 'A month as YYYY-MM'}
          required
        />
      </ReasonDialog>

      {!shownMonth || !shown ? (
        <Empty title="No month closed yet">
          Close a billing month to issue its statement; the vendor can then dispute its lines.
        </Empty>
      ) : (
        <Stack gap="md" data-testid="credit-statement">
          {shownMonth.versions.length > 1 ? (
            <Table withTableBorder captionSide="top" data-testid="statement-versions">
              <Table.Caption>Versions of {shownMonth.period}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Version</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">Closed</Table.Th>
                  <Table.Th scope="col">Reason</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Net
                  </Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>Show</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shownMonth.versions.map((v) => (
                  <Table.Tr key={v.id} data-status={v.status}>
                    <Table.Th scope="row">v{v.version}</Table.Th>
                    <Table.Td>
                      {v.status === 'CURRENT'
                        ? 'Current'
                        : `Superseded ${formatDateTime(v.supersededAt)}`}
                    </Table.Td>
                    <Table.Td>{formatDateTime(v.closedAt)}</Table.Td>
                    <Table.Td>{v.reason}</Table.Td>
                    <Table.Td ta="right">{money(v.netCents, v.currency)}</Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant={v.id === shown.id ? 'filled' : 'default'}
                        aria-pressed={v.id === shown.id}
                        onClick={() => setVersionId(v.id)}
                      >
                        Show v{v.version}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : null}
          <Text>
            <strong>
              {shown.period}, version {shown.version}
            </strong>{' '}
            ({shown.status === 'CURRENT' ? 'current' : 'superseded'}), closed{' '}
            {formatDateTime(shown.closedAt)}: {shown.reason}. Terms:{' '}
            {shown.contractReference
              ? `contract ${shown.contractReference} version ${shown.contractVersion}`
              : 'no contract recorded'}
            ; fees {money(shown.feesCents, shown.currency)}, cap{' '}
            {money(shown.capCents, shown.currency)}.
          </Text>
          <ScrollingTable label="Statement lines">
            <Table striped withTableBorder captionSide="top" data-testid="statement-lines">
              <Table.Caption>Statement lines</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">KPI</Table.Th>
                  <Table.Th scope="col">Unit</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Target
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Actual
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Shortfall
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Steps
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Amount
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Charged
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Charges now
                  </Table.Th>
                  <Table.Th scope="col">Dispute</Table.Th>
                  <Table.Th scope="col">Terms</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.lines.map((l) => (
                  <Table.Tr key={l.id} data-kpi={l.kpi}>
                    <Table.Th scope="row" fw={500}>
                      <KpiLabel code={l.kpi} />
                    </Table.Th>
                    <Table.Td>{l.unit.toLowerCase().replace('_', ' ')}</Table.Td>
                    <Table.Td ta="right">{figure(l.target, l.unit)}</Table.Td>
                    <Table.Td ta="right">{figure(l.actual, l.unit)}</Table.Td>
                    <Table.Td ta="right">{figure(l.shortfall, l.unit)}</Table.Td>
                    <Table.Td ta="right">{l.steps ?? '—'}</Table.Td>
                    <Table.Td ta="right">{money(l.amountCents)}</Table.Td>
                    <Table.Td ta="right">{money(l.chargedCents)}</Table.Td>
                    <Table.Td ta="right" fw={700} data-testid="charges-now">
                      {money(l.effectiveChargedCents)}
                    </Table.Td>
                    <Table.Td data-testid="line-dispute" miw={110}>
                      {l.dispute ? <DisputeBadge status={l.dispute.status} /> : '—'}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {shown.contractReference
                          ? `${shown.contractReference} v${shown.contractVersion}: `
                          : ''}
                        {l.stepSize != null && l.rateBpsPerStep != null
                          ? `${l.rateBpsPerStep / 100}% of fees per ${figure(l.stepSize, l.unit)}, weight ${l.weightPercent}%. `
                          : ''}
                        {l.explanation}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollingTable>
          <Text size="sm">
            Net {money(shown.netCents, shown.currency)}: subtotal{' '}
            {money(shown.subtotalCents, shown.currency)}, after the cap{' '}
            {money(shown.totalCents, shown.currency)}, earn-back{' '}
            {money(shown.earnBackCents, shown.currency)}. {shown.explanation}
          </Text>
        </Stack>
      )}

      <Title order={2} size="h3">
        Open disputes
      </Title>
      {disputes.open.length === 0 ? (
        <Text c="dimmed">No dispute waits for an answer.</Text>
      ) : (
        <Table withTableBorder captionSide="top" data-testid="open-disputes">
          <Table.Caption>Disputes waiting for an answer, oldest first</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Line</Table.Th>
              <Table.Th scope="col">Month</Table.Th>
              <Table.Th scope="col" ta="right">
                Charged
              </Table.Th>
              <Table.Th scope="col">Opened</Table.Th>
              <Table.Th scope="col">The vendor’s reason</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Answer</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {disputes.open.map((r) => (
              <Table.Tr key={r.dispute.id} data-kpi={r.line.kpi}>
                <Table.Th scope="row">
                  <KpiLabel code={r.line.kpi} />
                </Table.Th>
                <Table.Td>
                  {r.statement.period} v{r.statement.version}
                </Table.Td>
                <Table.Td ta="right">{money(r.line.chargedCents, r.statement.currency)}</Table.Td>
                <Table.Td>{formatDateTime(r.dispute.openedAt)}</Table.Td>
                <Table.Td>{r.dispute.reason}</Table.Td>
                <Table.Td>
                  <Button
                    size="compact-sm"
                    onClick={() => setAnswering({ statement: r.statement, line: r.line })}
                  >
                    Answer
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {answering ? (
        <AnswerDialog
          statement={answering.statement}
          line={answering.line}
          onClose={() => setAnswering(null)}
          onDone={() => {
            setAnswering(null);
            void refresh();
          }}
        />
      ) : null}

      <Title order={2} size="h3">
        Decided disputes
      </Title>
      {disputes.decided.length === 0 ? (
        <Text c="dimmed">No dispute decided yet.</Text>
      ) : (
        <Table withTableBorder captionSide="top" data-testid="decided-disputes">
          <Table.Caption>Decided disputes, latest first</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Line</Table.Th>
              <Table.Th scope="col">Month</Table.Th>
              <Table.Th scope="col">Decision</Table.Th>
              <Table.Th scope="col" ta="right">
                Charged before
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Charges now
              </Table.Th>
              <Table.Th scope="col">Decided</Table.Th>
              <Table.Th scope="col">Note</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {disputes.decided.map((r) => (
              <Table.Tr key={r.dispute.id} data-kpi={r.line.kpi}>
                <Table.Th scope="row">
                  <KpiLabel code={r.line.kpi} />
                </Table.Th>
                <Table.Td>
                  {r.statement.period} v{r.statement.version}
                </Table.Td>
                <Table.Td>
                  <DisputeBadge status={r.dispute.status} />
                </Table.Td>
                <Table.Td ta="right">{money(r.line.chargedCents, r.statement.currency)}</Table.Td>
                <Table.Td ta="right">
                  {money(r.line.effectiveChargedCents, r.statement.currency)}
                </Table.Td>
                <Table.Td>{formatDateTime(r.dispute.resolvedAt)}</Table.Td>
                <Table.Td>{r.dispute.resolutionNote}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function AnswerDialog(props: {
  statement: Statement;
  line: Line;
  onClose(): void;
  onDone(): void;
}) {
  const { statement, line } = props;
  const resolve = useApiMutation(ResolveDisputeMutation);
  const [decision, setDecision] = useState<CreditDisputeDecision>('ACCEPT');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const adjusting = decision === 'ADJUST';
  const amountCents = adjusting ? parseAmountCents(amount) : null;
  const amountProblem =
    adjusting && amount.trim() !== '' && amountCents == null
      ? 'An amount ≥ 0 with at most two decimals'
      : undefined;
  const ready = note.trim() !== '' && (!adjusting || amountCents != null);
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={`Answer the dispute on ${kpiName(line.kpi).label} (${statement.period})`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!ready) return;
          resolve.mutate(
            {
              disputeId: line.dispute?.id ?? '',
              decision,
              amountCents: adjusting ? amountCents : null,
              note: note.trim(),
            },
            { onSuccess: props.onDone },
          );
        }}
      >
        <Stack>
          <Text size="sm">
            The line charges {money(line.chargedCents, statement.currency)}. The vendor says: “
            {line.dispute?.reason}”
          </Text>
          <Radio.Group
            label="Decision"
            value={decision}
            onChange={(v) => setDecision(v as CreditDisputeDecision)}
            required
          >
            <Stack gap={6} mt={4}>
              <Radio value="ACCEPT" label="Accept: the line charges nothing" />
              <Radio value="ADJUST" label="Adjust: the line charges a new amount" />
              <Radio value="REJECT" label="Reject: the line stands" />
            </Stack>
          </Radio.Group>
          {adjusting ? (
            <TextInput
              label={`New amount (${statement.currency})`}
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              error={amountProblem}
              inputMode="decimal"
              required
            />
          ) : null}
          <Textarea
            label="Note"
            description="Required; the vendor reads it and it is kept in the audit trail."
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            required
            autosize
            minRows={2}
          />
          {resolve.error ? <ErrorState error={resolve.error} title="Not decided" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={resolve.isPending} disabled={!ready}>
              Decide
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
