// A vendor's capacity per scope (in use against ceiling and daily cap) and certifications, and
// for ops the editors of both: the browser checks blanks and repeats, the gateway checks the
// rest (unknown scopes, regions, language tags), and its problems are shown on the field named.
import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
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
import { ApiError } from '../api/client.ts';
import { useApiMutation } from '../api/hooks.ts';
import { Empty, ErrorState } from '../components/states.tsx';
import { formatDateTime, formatNumber, formatShare, toLocalInputValue } from '../format/format.ts';
import { graphql } from '../generated/gql.ts';
import {
  type CapacityRow,
  type CertificationRow,
  checkCapacityRows,
  checkCertificationRows,
  type FieldErrors,
  groupCertifications,
  problemsByField,
  toCapacityInputs,
  toCertificationInputs,
} from '../vendors/capacity-form.ts';

const SetCapacity = graphql(`
  mutation SetVendorCapacity($vendorId: ID!, $capacities: [VendorCapacityInput!]!, $reason: String!) {
    setVendorCapacity(vendorId: $vendorId, capacities: $capacities, reason: $reason) {
      id
      capacity {
        scope
        openCaseCeiling
        dailyIntakeCap
      }
    }
  }
`);

const SetCertifications = graphql(`
  mutation SetVendorCertifications(
    $vendorId: ID!
    $certifications: [VendorCertificationInput!]!
    $reason: String!
  ) {
    setVendorCertifications(vendorId: $vendorId, certifications: $certifications, reason: $reason) {
      id
      certifications {
        region
        scope
        language
        expiresAt
      }
    }
  }
`);

type Vendor = {
  id: string;
  name: string;
  timeZone: string;
  capacity: {
    scope: string;
    openCases: number;
    openCaseCeiling: number;
    intakeToday: number;
    dailyIntakeCap: number;
  }[];
  certifications: { region: string; scope: string; language: string; expiresAt?: string | null }[];
};

