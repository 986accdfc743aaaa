// CSV (RFC 4180) for the audit trail export. Hand-written: quoting is the whole job, a few
// lines, and a CSV library would ship more than that to every auditor's browser.

/** One field: quoted when it holds a comma, quote, or line break (quotes doubled). */
export function csvField(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header row and one row per record, CRLF-separated, columns in the order given. */
export function toCsv<T>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
