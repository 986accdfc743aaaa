// Who may see and change routing: changing it is for ops; auditors and vendor managers may
// read how work is routed. Every change carries a reason that goes into the audit trail.
export const ops = { role: 'ops' } as const;
export const readers = { anyRole: ['ops', 'auditor', 'vendor_manager'] } as const;

export const REASON = 'Why the change is made: recorded in the audit trail.';
