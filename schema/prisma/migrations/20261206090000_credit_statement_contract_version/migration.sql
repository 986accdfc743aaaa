-- A statement names the contract version whose terms priced it (contracts are effective-dated
-- versions of one reference), so a dispute can be settled against exactly those terms.
ALTER TABLE "CreditStatement" ADD COLUMN "contractVersion" INTEGER;
