// The rules of a ruleset as a table: what each rule matches, the vendors it splits work across
// (weights and the share each gets), its fallbacks and flags. Editable for a draft; each
// rule's problems are shown right under it and announced with the field they belong to.
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  List,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
} from '@mantine/core';
import { Fragment, useState } from 'react';
import type { VendorSummary } from '../api/vendors.ts';
import { formatShare } from '../format/format.ts';
import {
  type EditableRule,
  MATCH_FIELDS,
  type MatchField,
  moveRule,
  newRule,
  type Problem,
  problemsByRule,
  targetShares,
  updateRule,
} from './rule-model.ts';

const FIELD_LABELS: Record<MatchField, string> = {
  region: 'Region',
  scope: 'Scope',
  language: 'Language',
  channel: 'Channel',
  priority: 'Priority',
  tier: 'Tier',
};

export function RulesTable(props: {
  rules: EditableRule[];
  vendors: readonly VendorSummary[];
  problems: readonly Problem[];
  readOnly?: boolean;
  onChange?(rules: EditableRule[]): void;
}) {
  const { byRule, general } = problemsByRule(props.problems, props.rules.length);
  const vendorName = (id: string) => props.vendors.find((v) => v.id === id)?.name ?? id;
  const vendorOptions = props.vendors.map((v) => ({
    value: v.id,
    label: `${v.name}${v.active ? '' : ' (inactive)'}`,
  }));
  const edit = (index: number, change: (rule: EditableRule) => EditableRule) =>
    props.onChange?.(updateRule(props.rules, index, change));

  return (
    <Stack>
      {general.length > 0 ? (
        <ProblemList
          title="About the ruleset as a whole"
          problems={general}
          id="ruleset-problems"
        />
      ) : null}
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="xs" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">#</Table.Th>
              <Table.Th scope="col">Rule</Table.Th>
              <Table.Th scope="col">Matches</Table.Th>
              <Table.Th scope="col">Targets (weight → share)</Table.Th>
              <Table.Th scope="col">Fallbacks</Table.Th>
              {props.readOnly ? null : <Table.Th scope="col">Order</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.rules.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Text c="dimmed" ta="center" py="md">
                    No rules: every case would go unrouted.
                  </Text>
                </Table.Td>
              </Table.Tr>
            ) : null}
            {props.rules.map((rule, index) => {
              const problems = byRule.get(index) ?? [];
              const problemsId = `rule-${index}-problems`;
              const hasError = problems.some((p) => p.severity === 'error');
              const shares = targetShares(rule.targets);
              const label = `Rule ${index + 1}`;
              return (
                <Fragment key={rule.key}>
                  <Table.Tr
                    data-testid={`rule-row-${index}`}
                    className={hasError ? 'rule-row-problem' : undefined}
                    aria-describedby={problems.length > 0 ? problemsId : undefined}
                  >
                    <Table.Td>{index + 1}</Table.Td>
                    <Table.Td miw={220}>
                      {props.readOnly ? (
                        <Text fw={600}>{rule.name}</Text>
                      ) : (
                        <Textarea
                          aria-label={`${label} name`}
                          autosize
                          minRows={1}
                          // Wraps a long name instead of cutting it; a name is one line.
                          onKeyDown={(e) => {
                            if (e.key === 'Enter') e.preventDefault();
                          }}
                          value={rule.name}
                          error={hasError ? true : undefined}
                          onChange={(e) => {
                            const name = e.currentTarget.value;
                            edit(index, (r) => ({ ...r, name }));
                          }}
                        />
                      )}
                      <Stack gap={2} mt={6}>
                        {props.readOnly ? (
                          <Text size="xs" c="dimmed">
                            {rule.allowRestricted ? 'restricted scopes allowed · ' : ''}
                            {rule.requireBusinessHours ? 'business hours only' : 'any hour'}
                          </Text>
                        ) : (
                          <>
                            <Checkbox
                              size="xs"
                              label="Allow restricted scopes"
                              checked={rule.allowRestricted}
                              onChange={(e) => {
                                const value = e.currentTarget.checked;
                                edit(index, (r) => ({ ...r, allowRestricted: value }));
                              }}
                            />
                            <Checkbox
                              size="xs"
                              label="Business hours only"
                              checked={rule.requireBusinessHours}
                              onChange={(e) => {
                                const value = e.currentTarget.checked;
                                edit(index, (r) => ({ ...r, requireBusinessHours: value }));
                              }}
                            />
                          </>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td miw={260}>
                      {props.readOnly ? (
                        <MatchSummary rule={rule} />
                      ) : (
                        <MatchEditor
                          rule={rule}
                          label={label}
                          onChange={(field, values) =>
                            edit(index, (r) => ({ ...r, match: { ...r.match, [field]: values } }))
                          }
                        />
                      )}
                    </Table.Td>
                    <Table.Td miw={300}>
                      <Stack gap={6}>
                        {rule.targets.map((target, t) =>
                          props.readOnly ? (
                            <Text key={`${target.vendorId}:${t}`} size="sm">
                              {vendorName(target.vendorId)} × {target.weight} →{' '}
                              {formatShare(shares[t] ?? 0, 1)}
                            </Text>
                          ) : (
                            <Group key={`${rule.key}:target:${t}`} gap={6} wrap="nowrap">
                              <Select
                                size="xs"
                                w={190}
                                aria-label={`${label} target ${t + 1} vendor`}
                                data={vendorOptions}
                                value={target.vendorId}
                                searchable
                                allowDeselect={false}
                                onChange={(value) =>
                                  edit(index, (r) => ({
                                    ...r,
                                    targets: r.targets.map((x, i) =>
                                      i === t ? { ...x, vendorId: value ?? x.vendorId } : x,
                                    ),
                                  }))
                                }
                              />
                              <NumberInput
                                size="xs"
                                w={80}
                                aria-label={`${label} target ${t + 1} weight`}
                                value={target.weight}
                                allowDecimal={false}
                                onChange={(value) =>
                                  edit(index, (r) => ({
                                    ...r,
                                    targets: r.targets.map((x, i) =>
                                      i === t ? { ...x, weight: Number(value) || 0 } : x,
                                    ),
                                  }))
                                }
                              />
                              <Text size="xs" w={48} ta="right">
                                {formatShare(shares[t] ?? 0, 1)}
                              </Text>
                              <ActionIcon
                                variant="subtle"
                                color="red"
                                aria-label={`Remove ${label} target ${t + 1}`}
                                onClick={() =>
                                  edit(index, (r) => ({
                                    ...r,
                                    targets: r.targets.filter((_, i) => i !== t),
                                  }))
                                }
                              >
                                ×
                              </ActionIcon>
                            </Group>
                          ),
                        )}
                        {props.readOnly ? null : (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            disabled={vendorOptions.length === 0}
                            onClick={() =>
                              edit(index, (r) => ({
                                ...r,
                                targets: [
                                  ...r.targets,
                                  { vendorId: vendorOptions[0]!.value, weight: 10 },
                                ],
                              }))
                            }
                          >
                            Add target to {label.toLowerCase()}
                          </Button>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td miw={200}>
                      {props.readOnly ? (
                        <Text size="sm">
                          {rule.fallbackVendorIds.map(vendorName).join(' → ') || 'none'}
                        </Text>
                      ) : (
                        <MultiSelect
                          size="xs"
                          aria-label={`${label} fallbacks`}
                          data={vendorOptions}
                          value={rule.fallbackVendorIds}
                          placeholder="none"
                          onChange={(values) =>
                            edit(index, (r) => ({ ...r, fallbackVendorIds: values }))
                          }
                        />
                      )}
                    </Table.Td>
                    {props.readOnly ? null : (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <ActionIcon
                            variant="default"
                            aria-label={`Move ${label.toLowerCase()} up`}
                            disabled={index === 0}
                            onClick={() => props.onChange?.(moveRule(props.rules, index, -1))}
                          >
                            ↑
                          </ActionIcon>
                          <ActionIcon
                            variant="default"
                            aria-label={`Move ${label.toLowerCase()} down`}
                            disabled={index === props.rules.length - 1}
                            onClick={() => props.onChange?.(moveRule(props.rules, index, 1))}
                          >
                            ↓
                          </ActionIcon>
                          <ActionIcon
                            variant="default"
                            color="red"
                            aria-label={`Remove ${label.toLowerCase()}`}
                            onClick={() =>
                              props.onChange?.(props.rules.filter((_, i) => i !== index))
                            }
                          >
                            ×
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                  {problems.length > 0 ? (
                    <Table.Tr className={hasError ? 'rule-row-problem' : undefined}>
                      <Table.Td />
                      <Table.Td colSpan={props.readOnly ? 4 : 5}>
                        <ProblemList
                          id={problemsId}
                          title={`Problems of ${label.toLowerCase()} (${rule.name || 'unnamed'})`}
                          problems={problems}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ) : null}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {props.readOnly ? null : (
        <Group>
          <Button
            variant="light"
            onClick={() =>
              props.onChange?.([...props.rules, newRule(`Rule ${props.rules.length + 1}`)])
            }
          >
            Add rule
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function MatchSummary(props: { rule: EditableRule }) {
  const parts = MATCH_FIELDS.filter((f) => props.rule.match[f].length > 0).map(
    (f) => `${FIELD_LABELS[f]}: ${props.rule.match[f].join(', ')}`,
  );
  return <Text size="sm">{parts.length > 0 ? parts.join(' · ') : 'Every case'}</Text>;
}

function ProblemList(props: { id: string; title: string; problems: readonly Problem[] }) {
  return (
    <div id={props.id} data-testid={props.id}>
      <Text size="sm" fw={600}>
        {props.title}
      </Text>
      <List size="sm" spacing={2}>
        {props.problems.map((problem, i) => (
          <List.Item key={`${problem.path}:${i}`}>
            <Text span size="sm" c={problem.severity === 'error' ? 'red.9' : 'orange.9'} fw={600}>
              {problem.severity === 'error' ? 'Error' : 'Warning'}
            </Text>{' '}
            <Text span size="sm">
              {problem.message}
            </Text>{' '}
            <Text span size="xs" c="dimmed">
              ({problem.code ?? problem.path})
            </Text>
          </List.Item>
        ))}
      </List>
    </div>
  );
}

/**
 * A rule's conditions, compact: only the fields it matches on (plus any just added) are shown,
 * each on one line with its name inline; "Add a condition" offers the rest. An absent field
 * matches anything, so hiding it hides nothing.
 */
function MatchEditor(props: {
  rule: EditableRule;
  label: string;
  onChange(field: MatchField, values: string[]): void;
}) {
  const [added, setAdded] = useState<MatchField[]>([]);
  const shown = MATCH_FIELDS.filter((f) => props.rule.match[f].length > 0 || added.includes(f));
  const rest = MATCH_FIELDS.filter((f) => !shown.includes(f));
  return (
    <Stack gap={4}>
      {shown.length === 0 ? (
        <Text size="xs" c="dimmed">
          Matches every case.
        </Text>
      ) : null}
      {shown.map((field) => (
        <TagsInput
          key={field}
          size="xs"
          aria-label={`${props.label} ${FIELD_LABELS[field].toLowerCase()}`}
          leftSection={
            <Text size="xs" c="dimmed" aria-hidden>
              {FIELD_LABELS[field]}
            </Text>
          }
          leftSectionWidth={68}
          leftSectionPointerEvents="none"
          placeholder="any"
          splitChars={[',', ' ']}
          value={props.rule.match[field]}
          onChange={(values) => props.onChange(field, values)}
        />
      ))}
      {rest.length > 0 ? (
        <Select
          size="xs"
          w={170}
          aria-label={`${props.label}: add a condition`}
          placeholder="+ Add a condition"
          data={rest.map((f) => ({ value: f, label: FIELD_LABELS[f] }))}
          value={null}
          onChange={(value) => {
            if (value) setAdded((prev) => [...prev, value as MatchField]);
          }}
        />
      ) : null}
    </Stack>
  );
}
