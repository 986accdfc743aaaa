-- A contract version's terms never change once written: case due times, redaction, scorecards
-- and credit statements already counted on them must read the same later. A change is an
-- amendment (a new version from a later instant). The one change a written version takes is
-- its end: `effectiveTo` is set, or brought earlier, when an amendment, a successor contract or
-- offboarding ends it (and `updatedAt` moves with it, which routing's cache stamp reads).
--
-- The transaction that inserts a version may still complete it — its targets and grants are
-- inserted after it, and the demo seed fills in volume bounds once its simulation says them —
-- so each insert lists the version in a transaction-local setting until commit.
CREATE FUNCTION contract_version_open(id UUID) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
  SELECT id::text = ANY (string_to_array(current_setting('bvg.contract_versions_written', true), ' '))
$$;

CREATE FUNCTION "Contract_written"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('bvg.contract_versions_written',
    concat_ws(' ', nullif(current_setting('bvg.contract_versions_written', true), ''), NEW.id::text),
    true);
  RETURN NULL;
END $$;
CREATE TRIGGER "Contract_written" AFTER INSERT ON "Contract"
  FOR EACH ROW EXECUTE FUNCTION "Contract_written"();

CREATE FUNCTION "Contract_terms_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed TEXT;
BEGIN
  IF contract_version_open(OLD.id) THEN
    RETURN NEW;
  END IF;
  -- Every column but the end and its stamp is a term (a column added later is one too).
  SELECT string_agg(n.key, ', ' ORDER BY n.key) INTO changed
    FROM jsonb_each(to_jsonb(NEW)) n
   WHERE n.key NOT IN ('effectiveTo', 'updatedAt')
     AND n.value IS DISTINCT FROM to_jsonb(OLD) -> n.key;
  IF changed IS NOT NULL THEN
    RAISE EXCEPTION 'contract % version % is immutable: % cannot be changed', OLD.reference, OLD.version, changed
      USING ERRCODE = 'integrity_constraint_violation',
            HINT = 'Amend the contract: a new version in force from a later instant.';
  END IF;
  IF NEW."effectiveTo" IS DISTINCT FROM OLD."effectiveTo"
     AND (NEW."effectiveTo" IS NULL OR NEW."effectiveTo" > OLD."effectiveTo") THEN
    RAISE EXCEPTION 'contract % version % ends at %: a version''s end can only be set or brought earlier',
        OLD.reference, OLD.version, coalesce(OLD."effectiveTo"::text, 'no set instant')
      USING ERRCODE = 'integrity_constraint_violation',
            HINT = 'Amend the contract: a new version in force from a later instant.';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "Contract_terms_immutable" BEFORE UPDATE ON "Contract"
  FOR EACH ROW EXECUTE FUNCTION "Contract_terms_immutable"();

-- A version's SLA targets, KPI targets and data-access grants are terms too: written with the
-- version, removed only with it (a version not yet in force withdrawn at offboarding).
CREATE FUNCTION "Contract_detail_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND contract_version_open(NEW."contractId") THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND contract_version_open(NEW."contractId")
     AND contract_version_open(OLD."contractId") THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' AND (contract_version_open(OLD."contractId")
     OR NOT EXISTS (SELECT 1 FROM "Contract" c WHERE c.id = OLD."contractId")) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'contract version % is immutable: its % rows cannot be changed',
      CASE TG_OP WHEN 'INSERT' THEN NEW."contractId" ELSE OLD."contractId" END, TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation',
          HINT = 'Amend the contract: a new version in force from a later instant.';
END $$;
CREATE TRIGGER "SlaTarget_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "SlaTarget"
  FOR EACH ROW EXECUTE FUNCTION "Contract_detail_immutable"();
CREATE TRIGGER "KpiTarget_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "KpiTarget"
  FOR EACH ROW EXECUTE FUNCTION "Contract_detail_immutable"();
CREATE TRIGGER "DataAccessGrant_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "DataAccessGrant"
  FOR EACH ROW EXECUTE FUNCTION "Contract_detail_immutable"();
