-- The operations board's backlog series counts the last day's arrivals and resolutions per
-- hour. Read as the application, every counted row also passes the case policy's vendor test
-- and the board's vendor, scope and region filters: with those columns in the index the count
-- is read from the index alone instead of visiting a heap page per case (most of the
-- overview's time over 100,000 open cases, `pnpm bench ops-overview`). The created-at index
-- keeps serving every other read by creation time.
DROP INDEX "Case_createdAt_idx";
CREATE INDEX "Case_createdAt_cell_idx" ON "Case" ("createdAt") INCLUDE ("vendorId", "scopeCode", "regionCode");
DROP INDEX "Case_resolvedAt_idx";
CREATE INDEX "Case_resolvedAt_idx" ON "Case" ("resolvedAt") INCLUDE ("vendorId", "scopeCode", "regionCode")
  WHERE "resolvedAt" IS NOT NULL;
