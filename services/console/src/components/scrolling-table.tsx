// A table wider (or taller) than the screen scrolls inside a labelled region that takes the
// keyboard focus, so someone without a mouse or trackpad can scroll it with the arrow keys
// (axe: scrollable-region-focusable) and a screen reader announces what the region holds.
import type { ReactNode } from 'react';

export function ScrollingTable(props: {
  /** What the region holds, e.g. "Credit lines": its accessible name. */
  label: string;
  /** Scroll vertically too past this height (pixels); the table's sticky header stays. */
  maxHeight?: number;
  children: ReactNode;
}) {
  return (
    <section
      style={{ overflow: 'auto', maxHeight: props.maxHeight }}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable from the keyboard
      tabIndex={0}
      aria-label={props.label}
    >
      {props.children}
    </section>
  );
}
