// Idempotency keys for mutations: the same key with the same input returns the stored result
// without doing the work again; the same key with different input is refused. Keys are
// scoped per principal, and the key row is written in the caller's transaction, so a rolled
// back attempt leaves no key behind.
import { createHash } from 'node:crypto';
import type { TenantTx } from '@bvg/db';
import { DomainError } from './domain-error.ts';

const KEY_TTL_MS = 24 * 3600_000;

export interface IdempotencyScope {
  principalKey: string;
  vendorId: string | null;
  key: string;
  operation: string;
  input: unknown;
}

export const requestHash = (operation: string, input: unknown) =>
  createHash('sha256').update(operation).update('\0').update(JSON.stringify(input)).digest('hex');

/**
 * Runs `work` once per key. Concurrent calls with the same key serialise on the key's primary
 * key: the second waits for the first to commit, then returns its stored result.
 */
export async function withIdempotency<T>(
  tx: TenantTx,
  scope: IdempotencyScope | null,
  work: () => Promise<T>,
): Promise<T> {
  if (!scope) return work();
  if (scope.key.length === 0 || scope.key.length > 200) {
    throw new DomainError('VALIDATION', 'idempotencyKey must be 1–200 characters', {
      problems: [{ path: 'idempotencyKey', message: 'must be 1–200 characters' }],
    });
  }
  const hash = requestHash(scope.operation, scope.input);
  const inserted = await tx.$executeRaw`
    INSERT INTO "IdempotencyKey" ("principalKey", "vendorId", "key", "operation", "requestHash", "status", "expiresAt")
    VALUES (${scope.principalKey}, ${scope.vendorId}::uuid, ${scope.key}, ${scope.operation}, ${hash}, 'IN_PROGRESS', ${new Date(Date.now() + KEY_TTL_MS)})
    ON CONFLICT ("principalKey", "key") DO NOTHING`;
  if (inserted === 0) {
    const existing = await tx.idempotencyKey.findUnique({
      where: { principalKey_key: { principalKey: scope.principalKey, key: scope.key } },
    });
    if (!existing || existing.requestHash !== hash || existing.operation !== scope.operation) {
      throw new DomainError(
        'CONFLICT',
        'This idempotency key was already used with different input',
        {
          idempotencyKey: scope.key,
        },
      );
    }
    return existing.response as T;
  }
  const result = await work();
  await tx.idempotencyKey.update({
    where: { principalKey_key: { principalKey: scope.principalKey, key: scope.key } },
    data: { status: 'COMPLETED', response: result as object },
  });
  return result;
}
