/**
 * Settings for the dispatch's own bookkeeping transactions (the relay's deliveries and marks,
 * the worker's loads and recorded attempts): they commit without waiting for the WAL flush.
 *
 * Safe because everything they write is redone when lost. A PostgreSQL crash can lose the last
 * few hundred milliseconds of such commits, never a part of one, never out of order. Intake
 * commits wait for the flush, so every accepted case and its outbox row survive; a lost relay
 * pass leaves those rows PENDING and the next pass makes the same deliveries again, with the
 * same webhook-ids (`webhookIdFor` derives them from the outbox row and endpoint). A lost
 * attempt record leaves its delivery due, and the relay's sweep sends it again. Either way the
 * partner may see a duplicate, with the same `webhook-id`, as at-least-once allows; nothing is
 * skipped. Rare outcomes that raise alerts or re-route a case still wait for the flush.
 */
export const REDOABLE_COMMIT: Readonly<Record<string, string>> = { synchronous_commit: 'off' };
