// The cursor of incremental sync: the position after the last case a poller received, in the
// order of the transaction that last changed each case. Opaque to partners.

/** Where a sync page ends: the last case's writing transaction and its id. */
export interface SyncPosition {
  changeTxid: bigint;
  caseId: string;
}

const PREFIX = 'sync1.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeSyncCursor(position: SyncPosition): string {
  const raw = `${position.changeTxid}:${position.caseId}`;
  return PREFIX + Buffer.from(raw, 'utf8').toString('base64url');
}

export const isSyncCursor = (cursor: string): boolean => cursor.startsWith(PREFIX);

/** The position a cursor names, or null when it is not a sync cursor this gateway made. */
export function decodeSyncCursor(cursor: string): SyncPosition | null {
  if (!cursor.startsWith(PREFIX)) return null;
  const raw = Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString('utf8');
  const match = /^(\d{1,19}):(.+)$/.exec(raw);
  if (!match || !UUID.test(match[2]!)) return null;
  const changeTxid = BigInt(match[1]!);
  if (changeTxid > 0x7fff_ffff_ffff_ffffn) return null;
  return { changeTxid, caseId: match[2]!.toLowerCase() };
}
