-- The relay reads the oldest pending outbox rows, many times a second. Every row is written
-- PENDING, so an index on (status, id) kept an entry per relayed row until vacuum came, and
-- each read walked all of them (a bitmap scan visits every entry and never marks one dead):
-- at a few thousand relayed rows the read took milliseconds, growing with the table between
-- vacuums. A partial index holds pending rows only, and the relay reads it with a plain index
-- scan, which marks the entries of rows already relayed dead on first visit.
CREATE INDEX "OutboxMessage_pending_id_idx" ON "OutboxMessage" ("id") WHERE "status" = 'PENDING';
DROP INDEX "OutboxMessage_status_id_idx";
