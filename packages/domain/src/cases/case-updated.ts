// Who hears of a status change through `case.updated`: the vendor holding the case, when
// someone else made the change (ops, the platform, a timer). A vendor's own change is not
// echoed back to it: it made the change and has its answer already.
import type { Actor } from '../shared/actor.ts';

/** The vendor to tell of a change to its case, or null when there is no one to tell. */
export function caseUpdateRecipient(actor: Actor, holdingVendorId: string | null): string | null {
  if (holdingVendorId === null) return null;
  if (actor.kind === 'VENDOR' && actor.vendorId === holdingVendorId) return null;
  return holdingVendorId;
}
