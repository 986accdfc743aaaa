import { createHash } from 'node:crypto';

/** The namespace of every demo id, itself a fixed UUID. */
const DEMO_NAMESPACE = Buffer.from('6f1c2a4e9b7d4c1f8e3a5b6c7d8e9f01', 'hex');

/**
 * A name-based UUID (version 5 layout: SHA-1 of namespace + name), so the same demo entity
 * gets the same id on every run and references between rows can be computed up front.
 */
export function demoId(name: string): string {
  const hash = createHash('sha1').update(DEMO_NAMESPACE).update(name).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
