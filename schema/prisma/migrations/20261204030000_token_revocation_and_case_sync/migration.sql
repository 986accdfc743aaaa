-- Token revocation (RFC 7009): the access tokens revoked before their expiry. System-only:
-- written by the revocation endpoint and read by the gateways before any tenant is known.
CREATE TABLE "RevokedAccessToken" (
    "jti" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "vendorId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RevokedAccessToken_pkey" PRIMARY KEY ("jti")
);
CREATE INDEX "RevokedAccessToken_expiresAt_idx" ON "RevokedAccessToken"("expiresAt");

ALTER TABLE "RevokedAccessToken" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "RevokedAccessToken" FORCE ROW LEVEL SECURITY;
CREATE POLICY system_only ON "RevokedAccessToken" USING (app_is_system()) WITH CHECK (app_is_system());

-- Incremental sync of cases. `updatedAt` cannot order a poll safely: a transaction that
-- commits after a poll may carry an earlier time, and the poller would step over it. The id
-- of the writing transaction can: every transaction below the current snapshot's xmin has
-- finished, so rows under that watermark can no longer be joined by earlier ones.
ALTER TABLE "Case" ADD COLUMN "changeTxid" BIGINT NOT NULL DEFAULT (pg_current_xact_id())::text::bigint;

CREATE FUNCTION case_record_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."changeTxid" := pg_current_xact_id()::text::bigint;
  -- A raw statement that forgot "updatedAt" still moves it, so `updatedSince` sees the change.
  IF NEW."updatedAt" IS NOT DISTINCT FROM OLD."updatedAt" THEN
    NEW."updatedAt" := clock_timestamp();
  END IF;
  RETURN NEW;
END
$$;

-- Updates that change nothing do not count as changes.
CREATE TRIGGER "Case_record_change" BEFORE UPDATE ON "Case"
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION case_record_change();

CREATE INDEX "Case_vendorId_changeTxid_id_idx" ON "Case"("vendorId", "changeTxid", "id");
CREATE INDEX "Case_changeTxid_id_idx" ON "Case"("changeTxid", "id");
