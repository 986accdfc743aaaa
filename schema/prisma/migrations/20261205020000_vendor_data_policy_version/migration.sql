-- A version of each vendor's data-access policy (its kind, its contracts and their grants),
-- bumped in the writing transaction whenever any of them changes, so a process may keep the
-- decoded policy between requests and see, in the read itself, when it went stale.
ALTER TABLE "Vendor" ADD COLUMN "dataPolicyVersion" INTEGER NOT NULL DEFAULT 0;

-- SECURITY DEFINER: the bump must happen whatever the writer's scope lets it see (a contract
-- row is tenant data; the vendor row is shared).
CREATE FUNCTION bump_vendor_data_policy(vendor uuid) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  UPDATE "Vendor" SET "dataPolicyVersion" = "dataPolicyVersion" + 1 WHERE id = vendor
$$;

CREATE FUNCTION contract_data_policy_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM bump_vendor_data_policy(OLD."vendorId"); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW."vendorId" <> OLD."vendorId") THEN
    PERFORM bump_vendor_data_policy(NEW."vendorId");
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Contract_data_policy" AFTER INSERT OR DELETE OR UPDATE OF "vendorId", "periodStart"
  ON "Contract" FOR EACH ROW EXECUTE FUNCTION contract_data_policy_changed();

CREATE FUNCTION grant_data_policy_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM bump_vendor_data_policy(c."vendorId") FROM "Contract" c WHERE c.id = OLD."contractId";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM bump_vendor_data_policy(c."vendorId") FROM "Contract" c WHERE c.id = NEW."contractId";
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "DataAccessGrant_data_policy" AFTER INSERT OR UPDATE OR DELETE
  ON "DataAccessGrant" FOR EACH ROW EXECUTE FUNCTION grant_data_policy_changed();

CREATE FUNCTION vendor_kind_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."dataPolicyVersion" := OLD."dataPolicyVersion" + 1;
  RETURN NEW;
END $$;

CREATE TRIGGER "Vendor_data_policy" BEFORE UPDATE OF kind ON "Vendor"
  FOR EACH ROW WHEN (NEW.kind IS DISTINCT FROM OLD.kind) EXECUTE FUNCTION vendor_kind_changed();
