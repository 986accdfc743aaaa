-- Contracts become effective-dated: each Contract row is one version of the agreement named by
-- `reference`. A version is in force from `effectiveFrom` until `effectiveTo` (the next
-- version's start, or the instant the contract was ended; NULL while nothing follows it).
-- Existing rows become version 1 of their contract, in force from the start of their period.
ALTER TABLE "Contract" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Contract" ADD COLUMN "effectiveFrom" TIMESTAMPTZ(3);
ALTER TABLE "Contract" ADD COLUMN "effectiveTo" TIMESTAMPTZ(3);
ALTER TABLE "Contract" ADD COLUMN "reason" TEXT;

UPDATE "Contract" SET "effectiveFrom" = ("periodStart"::timestamp AT TIME ZONE 'UTC');
-- Each vendor's versions form one chain: a version ends where the next one of the vendor starts.
UPDATE "Contract" c SET "effectiveTo" = n.next
  FROM (SELECT id, lead("effectiveFrom") OVER (PARTITION BY "vendorId" ORDER BY "effectiveFrom") AS next
          FROM "Contract") n
 WHERE n.id = c.id AND n.next IS NOT NULL;
ALTER TABLE "Contract" ALTER COLUMN "effectiveFrom" SET NOT NULL;
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_effective_period"
  CHECK ("effectiveTo" IS NULL OR "effectiveTo" > "effectiveFrom");

DROP INDEX "Contract_reference_key";
CREATE UNIQUE INDEX "Contract_reference_version_key" ON "Contract"("reference", "version");
DROP INDEX "Contract_vendorId_periodStart_idx";
CREATE INDEX "Contract_vendorId_effectiveFrom_idx" ON "Contract"("vendorId", "effectiveFrom");

-- The version in force moves with these columns too: the data-access policy goes stale.
DROP TRIGGER "Contract_data_policy" ON "Contract";
CREATE TRIGGER "Contract_data_policy"
  AFTER INSERT OR DELETE OR UPDATE OF "vendorId", "periodStart", "effectiveFrom", "effectiveTo"
  ON "Contract" FOR EACH ROW EXECUTE FUNCTION contract_data_policy_changed();

-- Offboarding: the vendor leaves (no work, contracts ended); the row stays for history.
ALTER TABLE "Vendor" ADD COLUMN "offboardedAt" TIMESTAMPTZ(3);

-- Regions and scopes are edited through the admin API: routing's reference-data stamp reads
-- when they last changed, so every process reloads a changed data rule.
ALTER TABLE "Region" ADD COLUMN "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "Scope" ADD COLUMN "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