export function CapacityPanel(props: { vendor: Vendor; mayEdit: boolean }) {
  const [editing, setEditing] = useState<'capacity' | 'certifications' | null>(null);
  const { vendor } = props;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h4">
          Capacity
        </Title>
        {props.mayEdit && editing !== 'capacity' ? (
          <Button size="xs" variant="default" onClick={() => setEditing('capacity')}>
            Edit capacity
          </Button>
        ) : null}
      </Group>
      {editing === 'capacity' ? (
        <CapacityEditor vendor={vendor} onDone={() => setEditing(null)} />
      ) : vendor.capacity.length === 0 ? (
        <Empty title="No capacity set">
          Routing sends this vendor nothing until ops set capacity.
        </Empty>
      ) : (
        <Table withTableBorder striped data-testid="vendor-capacity">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Scope</Table.Th>
              <Table.Th scope="col" ta="right">
                Open cases
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Ceiling
              </Table.Th>
              <Table.Th scope="col" ta="right">
                In use
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Intake today ({vendor.timeZone})
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Daily cap
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {vendor.capacity.map((c) => (
              <Table.Tr key={c.scope}>
                <Table.Td>{c.scope}</Table.Td>
                <Table.Td ta="right">{formatNumber(c.openCases)}</Table.Td>
                <Table.Td ta="right">{formatNumber(c.openCaseCeiling)}</Table.Td>
                <Table.Td ta="right">{formatShare(c.openCases, c.openCaseCeiling)}</Table.Td>
                <Table.Td ta="right">{formatNumber(c.intakeToday)}</Table.Td>
                <Table.Td ta="right">{formatNumber(c.dailyIntakeCap)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group justify="space-between">
        <Title order={2} size="h4">
          Certifications
        </Title>
        {props.mayEdit && editing !== 'certifications' ? (
          <Button size="xs" variant="default" onClick={() => setEditing('certifications')}>
            Edit certifications
          </Button>
        ) : null}
      </Group>
      {editing === 'certifications' ? (
        <CertificationsEditor vendor={vendor} onDone={() => setEditing(null)} />
      ) : vendor.certifications.length === 0 ? (
        <Text c="dimmed">None.</Text>
      ) : (
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Region</Table.Th>
              <Table.Th scope="col">Scope</Table.Th>
              <Table.Th scope="col">Language</Table.Th>
              <Table.Th scope="col">Expires</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {vendor.certifications.map((c) => (
              <Table.Tr key={`${c.region}:${c.scope}:${c.language}`}>
                <Table.Td>{c.region}</Table.Td>
                <Table.Td>{c.scope}</Table.Td>
                <Table.Td>{c.language}</Table.Td>
                <Table.Td>{formatDateTime(c.expiresAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** Local checks first; once sent, the gateway's problems replace them. */
function serverErrors(error: unknown, prefix: string): FieldErrors {
  return error instanceof ApiError && error.code === 'VALIDATION'
    ? problemsByField(error.problems, prefix)
    : {};
}

function EditorFooter(props: {
  reason: string;
  onReason(value: string): void;
  reasonError?: string;
  formError?: string;
  error: unknown;
  pending: boolean;
  onCancel(): void;
  saveLabel: string;
}) {
  const unplaced =
    props.error && !(props.error instanceof ApiError && props.error.code === 'VALIDATION');
  return (
    <Stack gap="xs">
      <Textarea
        label="Reason"
        description="Required; kept in the audit trail."
        required
        autosize
        minRows={2}
        value={props.reason}
        onChange={(e) => props.onReason(e.currentTarget.value)}
        error={props.reasonError}
      />
      {props.formError ? (
        <Text size="sm" c="red.9" role="alert">
          {props.formError}
        </Text>
      ) : null}
      {unplaced ? <ErrorState error={props.error} title="Not saved" /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={props.pending}>
          {props.saveLabel}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * A table editor's state: its rows, the reason, and the browser's own problems (cleared on any
 * edit, and replaced by the gateway's once sent). Shared by the capacity and certification editors.
 */
function useRowsEditor<Row>(
  initial: () => Row[],
  save: { error: unknown; reset(): void },
  problemsPrefix: string,
) {
  const [rows, setRows] = useState<Row[]>(initial);
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  return {
    rows,
    reason,
    errors: { ...serverErrors(save.error, problemsPrefix), ...local },
    update(i: number, patch: Partial<Row>) {
      setRows((prev) => prev.map((r, j) => (j === i ? { ...r, ...patch } : r)));
      setLocal({});
      save.reset();
    },
    add: (row: Row) => setRows((prev) => [...prev, row]),
    remove: (i: number) => setRows((prev) => prev.filter((_, j) => j !== i)),
    onReason(value: string) {
      setReason(value);
      setLocal({});
    },
    /** Shows the rows' problems (and a missing reason); true when there are none to show. */
    accept(found: FieldErrors): boolean {
      const all = reason.trim() ? found : { ...found, reason: 'say why the change is made' };
      setLocal(all);
      return Object.keys(all).length === 0;
    },
  };
}

function CapacityEditor(props: { vendor: Vendor; onDone(): void }) {
  const queryClient = useQueryClient();
  const save = useApiMutation(SetCapacity);
  const editor = useRowsEditor<CapacityRow>(
    () =>
      props.vendor.capacity.map((c) => ({
        scope: c.scope,
        openCaseCeiling: c.openCaseCeiling,
        dailyIntakeCap: c.dailyIntakeCap,
      })),
    save,
    'capacities',
  );
  const { rows, reason, errors, update } = editor;
  return (
    <form
      aria-label="Capacity editor"
      onSubmit={(e) => {
        e.preventDefault();
        if (!editor.accept(checkCapacityRows(rows))) return;
        save.mutate(
          { vendorId: props.vendor.id, capacities: toCapacityInputs(rows), reason: reason.trim() },
          {
            onSuccess: async () => {
              await queryClient.invalidateQueries({ queryKey: ['vendors-routing'] });
              props.onDone();
            },
          },
        );
      }}
    >
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          Scopes not listed keep their capacity. A ceiling of 0 stops new work in that scope.
        </Text>
        <Table data-testid="capacity-editor">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Scope</Table.Th>
              <Table.Th scope="col">Open-case ceiling</Table.Th>
              <Table.Th scope="col">Daily intake cap</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Remove</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => {
              const existing = props.vendor.capacity.some((c) => c.scope === r.scope);
              return (
                <Table.Tr key={i}>
                  <Table.Td>
                    <TextInput
                      aria-label={`Scope, row ${i + 1}`}
                      value={r.scope}
                      readOnly={existing && r.scope !== ''}
                      variant={existing ? 'filled' : 'default'}
                      onChange={(e) => update(i, { scope: e.currentTarget.value })}
                      error={errors[`${i}.scope`]}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`Open-case ceiling, ${r.scope || `row ${i + 1}`}`}
                      value={r.openCaseCeiling}
                      min={0}
                      allowDecimal={false}
                      thousandSeparator
                      onChange={(v) =>
                        update(i, {
                          openCaseCeiling: typeof v === 'number' ? v : v === '' ? '' : Number(v),
                        })
                      }
                      error={errors[`${i}.openCaseCeiling`]}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`Daily intake cap, ${r.scope || `row ${i + 1}`}`}
                      value={r.dailyIntakeCap}
                      min={0}
                      allowDecimal={false}
                      thousandSeparator
                      onChange={(v) =>
                        update(i, {
                          dailyIntakeCap: typeof v === 'number' ? v : v === '' ? '' : Number(v),
                        })
                      }
                      error={errors[`${i}.dailyIntakeCap`]}
                    />
                  </Table.Td>
                  <Table.Td>
                    {existing ? null : (
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Remove row ${i + 1}`}
                        onClick={() => editor.remove(i)}
                      >
                        ×
                      </ActionIcon>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Group>
          <Button
            size="xs"
            variant="default"
            onClick={() => editor.add({ scope: '', openCaseCeiling: 0, dailyIntakeCap: 0 })}
          >
            Add a scope
          </Button>
        </Group>
        <EditorFooter
          reason={reason}
          onReason={editor.onReason}
          reasonError={errors.reason}
          formError={errors.form}
          error={save.error}
          pending={save.isPending}
          onCancel={props.onDone}
          saveLabel="Save capacity"
        />
      </Stack>
    </form>
  );
}

function CertificationsEditor(props: { vendor: Vendor; onDone(): void }) {
  const queryClient = useQueryClient();
  const save = useApiMutation(SetCertifications);
  const editor = useRowsEditor<CertificationRow>(
    () =>
      groupCertifications(props.vendor.certifications, (iso) => toLocalInputValue(new Date(iso))),
    save,
    'certifications',
  );
  const { rows, reason, errors, update } = editor;
  return (
    <form
      aria-label="Certifications editor"
      onSubmit={(e) => {
        e.preventDefault();
        if (!editor.accept(checkCertificationRows(rows))) return;
        save.mutate(
          {
            vendorId: props.vendor.id,
            certifications: toCertificationInputs(rows),
            reason: reason.trim(),
          },
          {
            onSuccess: async () => {
              await queryClient.invalidateQueries({ queryKey: ['vendors-routing'] });
              props.onDone();
            },
          },
        );
      }}
    >
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          The list replaces the vendor's certifications: a row removed is withdrawn. Expiry is in
          your time.
        </Text>
        <Table data-testid="certifications-editor">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Region</Table.Th>
              <Table.Th scope="col">Scope</Table.Th>
              <Table.Th scope="col">Languages</Table.Th>
              <Table.Th scope="col">Expires</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Remove</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  <TextInput
                    aria-label={`Region, row ${i + 1}`}
                    value={r.region}
                    onChange={(e) => update(i, { region: e.currentTarget.value })}
                    error={errors[`${i}.region`]}
                    w={100}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`Scope, row ${i + 1}`}
                    value={r.scope}
                    onChange={(e) => update(i, { scope: e.currentTarget.value })}
                    error={errors[`${i}.scope`]}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`Languages, row ${i + 1}`}
                    description="e.g. en, pt-BR"
                    value={r.languages}
                    onChange={(e) => update(i, { languages: e.currentTarget.value })}
                    error={errors[`${i}.languages`]}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    type="datetime-local"
                    aria-label={`Expires, row ${i + 1}`}
                    value={r.expiresAt}
                    onChange={(e) => update(i, { expiresAt: e.currentTarget.value })}
                    error={errors[`${i}.expiresAt`]}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Withdraw row ${i + 1}`}
                    onClick={() => editor.remove(i)}
                  >
                    ×
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group>
          <Button
            size="xs"
            variant="default"
            onClick={() => editor.add({ region: '', scope: '', languages: '', expiresAt: '' })}
          >
            Add a certification
          </Button>
        </Group>
        <EditorFooter
          reason={reason}
          onReason={editor.onReason}
          reasonError={errors.reason}
          formError={errors.form}
          error={save.error}
          pending={save.isPending}
          onCancel={props.onDone}
          saveLabel="Save certifications"
        />
      </Stack>
    </form>
  );
}
