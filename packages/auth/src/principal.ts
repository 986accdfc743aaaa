/** Scopes a vendor API client can be granted. Names are part of the public contract. */
export const VENDOR_SCOPES = [
  'cases:read',
  'cases:write',
  'qa:write',
  'webhooks:read',
  'webhooks:write',
  'scorecards:read',
] as const;
export type VendorScope = (typeof VENDOR_SCOPES)[number];

/**
 * Roles an internal person or platform system carries in the company's identity provider.
 * `specialist`: an in-house Tier 2 specialist, who works the cases of the teams in `teams`.
 */
export const INTERNAL_ROLES = ['ops', 'vendor_manager', 'auditor', 'intake', 'specialist'] as const;
export type InternalRole = (typeof INTERNAL_ROLES)[number];

/**
 * Roles people sign in to the web console with, each with what it is for. The development
 * identity provider offers exactly these on its sign-in page; a new role for people is added
 * here (and to INTERNAL_ROLES).
 */
export const CONSOLE_ROLES = {
  ops: 'Routing rules, vendors, webhooks and cases',
  vendor_manager: 'Vendors, contracts and scorecards',
  auditor: 'The audit trail and case history',
  specialist: 'Tier 2: the in-house team queue and case workspace',
} as const satisfies Partial<Record<InternalRole, string>>;
export type ConsoleRole = keyof typeof CONSOLE_ROLES;

export type VendorPrincipal = {
  kind: 'vendor';
  vendorId: string;
  clientId: string;
  scopes: string[];
  /** The access token's `jti`, for audit records and revocation. */
  tokenId: string;
};

export type InternalPrincipal = {
  kind: 'internal';
  subject: string;
  roles: InternalRole[];
  /**
   * Slugs of the in-house teams the person belongs to (the identity provider's `teams` claim,
   * like its roles); only a specialist's matter. Empty when the token carries none.
   */
  teams: string[];
};

export type Principal = VendorPrincipal | InternalPrincipal;

const vendorScopeSet: ReadonlySet<string> = new Set(VENDOR_SCOPES);
const internalRoleSet: ReadonlySet<string> = new Set(INTERNAL_ROLES);

export function isVendorScope(value: string): value is VendorScope {
  return vendorScopeSet.has(value);
}

export function isInternalRole(value: string): value is InternalRole {
  return internalRoleSet.has(value);
}
