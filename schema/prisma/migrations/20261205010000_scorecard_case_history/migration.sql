-- A vendor's scorecard counts every case it was offered, including ones it rejected or
-- escalated that have since moved to another holder, or to none. Row-level security hides
-- such a case (and its events) from the vendor's tenant, so the scorecard used to read in
-- system scope. These views let it read in the vendor's own scope instead: they show exactly
-- the scorecard's columns of the cases the current vendor holds an assignment on, and
-- nothing of the subject, the notes or the free text of another vendor's events.
--
-- The views belong to `bvg_case_history` (no login), which alone holds the policies that widen
-- `Case` (and through it `CaseEvent`) to "cases I was assigned"; `bvg_app` keeps its policies,
-- so every other read of a partner (cases, events, subjects) is unchanged. System scope sees
-- every row, as the tables do.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bvg_case_history') THEN
    CREATE ROLE bvg_case_history NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO bvg_case_history;
GRANT SELECT ON "Case", "CaseEvent", "Assignment", "CsatResponse" TO bvg_case_history;
GRANT EXECUTE ON FUNCTION app_is_system(), app_vendor_id() TO bvg_case_history;

-- A case is history of the vendors it was offered to (their own assignment rows are visible
-- to them under the Assignment policy).
CREATE POLICY case_history ON "Case" FOR SELECT TO bvg_case_history
  USING (EXISTS (SELECT 1 FROM "Assignment" a
                  WHERE a."caseId" = "Case".id AND a."vendorId" = app_vendor_id()));

-- A survey answer stored without a vendor counts for the case's holder.
CREATE POLICY case_history ON "CsatResponse" FOR SELECT TO bvg_case_history
  USING ("vendorId" IS NULL AND EXISTS (SELECT 1 FROM "Case" c
                                        WHERE c.id = "caseId" AND c."vendorId" = app_vendor_id()));

-- The views add no condition of their own: they belong to bvg_case_history, so PostgreSQL
-- applies that role's policies to the tables they read (as security quals, before any
-- condition of the caller), and the planner keeps the tables' indexes.
CREATE VIEW "CaseHistory" AS
  SELECT c.id, c."scopeCode", c."regionCode", c.priority, c."createdAt",
         c."firstResponseDueAt", c."resolutionDueAt", c."closedAt", c.sandbox
    FROM "Case" c;

-- Another vendor's event shows what happened and when, never its data.
CREATE VIEW "CaseHistoryEvent" AS
  SELECT e.id, e."caseId", e."vendorId", e.type, e."toStatus", e."occurredAt",
         CASE WHEN app_is_system() OR e."vendorId" = app_vendor_id() THEN e.data END AS data
    FROM "CaseEvent" e;

-- The survey score of a case, with the vendor it counts for.
CREATE VIEW "CaseHistoryCsat" AS
  SELECT cs."caseId", coalesce(cs."vendorId", c."vendorId") AS "vendorId", cs.score
    FROM "CsatResponse" cs JOIN "Case" c ON c.id = cs."caseId";

ALTER VIEW "CaseHistory" OWNER TO bvg_case_history;
ALTER VIEW "CaseHistoryEvent" OWNER TO bvg_case_history;
ALTER VIEW "CaseHistoryCsat" OWNER TO bvg_case_history;
GRANT SELECT ON "CaseHistory", "CaseHistoryEvent", "CaseHistoryCsat" TO bvg_app;
REVOKE INSERT, UPDATE, DELETE ON "CaseHistory", "CaseHistoryEvent", "CaseHistoryCsat" FROM bvg_app;
