// Closed credit statements as the vendor manager reads them: one billing month with all its
// versions (the current one first), the disputes split into open and decided, and the money
// typed in a dialog turned into the minor units the API takes.

export type StatementLike = {
  id: string;
  period: string;
  version: number;
  status: 'CURRENT' | 'SUPERSEDED';
  lines: readonly { id: string; kpi: string; dispute?: DisputeLike | null }[];
};

export type DisputeLike = {
  id: string;
  status: 'OPEN' | 'ACCEPTED' | 'ADJUSTED' | 'REJECTED';
  openedAt: string;
  resolvedAt?: string | null;
};

/** The months closed, newest first, each with its versions newest first. */
export function statementMonths<S extends StatementLike>(
  statements: readonly S[],
): { period: string; versions: S[] }[] {
  const byPeriod = new Map<string, S[]>();
  for (const s of statements) byPeriod.set(s.period, [...(byPeriod.get(s.period) ?? []), s]);
  return [...byPeriod.entries()]
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([period, versions]) => ({
      period,
      versions: [...versions].sort((a, b) => b.version - a.version),
    }));
}

export type DisputeRow<S extends StatementLike> = {
  statement: S;
  line: S['lines'][number];
  dispute: DisputeLike & NonNullable<S['lines'][number]['dispute']>;
};

/** Open disputes oldest first (answer those first); decided ones most recently decided first. */
export function splitDisputes<S extends StatementLike>(statements: readonly S[]) {
  const rows: DisputeRow<S>[] = [];
  for (const statement of statements) {
    for (const line of statement.lines) {
      if (line.dispute) rows.push({ statement, line, dispute: line.dispute } as DisputeRow<S>);
    }
  }
  const open = rows
    .filter((r) => r.dispute.status === 'OPEN')
    .sort((a, b) => a.dispute.openedAt.localeCompare(b.dispute.openedAt));
  const decided = rows
    .filter((r) => r.dispute.status !== 'OPEN')
    .sort((a, b) => (b.dispute.resolvedAt ?? '').localeCompare(a.dispute.resolvedAt ?? ''));
  return { open, decided };
}

/**
 * "1,234.5" → 123450 cents; null when it is not an amount of at most two decimals ≥ 0.
 * Hand-parsed: digits and separators only, so a locale's grouping commas are accepted.
 */
export function parseAmountCents(text: string): number | null {
  const cleaned = text.trim().replace(/[\s,_]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole = '0', fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** The month before the one `now` is in, YYYY-MM (UTC): the usual month to close. */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
