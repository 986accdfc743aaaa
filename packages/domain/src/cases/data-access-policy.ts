// Which parts of a case a principal may read: decided here, from the vendor's contract and
// the region's and scope's rules, and applied by the API (never left to the client).

export const CASE_DATA_FIELDS = [
  'SUBJECT_PII',
  'DESCRIPTION',
  'MINOR_SAFETY_DETAIL',
  'ATTACHMENTS',
  'MESSAGES',
] as const;
export type CaseDataField = (typeof CASE_DATA_FIELDS)[number];

export type RedactionReason =
  | 'NOT_IN_CONTRACT'
  | 'RESTRICTED_SCOPE'
  | 'ROLE_NOT_ALLOWED'
  | 'SUBJECT_ERASED';

export interface DataGrant {
  regionCode: string | null;
  scopeCode: string | null;
  fields: readonly string[];
}

export type Reader =
  | { kind: 'VENDOR'; vendorKind: 'BPO' | 'IN_HOUSE'; grants: readonly DataGrant[] }
  | { kind: 'INTERNAL'; roles: readonly string[] };

export interface CaseContext {
  regionCode: string;
  scopeCode: string;
  scopeSensitivity: 'STANDARD' | 'SENSITIVE' | 'RESTRICTED';
  erased: boolean;
}

export type FieldDecision = { allowed: true } | { allowed: false; reason: RedactionReason };
export type CaseDataPolicy = Record<CaseDataField, FieldDecision>;

const ALLOW: FieldDecision = { allowed: true };
const deny = (reason: RedactionReason): FieldDecision => ({ allowed: false, reason });

/**
 * Roles that work cases and may see their detail; others (vendor managers) see none. In-house
 * specialists are the escalation point for everything, minor safety included (which cases
 * they may read at all — their teams' — is decided where cases are read).
 */
const CASE_WORKING_ROLES = new Set(['ops', 'auditor', 'specialist']);

export function decideCaseDataPolicy(reader: Reader, ctx: CaseContext): CaseDataPolicy {
  const decide = (field: CaseDataField): FieldDecision => {
    if (ctx.erased && field !== 'ATTACHMENTS') return deny('SUBJECT_ERASED');
    if (reader.kind === 'INTERNAL') {
      return reader.roles.some((r) => CASE_WORKING_ROLES.has(r)) ? ALLOW : deny('ROLE_NOT_ALLOWED');
    }
    // The in-house Tier 2 team is the escalation point for everything, minor safety included.
    if (reader.vendorKind === 'IN_HOUSE') return ALLOW;
    // Minor-safety detail never leaves in-house unless the scope itself is restricted and the
    // contract grants it explicitly for that scope.
    if (field === 'MINOR_SAFETY_DETAIL' && ctx.scopeSensitivity !== 'RESTRICTED') {
      return deny('RESTRICTED_SCOPE');
    }
    const granted = reader.grants.some(
      (g) =>
        (g.regionCode === null || g.regionCode === ctx.regionCode) &&
        (g.scopeCode === null || g.scopeCode === ctx.scopeCode) &&
        g.fields.includes(field),
    );
    if (granted) return ALLOW;
    return deny(field === 'MINOR_SAFETY_DETAIL' ? 'RESTRICTED_SCOPE' : 'NOT_IN_CONTRACT');
  };
  return {
    SUBJECT_PII: decide('SUBJECT_PII'),
    DESCRIPTION: decide('DESCRIPTION'),
    MINOR_SAFETY_DETAIL: decide('MINOR_SAFETY_DETAIL'),
    ATTACHMENTS: decide('ATTACHMENTS'),
    MESSAGES: decide('MESSAGES'),
  };
}
