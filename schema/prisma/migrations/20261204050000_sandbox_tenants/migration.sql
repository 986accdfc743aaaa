-- Sandbox tenants: a partner's integration tries the whole flow on synthetic cases before
-- go-live. A sandbox tenant is a vendor row linked to the real partner it belongs to; its
-- cases are flagged `sandbox` and may only ever be held by a sandbox tenant.

ALTER TABLE "Vendor" ADD COLUMN "sandboxOfId" UUID;
CREATE INDEX "Vendor_sandboxOfId_idx" ON "Vendor"("sandboxOfId");
-- Restrict: deleting the partner must not quietly turn its sandbox into a real vendor.
ALTER TABLE "Vendor" ADD CONSTRAINT "Vendor_sandboxOfId_fkey" FOREIGN KEY ("sandboxOfId")
  REFERENCES "Vendor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "Case" ADD COLUMN "sandbox" BOOLEAN NOT NULL DEFAULT false;

-- The last wall between synthetic and real work, below routing's own exclusions: a real case
-- can never be held by a sandbox tenant, nor a synthetic one by a real vendor, whatever code
-- path sets the holder; and a case never changes world. One primary-key probe per written
-- row, only when the holder is set or changes.
CREATE FUNCTION case_holder_same_world() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.sandbox IS DISTINCT FROM OLD.sandbox THEN
    RAISE EXCEPTION 'a case cannot change between sandbox and real' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."vendorId" IS NOT NULL
     AND (TG_OP = 'INSERT' OR NEW."vendorId" IS DISTINCT FROM OLD."vendorId")
     AND NEW.sandbox IS DISTINCT FROM
         (SELECT v."sandboxOfId" IS NOT NULL FROM "Vendor" v WHERE v.id = NEW."vendorId") THEN
    RAISE EXCEPTION 'case % cannot be held by vendor %: sandbox tenants hold synthetic cases only, real vendors real ones',
      NEW.id, NEW."vendorId" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "Case_holder_same_world" BEFORE INSERT OR UPDATE OF "vendorId", sandbox ON "Case"
  FOR EACH ROW EXECUTE FUNCTION case_holder_same_world();

-- A sandbox tenant's generation schedule (one per tenant).
CREATE TABLE "SandboxSchedule" (
    "vendorId" UUID NOT NULL,
    "casesPerRun" INTEGER NOT NULL,
    "everyMinutes" INTEGER NOT NULL,
    "scopeCode" TEXT,
    "regionCode" TEXT,
    "nextRunAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SandboxSchedule_pkey" PRIMARY KEY ("vendorId")
);
CREATE INDEX "SandboxSchedule_nextRunAt_idx" ON "SandboxSchedule"("nextRunAt");
ALTER TABLE "SandboxSchedule" ADD CONSTRAINT "SandboxSchedule_vendorId_fkey" FOREIGN KEY ("vendorId")
  REFERENCES "Vendor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The sandbox tenant reads and sets its own schedule; the worker's sweep runs as the system.
ALTER TABLE "SandboxSchedule" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SandboxSchedule" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "SandboxSchedule"
  USING (app_is_system() OR "vendorId" = app_vendor_id())
  WITH CHECK (app_is_system() OR "vendorId" = app_vendor_id());
