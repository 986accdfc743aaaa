// CSV files in the browser: records to RFC 4180 text (papaparse), CSV text back to records,
// and a download of text the gateway or the screen produced.
import Papa from 'papaparse';

// Spreadsheets run cells starting with these as formulas (the gateway's exports guard the same).
const FORMULA_START = /^[=+\-@\t\r]/;

export function toCsv(records: readonly (readonly (string | number | null | undefined)[])[]) {
  const safe = records.map((r) =>
    r.map((c) => (typeof c === 'string' && FORMULA_START.test(c) ? `'${c}` : (c ?? ''))),
  );
  return `${Papa.unparse(safe, { newline: '\r\n' })}\r\n`;
}

/** CSV text with a header record → one object per record, keyed by the header. */
export function parseCsv(text: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

/** Offers text (or bytes) to the viewer as a file. */
export function download(name: string, content: BlobPart, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
