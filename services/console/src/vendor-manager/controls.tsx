// Controls every vendor manager screen shares: the quarter, the vendor, a figure's cell, the
// status badge (text and colour, never colour alone) and a KPI's name.
import { Badge, Select, Text } from '@mantine/core';
import { useVendorDirectory } from '../api/vendors.ts';
import { type KpiStatus, STATUS_LABEL } from './figures.ts';
import { kpiName } from './kpi-names.ts';
import { recentQuarters } from './period.ts';

/** The last complete quarter: the default period of every screen here. */
export const defaultQuarter = () => recentQuarters(new Date(), 1)[0] as string;

export function QuarterSelect(props: { value: string; onChange(quarter: string): void }) {
  const options = recentQuarters(new Date(), 8);
  if (!options.includes(props.value)) options.unshift(props.value);
  return (
    <Select
      label="Quarter"
      data={options}
      value={props.value}
      onChange={(v) => v && props.onChange(v)}
      allowDeselect={false}
      w={140}
    />
  );
}

export function VendorSelect(props: { value: string | undefined; onChange(id: string): void }) {
  const { vendors } = useVendorDirectory();
  return (
    <Select
      label="Vendor"
      placeholder="Choose a vendor"
      data={vendors
        .filter((v) => v.kind !== 'IN_HOUSE')
        .map((v) => ({ value: v.id, label: v.name }))}
      value={props.value ?? null}
      onChange={(v) => v && props.onChange(v)}
      allowDeselect={false}
      searchable
      w={280}
    />
  );
}

const COLOR: Record<KpiStatus, string> = {
  MET: 'teal.9',
  MISSED: 'red.9',
  NO_DATA: 'gray.7',
  NO_TARGET: 'gray.7',
};

export function StatusBadge(props: { status: KpiStatus }) {
  return (
    <Badge color={COLOR[props.status]} variant="filled">
      {STATUS_LABEL[props.status]}
    </Badge>
  );
}

/**
 * A KPI by its label, its code beneath: the code is what contracts, statements, the API and
 * the gateway's CSV exports carry, so the manager can match a line on screen to them.
 */
export function KpiLabel(props: { code: string }) {
  const name = kpiName(props.code);
  if (name.label === name.code) return <>{name.code}</>;
  return (
    <>
      {name.label}
      <Text size="xs" c="dimmed" ff="monospace" fw={400}>
        {name.code}
      </Text>
    </>
  );
}
