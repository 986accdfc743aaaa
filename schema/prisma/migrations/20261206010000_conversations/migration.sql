-- Conversations: the user's messages in and the partner's replies out, on the case itself;
-- notes gain a visibility; a follow-up case keeps a link to the case it follows.

-- A contract may grant message bodies (as it grants the description).
ALTER TYPE "CaseDataField" ADD VALUE IF NOT EXISTS 'MESSAGES';

CREATE TYPE "MessageDirection" AS ENUM ('INBOUND', 'OUTBOUND');
CREATE TYPE "MessageVisibility" AS ENUM ('PUBLIC', 'INTERNAL');
CREATE TYPE "NoteVisibility" AS ENUM ('INTERNAL', 'SHARED');

-- One message of a case's thread: from the user (INBOUND, appended by intake, idempotent on
-- source + messageRef) or to the user (OUTBOUND, a reply through the gateway).
CREATE TABLE "CaseMessage" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "caseId" UUID NOT NULL,
    "vendorId" UUID,
    "direction" "MessageDirection" NOT NULL,
    "visibility" "MessageVisibility" NOT NULL DEFAULT 'PUBLIC',
    "source" TEXT NOT NULL,
    "messageRef" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "authorKind" "ActorKind" NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "sentAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "erasedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CaseMessage_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "CaseMessage_source_messageRef_key" ON "CaseMessage"("source", "messageRef");
CREATE INDEX "CaseMessage_caseId_createdAt_id_idx" ON "CaseMessage"("caseId", "createdAt", "id");
ALTER TABLE "CaseMessage" ADD CONSTRAINT "CaseMessage_caseId_fkey" FOREIGN KEY ("caseId")
  REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Visible exactly when the case is (as its events and subject): a re-routed case takes its
-- thread along.
ALTER TABLE "CaseMessage" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CaseMessage" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CaseMessage"
  USING (app_is_system() OR EXISTS (SELECT 1 FROM "Case" c WHERE c.id = "caseId"))
  WITH CHECK (app_is_system() OR EXISTS (SELECT 1 FROM "Case" c WHERE c.id = "caseId"));

-- Notes: INTERNAL stays with the team that wrote it (and in-house staff); SHARED goes with the
-- case to whoever holds it. Existing notes were never shown to anyone: INTERNAL.
ALTER TABLE "CaseNote" ADD COLUMN "visibility" "NoteVisibility" NOT NULL DEFAULT 'INTERNAL';
DROP POLICY tenant_isolation ON "CaseNote";
CREATE POLICY tenant_isolation ON "CaseNote"
  USING (app_is_system() OR (EXISTS (SELECT 1 FROM "Case" c WHERE c.id = "caseId")
                             AND ("visibility" = 'SHARED' OR "vendorId" = app_vendor_id())))
  WITH CHECK (app_is_system() OR (EXISTS (SELECT 1 FROM "Case" c WHERE c.id = "caseId")
                                  AND "vendorId" = app_vendor_id()));

-- A user who writes on a closed case (or a resolved one past the reopen window) starts a new
-- case that points at the one it follows.
ALTER TABLE "Case" ADD COLUMN "previousCaseId" UUID;
CREATE INDEX "Case_previousCaseId_idx" ON "Case"("previousCaseId");
ALTER TABLE "Case" ADD CONSTRAINT "Case_previousCaseId_fkey" FOREIGN KEY ("previousCaseId")
  REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;
