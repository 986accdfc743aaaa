// An audit record's details in a table cell: the changed fields before → after, the other
// details as key/value pairs, and the raw JSON behind "Show raw" for the auditor who needs
// the record exactly as stored (the CSV export carries it too).
import { Code, Text, VisuallyHidden } from '@mantine/core';
import { detailText, readableDetails } from './details.ts';

export function AuditDetails(props: { details: unknown }) {
  const { changes, other } = readableDetails(props.details);
  if (changes.length === 0 && other.length === 0) return <Text size="xs">—</Text>;
  return (
    <div className="audit-details">
      {changes.length > 0 ? (
        <ul className="compact-list">
          {changes.map((c) => (
            <li key={c.path}>
              <Text size="xs" span>
                <Code>{c.path}</Code> {detailText(c.before)} <span aria-hidden="true">→</span>
                <VisuallyHidden>changed to</VisuallyHidden> {detailText(c.after)}
              </Text>
            </li>
          ))}
        </ul>
      ) : null}
      {other.length > 0 ? (
        <dl className="detail-pairs">
          {other.map((o) => (
            <div key={o.key}>
              <dt>{o.key}</dt>
              <dd>{o.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <details>
        <summary>
          <Text size="xs" span>
            Show raw
          </Text>
        </summary>
        <Code
          block
          fz="xs"
          // Wrapped, not scrolled: a scrolling block inside the cell would need its own focus.
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        >
          {JSON.stringify(props.details, null, 2)}
        </Code>
      </details>
    </div>
  );
}
