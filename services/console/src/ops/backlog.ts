// The Now board's charts: open / at risk / breached per vendor (summed over its cells) and the
// hourly backlog series the API gives, labelled in the viewer's zone.

type Cell = { vendorId?: string | null; open: number; slaAtRisk: number; slaBreached: number };

export type VendorBacklog = { vendor: string; open: number; atRisk: number; breached: number };

/** One bar group per vendor (unrouted work as its own), largest backlog first, at most `limit`. */
export function backlogByVendor(
  cells: readonly Cell[],
  name: (vendorId: string | null | undefined) => string,
  limit = 12,
): VendorBacklog[] {
  const sums = new Map<string, VendorBacklog>();
  for (const c of cells) {
    const key = c.vendorId ?? '';
    const row = sums.get(key) ?? { vendor: name(c.vendorId), open: 0, atRisk: 0, breached: 0 };
    row.open += c.open;
    row.atRisk += c.slaAtRisk;
    row.breached += c.slaBreached;
    sums.set(key, row);
  }
  return [...sums.values()]
    .sort((a, b) => b.breached - a.breached || b.atRisk - a.atRisk || b.open - a.open)
    .slice(0, limit);
}

type Point = { hour: string; backlog: number; arrivals: number; resolutions: number };

/** The hourly series with each hour as the viewer's clock shows it ("14:00"). */
export function backlogSeries(
  points: readonly Point[],
  options: { timeZone?: string; locale?: string } = {},
): (Point & { label: string })[] {
  const fmt = new Intl.DateTimeFormat(options.locale, {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: options.timeZone,
  });
  return points.map((p) => ({ ...p, label: fmt.format(new Date(p.hour)) }));
}
