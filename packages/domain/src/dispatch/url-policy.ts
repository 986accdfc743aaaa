import { isIP } from 'node:net';
// The egress guard's own address rules, not a copy.
import {
  blockedAddressReason,
  createAllowlist,
  isBlockedHostname,
  normalizeHostname,
} from '@bvg/webhooks';
import type { Problem } from '../shared/domain-error.ts';

export interface WebhookUrlPolicy {
  /** Production: only https. */
  requireHttps: boolean;
  /** Hostnames, addresses or CIDRs allowed although private (development, tests). */
  allowlist: readonly string[];
}

/** The safe default: https only, nothing private. */
export const STRICT_URL_POLICY: WebhookUrlPolicy = { requireHttps: true, allowlist: [] };

/**
 * Refuses at registration what the egress guard would refuse at delivery time, where that can be
 * told without DNS: the guard checks resolved addresses again on every attempt.
 */
export function webhookUrlProblems(raw: string, policy: WebhookUrlPolicy, path = 'url'): Problem[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [{ path, message: 'must be an absolute URL' }];
  }
  const problems: Problem[] = [];
  const allowed = policy.requireHttps ? ['https:'] : ['https:', 'http:'];
  if (!allowed.includes(url.protocol)) {
    problems.push({ path, message: `must use ${allowed.join(' or ').replaceAll(':', '')}` });
  }
  if (url.username || url.password) problems.push({ path, message: 'must not carry credentials' });
  const host = normalizeHostname(url.hostname);
  const allowlist = createAllowlist(policy.allowlist);
  if (!allowlist.hasHostname(host)) {
    const literal = isIP(host) !== 0;
    const blocked = literal
      ? !allowlist.hasAddress(host) && blockedAddressReason(host) !== undefined
      : isBlockedHostname(host);
    if (blocked) {
      problems.push({ path, message: 'must not point at a private, loopback or metadata address' });
    }
  }
  return problems;
}
