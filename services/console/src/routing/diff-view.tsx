import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { ServerRule } from './rule-model.ts';
import { diffRulesets, type RuleChangeKind, summarizeDiff } from './ruleset-diff.ts';

const KIND_COLORS: Record<RuleChangeKind, string> = {
  added: 'green',
  removed: 'red',
  changed: 'blue',
  moved: 'grape',
  unchanged: 'gray',
};

/** What a version changes against the published one, rule by rule, with vendor names. */
export function DiffView(props: {
  published: readonly ServerRule[];
  draft: readonly ServerRule[];
  publishedVersion: number;
  vendorName(id: string): string;
}) {
  const changes = diffRulesets(props.published, props.draft);
  const counts = summarizeDiff(changes);
  const named = (text: string) => text.replace(/[0-9a-f-]{36}/g, (id) => props.vendorName(id));
  const visible = changes.filter((c) => c.kind !== 'unchanged');
  return (
    <Stack gap="sm" data-testid="ruleset-diff">
      <Group gap="xs">
        <Text size="sm">Against published v{props.publishedVersion}:</Text>
        {(Object.keys(counts) as RuleChangeKind[]).map((kind) => (
          <Badge key={kind} color={KIND_COLORS[kind]}>
            {counts[kind]} {kind}
          </Badge>
        ))}
      </Group>
      {visible.length === 0 ? (
        <Text c="dimmed">No differences: the rules are the same.</Text>
      ) : (
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Rule</Table.Th>
              <Table.Th scope="col">Change</Table.Th>
              <Table.Th scope="col">Position</Table.Th>
              <Table.Th scope="col">What changed</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visible.map((change) => (
              <Table.Tr key={`${change.kind}:${change.name}:${change.from}:${change.to}`}>
                <Table.Td>{change.name}</Table.Td>
                <Table.Td>
                  <Badge color={KIND_COLORS[change.kind]}>{change.kind}</Badge>
                </Table.Td>
                <Table.Td>
                  {change.from === null ? '—' : change.from + 1} →{' '}
                  {change.to === null ? '—' : change.to + 1}
                </Table.Td>
                <Table.Td>
                  {change.fields.map((f) => (
                    <Text key={f.field} size="sm">
                      <code>{f.field}</code>: <del>{named(f.before)}</del> →{' '}
                      <ins>{named(f.after)}</ins>
                    </Text>
                  ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
