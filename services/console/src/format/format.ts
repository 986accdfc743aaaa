// Numbers and times as the viewer reads them: their locale, their time zone (or a vendor's
// where the vendor's local time matters). Intl does the work; these only fix the choices.

/** The viewer's IANA time zone, e.g. "Asia/Kolkata". */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function formatNumber(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
}

/** A share of a whole (0.425 → "42.5%"); "—" when the whole is empty. */
export function formatShare(part: number, whole: number, locale?: string): string {
  if (whole <= 0) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
    part / whole,
  );
}

/** A signed change (+12, −3, 0) for differences between two runs. */
export function formatChange(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { signDisplay: 'exceptZero' }).format(value);
}

/**
 * An instant as a date and time with its zone's abbreviation ("4 Dec 2026, 12:00 GMT+5:30",
 * "Dec 4, 2026, 1:30 AM EST"): the viewer's zone unless another is asked for, and always
 * labelled, so a time in a vendor's or a contract's zone is never read as the viewer's.
 */
export function formatDateTime(
  iso: string | null | undefined,
  options: { timeZone?: string; locale?: string } = {},
): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  // Intl refuses timeZoneName beside dateStyle/timeStyle: the medium date and short time
  // spelled out as their fields instead.
  return new Intl.DateTimeFormat(options.locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone: options.timeZone,
  }).format(date);
}

/**
 * The calendar date of an instant in a zone (a contract's term runs in UTC days), e.g.
 * "1 Jul 2026"; no time, so a UTC midnight does not read as 05:30 in Kolkata.
 */
export function formatDate(
  iso: string | null | undefined,
  options: { timeZone?: string; locale?: string } = {},
): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(options.locale, {
    dateStyle: 'medium',
    timeZone: options.timeZone,
  }).format(date);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 3 hours", "5 minutes ago"; seconds count as now. */
export function formatRelative(iso: string, now: Date, locale?: string): string {
  const diff = new Date(iso).getTime() - now.getTime();
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.trunc(diff / ms), unit);
  }
  return rtf.format(0, 'minute');
}

/** `<input type="datetime-local">` value for an instant, in the viewer's zone. */
export function toLocalInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "1 case", "1,204 cases": a count with its noun in the right number for the locale. */
export function formatCount(n: number, one: string, other: string, locale?: string): string {
  const form = new Intl.PluralRules(locale).select(n) === 'one' ? one : other;
  return `${formatNumber(n, locale)} ${form}`;
}

/** A file's size: "47.1 kB" below a megabyte (never "0 kB"), "1.5 MB" from there. */
export function formatBytes(bytes: number, locale?: string): string {
  const mega = bytes >= 1_048_576;
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: mega ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: 1,
  }).format(mega ? bytes / 1_048_576 : Math.max(bytes / 1024, 0.1));
}
