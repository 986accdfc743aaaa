// Totals per vendor from a simulation's vendor × scope × region distribution, for the chart
// and the table: what each vendor gets under the published ruleset and under the draft.

export type DistributionEntry = { vendorId?: string | null; count: number };

export type VendorShift = {
  vendorId: string | null;
  published: number;
  draft: number;
  change: number;
};

export function shiftsByVendor(
  published: readonly DistributionEntry[],
  draft: readonly DistributionEntry[],
): VendorShift[] {
  const rows = new Map<string | null, VendorShift>();
  const row = (vendorId: string | null) => {
    let r = rows.get(vendorId);
    if (!r) {
      r = { vendorId, published: 0, draft: 0, change: 0 };
      rows.set(vendorId, r);
    }
    return r;
  };
  for (const e of published) row(e.vendorId ?? null).published += e.count;
  for (const e of draft) row(e.vendorId ?? null).draft += e.count;
  for (const r of rows.values()) r.change = r.draft - r.published;
  // Biggest movers first; unrouted last so vendors read together.
  return [...rows.values()].sort(
    (a, b) =>
      Number(a.vendorId === null) - Number(b.vendorId === null) ||
      Math.abs(b.change) - Math.abs(a.change) ||
      b.draft - a.draft,
  );
}
