import { Badge } from '@mantine/core';
import { CLOCK_COLORS, CLOCK_LABELS, type ClockState } from './clocks.ts';

/** A clock's state in words on its colour; the text in the text colour (the light badges' own
 * orange and blue text falls short of AA contrast at small sizes). */
export function ClockBadge(props: { state: ClockState; size?: 'xs' | 'sm' }) {
  return (
    <Badge
      size={props.size ?? 'sm'}
      variant="light"
      color={CLOCK_COLORS[props.state]}
      styles={{ label: { color: 'var(--mantine-color-text)' } }}
    >
      {CLOCK_LABELS[props.state]}
    </Badge>
  );
}
