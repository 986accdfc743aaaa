-- CreateEnum
CREATE TYPE "VendorKind" AS ENUM ('BPO', 'IN_HOUSE');

-- CreateEnum
CREATE TYPE "Sensitivity" AS ENUM ('STANDARD', 'SENSITIVE', 'RESTRICTED');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('IN_APP', 'WEBFORM', 'EMAIL', 'APPEAL', 'INTERNAL_FORM');

-- CreateEnum
CREATE TYPE "Tier" AS ENUM ('T1', 'T2');

-- CreateEnum
CREATE TYPE "Priority" AS ENUM ('P1', 'P2', 'P3', 'P4');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('NEW', 'UNROUTED', 'ROUTED', 'OFFERED', 'ACCEPTED', 'IN_PROGRESS', 'PENDING_USER', 'RESOLVED', 'CLOSED', 'REJECTED', 'ESCALATED', 'REOPENED');

-- CreateEnum
CREATE TYPE "CaseEventType" AS ENUM ('CREATED', 'ROUTED', 'UNROUTED', 'OFFERED', 'ACCEPTED', 'REJECTED', 'RECALLED', 'OFFER_EXPIRED', 'RESPONDED', 'PENDING_USER', 'RESUMED', 'RESOLVED', 'CLOSED', 'REOPENED', 'ESCALATED', 'NOTE_ADDED', 'SLA_WARNING', 'SLA_BREACHED', 'SUBJECT_ERASED');

-- CreateEnum
CREATE TYPE "ActorKind" AS ENUM ('VENDOR', 'INTERNAL', 'INTAKE', 'SYSTEM');

-- CreateEnum
CREATE TYPE "CaseDataField" AS ENUM ('SUBJECT_PII', 'DESCRIPTION', 'MINOR_SAFETY_DETAIL', 'ATTACHMENTS');

-- CreateEnum
CREATE TYPE "ClientAuthMethod" AS ENUM ('CLIENT_SECRET_BASIC', 'PRIVATE_KEY_JWT');

-- CreateEnum
CREATE TYPE "RulesetStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "AssignmentStatus" AS ENUM ('OFFERED', 'ACCEPTED', 'REJECTED', 'EXPIRED', 'RECALLED', 'ESCALATED', 'COMPLETED');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'ENQUEUED');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'RETRYING', 'EXHAUSTED', 'ENDPOINT_DISABLED');

-- CreateEnum
CREATE TYPE "EvaluatorKind" AS ENUM ('VENDOR', 'INTERNAL');

-- CreateEnum
CREATE TYPE "IdempotencyStatus" AS ENUM ('IN_PROGRESS', 'COMPLETED');

-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('UNROUTED_CASE', 'REROUTE_LIMIT', 'DELIVERY_EXHAUSTED', 'ENDPOINT_DISABLED', 'SLA_BREACH');

-- CreateTable
CREATE TABLE "Region" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "requiresUsClearance" BOOLEAN NOT NULL DEFAULT false,
    "requiresGdprAgreement" BOOLEAN NOT NULL DEFAULT false,
    "defaultTimeZone" TEXT NOT NULL DEFAULT 'UTC',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Region_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Scope" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sensitivity" "Sensitivity" NOT NULL DEFAULT 'STANDARD',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Scope_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Vendor" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "VendorKind" NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "usDataCleared" BOOLEAN NOT NULL DEFAULT false,
    "gdprAgreement" BOOLEAN NOT NULL DEFAULT false,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "businessHours" JSONB NOT NULL DEFAULT '{"days":[1,2,3,4,5],"openMinute":540,"closeMinute":1080}',
    "holidays" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Vendor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VendorSite" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "vendorId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "countryCode" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "headcount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VendorSite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VendorCertification" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "vendorId" UUID NOT NULL,
    "regionCode" TEXT NOT NULL,
    "scopeCode" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "certifiedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),

    CONSTRAINT "VendorCertification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VendorCapacity" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "vendorId" UUID NOT NULL,
    "scopeCode" TEXT NOT NULL,
    "openCaseCeiling" INTEGER NOT NULL,
    "dailyIntakeCap" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "VendorCapacity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VendorDailyIntake" (
    "vendorId" UUID NOT NULL,
    "scopeCode" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "VendorDailyIntake_pkey" PRIMARY KEY ("vendorId", "scopeCode", "day")
);

-- CreateTable
CREATE TABLE "Contract" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "vendorId" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "pricePerCaseMinor" INTEGER NOT NULL,
    "minMonthlyVolume" INTEGER,
    "maxMonthlyVolume" INTEGER,
    "creditTerms" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Contract_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlaTarget" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "contractId" UUID NOT NULL,
    "scopeCode" TEXT,
    "regionCode" TEXT,
    "priority" "Priority",
    "firstResponseMinutes" INTEGER NOT NULL,
    "resolutionMinutes" INTEGER NOT NULL,
    "businessHoursOnly" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "SlaTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KpiTarget" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "contractId" UUID NOT NULL,
    "kpi" TEXT NOT NULL,
    "scopeCode" TEXT,
    "regionCode" TEXT,
    "target" DOUBLE PRECISION NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL DEFAULT 1,

    CONSTRAINT "KpiTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataAccessGrant" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "contractId" UUID NOT NULL,
    "regionCode" TEXT,
    "scopeCode" TEXT,
    "fields" "CaseDataField"[] NOT NULL,

    CONSTRAINT "DataAccessGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiClient" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clientId" TEXT NOT NULL,
    "vendorId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "authMethod" "ClientAuthMethod" NOT NULL,
    "allowedScopes" TEXT[] NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "jwks" JSONB,
    "jwksUri" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiClientSecret" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "apiClientId" UUID NOT NULL,
    "secretHash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiClientSecret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SigningKey" (
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "privateJwk" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatesAt" TIMESTAMPTZ(3) NOT NULL,
    "retiresAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3),

    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "source" TEXT NOT NULL,
    "externalRef" TEXT NOT NULL,
    "regionCode" TEXT NOT NULL,
    "scopeCode" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "language" TEXT NOT NULL,
    "priority" "Priority" NOT NULL,
    "tier" "Tier" NOT NULL DEFAULT 'T1',
    "status" "CaseStatus" NOT NULL DEFAULT 'NEW',
    "subjectRef" TEXT NOT NULL,
    "vendorId" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "routingAttempts" INTEGER NOT NULL DEFAULT 0,
    "firstResponseDueAt" TIMESTAMPTZ(3),
    "resolutionDueAt" TIMESTAMPTZ(3),
    "firstResponseAt" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "slaPausedAt" TIMESTAMPTZ(3),
    "slaPausedSeconds" INTEGER NOT NULL DEFAULT 0,
    "firstContactResolution" BOOLEAN,
    "resolutionCode" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseSubject" (
    "caseId" UUID NOT NULL,
    "vendorId" UUID,
    "displayName" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "description" TEXT,
    "minorSafetyDetail" JSONB,
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "erasedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CaseSubject_pkey" PRIMARY KEY ("caseId")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" BIGSERIAL NOT NULL,
    "caseId" UUID NOT NULL,
    "vendorId" UUID,
    "type" "CaseEventType" NOT NULL,
    "fromStatus" "CaseStatus",
    "toStatus" "CaseStatus",
    "version" INTEGER NOT NULL,
    "actorKind" "ActorKind" NOT NULL,
    "actorId" TEXT NOT NULL,
    "requestId" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseNote" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "caseId" UUID NOT NULL,
    "vendorId" UUID,
    "authorKind" "ActorKind" NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "erasedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CaseNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "caseId" UUID NOT NULL,
    "vendorId" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "rulesetId" UUID,
    "rulesetVersion" INTEGER,
    "ruleId" UUID,
    "residencyCheck" JSONB NOT NULL,
    "explanation" JSONB NOT NULL,
    "status" "AssignmentStatus" NOT NULL DEFAULT 'OFFERED',
    "offeredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseExpiresAt" TIMESTAMPTZ(3),
    "acceptedAt" TIMESTAMPTZ(3),
    "rejectedAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "endReason" TEXT,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoutingRuleset" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "RulesetStatus" NOT NULL DEFAULT 'DRAFT',
    "shadowUntil" TIMESTAMPTZ(3),
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMPTZ(3),
    "publishedBy" TEXT,
    "archivedAt" TIMESTAMPTZ(3),

    CONSTRAINT "RoutingRuleset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoutingRule" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "rulesetId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "match" JSONB NOT NULL,
    "fallbackVendorIds" TEXT[] NOT NULL,
    "allowRestricted" BOOLEAN NOT NULL DEFAULT false,
    "requireBusinessHours" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "RoutingRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoutingRuleTarget" (
    "ruleId" UUID NOT NULL,
    "vendorId" UUID NOT NULL,
    "weight" INTEGER NOT NULL,

    CONSTRAINT "RoutingRuleTarget_pkey" PRIMARY KEY ("ruleId", "vendorId")
);

-- CreateTable
CREATE TABLE "RoutingAllocation" (
    "ruleId" UUID NOT NULL,
    "vendorId" UUID NOT NULL,
    "assigned" BIGINT NOT NULL DEFAULT '0',

    CONSTRAINT "RoutingAllocation_pkey" PRIMARY KEY ("ruleId", "vendorId")
);

-- CreateTable
CREATE TABLE "ShadowDecision" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "rulesetId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "vendorId" UUID,
    "ruleId" UUID,
    "outcome" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShadowDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "vendorId" UUID,
    "caseId" UUID,
    "payload" JSONB NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "enqueuedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "vendorId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "eventTypes" TEXT[] NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "disabledAt" TIMESTAMPTZ(3),
    "disabledReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookSecret" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "endpointId" UUID NOT NULL,
    "vendorId" UUID NOT NULL,
    "secret" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),

    CONSTRAINT "WebhookSecret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "webhookId" TEXT NOT NULL,
    "endpointId" UUID NOT NULL,
    "vendorId" UUID NOT NULL,
    "outboxId" BIGINT,
    "caseId" UUID,
    "eventType" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attemptCount" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "lastAttemptAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookAttempt" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "deliveryId" UUID NOT NULL,
    "vendorId" UUID NOT NULL,
    "attemptNumber" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "latencyMs" INTEGER,
    "responseStatus" INTEGER,
    "error" TEXT,

    CONSTRAINT "WebhookAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QaEvaluation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "caseId" UUID NOT NULL,
    "vendorId" UUID NOT NULL,
    "evaluatorKind" "EvaluatorKind" NOT NULL,
    "evaluatorId" TEXT NOT NULL,
    "rubric" JSONB NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "criticalError" BOOLEAN NOT NULL DEFAULT false,
    "blind" BOOLEAN NOT NULL DEFAULT true,
    "comment" TEXT,
    "evaluatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QaEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CsatResponse" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "caseId" UUID NOT NULL,
    "vendorId" UUID,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "respondedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CsatResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScorecardRollup" (
    "vendorId" UUID NOT NULL,
    "scopeCode" TEXT NOT NULL,
    "regionCode" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "cell" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ScorecardRollup_pkey" PRIMARY KEY ("vendorId", "scopeCode", "regionCode", "day")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorKind" "ActorKind" NOT NULL,
    "actorId" TEXT NOT NULL,
    "vendorId" UUID,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "requestId" TEXT,
    "outcome" TEXT NOT NULL DEFAULT 'OK',
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "principalKey" TEXT NOT NULL,
    "vendorId" UUID,
    "key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" "IdempotencyStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "response" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("principalKey", "key")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" "AlertKind" NOT NULL,
    "caseId" UUID,
    "vendorId" UUID,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedBy" TEXT,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Vendor_slug_key" ON "Vendor"("slug");

-- CreateIndex
CREATE INDEX "VendorSite_vendorId_idx" ON "VendorSite"("vendorId");

-- CreateIndex
CREATE INDEX "VendorCertification_regionCode_scopeCode_language_idx" ON "VendorCertification"("regionCode", "scopeCode", "language");

-- CreateIndex
CREATE UNIQUE INDEX "VendorCertification_vendorId_regionCode_scopeCode_language_key" ON "VendorCertification"("vendorId", "regionCode", "scopeCode", "language");

-- CreateIndex
CREATE UNIQUE INDEX "VendorCapacity_vendorId_scopeCode_key" ON "VendorCapacity"("vendorId", "scopeCode");

-- CreateIndex
CREATE UNIQUE INDEX "Contract_reference_key" ON "Contract"("reference");

-- CreateIndex
CREATE INDEX "Contract_vendorId_periodStart_idx" ON "Contract"("vendorId", "periodStart");

-- CreateIndex
CREATE INDEX "SlaTarget_contractId_idx" ON "SlaTarget"("contractId");

-- CreateIndex
CREATE INDEX "KpiTarget_contractId_idx" ON "KpiTarget"("contractId");

-- CreateIndex
CREATE INDEX "DataAccessGrant_contractId_idx" ON "DataAccessGrant"("contractId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiClient_clientId_key" ON "ApiClient"("clientId");

-- CreateIndex
CREATE INDEX "ApiClient_vendorId_idx" ON "ApiClient"("vendorId");

-- CreateIndex
CREATE INDEX "ApiClientSecret_apiClientId_idx" ON "ApiClientSecret"("apiClientId");

-- CreateIndex
CREATE INDEX "Case_vendorId_status_resolutionDueAt_idx" ON "Case"("vendorId", "status", "resolutionDueAt");

-- CreateIndex
CREATE INDEX "Case_vendorId_createdAt_idx" ON "Case"("vendorId", "createdAt");

-- CreateIndex
CREATE INDEX "Case_status_createdAt_idx" ON "Case"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Case_subjectRef_idx" ON "Case"("subjectRef");

-- CreateIndex
CREATE INDEX "Case_createdAt_idx" ON "Case"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Case_source_externalRef_key" ON "Case"("source", "externalRef");

-- CreateIndex
CREATE INDEX "CaseSubject_vendorId_idx" ON "CaseSubject"("vendorId");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_id_idx" ON "CaseEvent"("caseId", "id");

-- CreateIndex
CREATE INDEX "CaseEvent_vendorId_occurredAt_idx" ON "CaseEvent"("vendorId", "occurredAt");

-- CreateIndex
CREATE INDEX "CaseEvent_type_occurredAt_idx" ON "CaseEvent"("type", "occurredAt");

-- CreateIndex
CREATE INDEX "CaseNote_caseId_createdAt_idx" ON "CaseNote"("caseId", "createdAt");

-- CreateIndex
CREATE INDEX "Assignment_vendorId_status_leaseExpiresAt_idx" ON "Assignment"("vendorId", "status", "leaseExpiresAt");

-- CreateIndex
CREATE INDEX "Assignment_rulesetId_idx" ON "Assignment"("rulesetId");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_caseId_attempt_key" ON "Assignment"("caseId", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "RoutingRuleset_version_key" ON "RoutingRuleset"("version");

-- CreateIndex
CREATE INDEX "RoutingRuleset_status_idx" ON "RoutingRuleset"("status");

-- CreateIndex
CREATE UNIQUE INDEX "RoutingRule_rulesetId_position_key" ON "RoutingRule"("rulesetId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ShadowDecision_rulesetId_caseId_key" ON "ShadowDecision"("rulesetId", "caseId");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_id_idx" ON "OutboxMessage"("status", "id");

-- CreateIndex
CREATE INDEX "WebhookEndpoint_vendorId_idx" ON "WebhookEndpoint"("vendorId");

-- CreateIndex
CREATE INDEX "WebhookSecret_endpointId_idx" ON "WebhookSecret"("endpointId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_key" ON "WebhookDelivery"("webhookId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_vendorId_createdAt_idx" ON "WebhookDelivery"("vendorId", "createdAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_caseId_idx" ON "WebhookDelivery"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_outboxId_endpointId_key" ON "WebhookDelivery"("outboxId", "endpointId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookAttempt_deliveryId_attemptNumber_key" ON "WebhookAttempt"("deliveryId", "attemptNumber");

-- CreateIndex
CREATE INDEX "QaEvaluation_vendorId_evaluatedAt_idx" ON "QaEvaluation"("vendorId", "evaluatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "QaEvaluation_caseId_evaluatorKind_evaluatorId_key" ON "QaEvaluation"("caseId", "evaluatorKind", "evaluatorId");

-- CreateIndex
CREATE UNIQUE INDEX "CsatResponse_caseId_key" ON "CsatResponse"("caseId");

-- CreateIndex
CREATE INDEX "CsatResponse_vendorId_respondedAt_idx" ON "CsatResponse"("vendorId", "respondedAt");

-- CreateIndex
CREATE INDEX "ScorecardRollup_day_idx" ON "ScorecardRollup"("day");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_idx" ON "AuditEvent"("targetType", "targetId");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_occurredAt_idx" ON "AuditEvent"("actorId", "occurredAt");

-- CreateIndex
CREATE INDEX "AuditEvent_occurredAt_idx" ON "AuditEvent"("occurredAt");

-- CreateIndex
CREATE INDEX "IdempotencyKey_expiresAt_idx" ON "IdempotencyKey"("expiresAt");

-- CreateIndex
CREATE INDEX "Alert_acknowledgedAt_createdAt_idx" ON "Alert"("acknowledgedAt", "createdAt");

-- AddForeignKey
ALTER TABLE "VendorSite" ADD CONSTRAINT "VendorSite_vendorId_fkey" FOREIGN KEY ("vendorId") REFERENCES "Vendor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VendorCertification" ADD CONSTRAINT "VendorCertification_vendorId_fkey" FOREIGN KEY ("vendorId") REFERENCES "Vendor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VendorCertification" ADD CONSTRAINT "VendorCertification_regionCode_fkey" FOREIGN KEY ("regionCode") REFERENCES "Region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VendorCertification" ADD CONSTRAINT "VendorCertification_scopeCode_fkey" FOREIGN KEY ("scopeCode") REFERENCES "Scope"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VendorCapacity" ADD CONSTRAINT "VendorCapacity_vendorId_fkey" FOREIGN KEY ("vendorId") REFERENCES "Vendor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VendorCapacity" ADD CONSTRAINT "VendorCapacity_scopeCode_fkey" FOREIGN KEY ("scopeCode") REFERENCES "Scope"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_vendorId_fkey" FOREIGN KEY ("vendorId") REFERENCES "Vendor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlaTarget" ADD CONSTRAINT "SlaTarget_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KpiTarget" ADD CONSTRAINT "KpiTarget_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataAccessGrant" ADD CONSTRAINT "DataAccessGrant_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiClient" ADD CONSTRAINT "ApiClient_vendorId_fkey" FOREIGN KEY ("vendorId") REFERENCES "Vendor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiClientSecret" ADD CONSTRAINT "ApiClientSecret_apiClientId_fkey" FOREIGN KEY ("apiClientId") REFERENCES "ApiClient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_regionCode_fkey" FOREIGN KEY ("regionCode") REFERENCES "Region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_scopeCode_fkey" FOREIGN KEY ("scopeCode") REFERENCES "Scope"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_vendorId_fkey" FOREIGN KEY ("vendorId") REFERENCES "Vendor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseSubject" ADD CONSTRAINT "CaseSubject_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseNote" ADD CONSTRAINT "CaseNote_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_vendorId_fkey" FOREIGN KEY ("vendorId") REFERENCES "Vendor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_rulesetId_fkey" FOREIGN KEY ("rulesetId") REFERENCES "RoutingRuleset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoutingRule" ADD CONSTRAINT "RoutingRule_rulesetId_fkey" FOREIGN KEY ("rulesetId") REFERENCES "RoutingRuleset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoutingRuleTarget" ADD CONSTRAINT "RoutingRuleTarget_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "RoutingRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoutingRuleTarget" ADD CONSTRAINT "RoutingRuleTarget_vendorId_fkey" FOREIGN KEY ("vendorId") REFERENCES "Vendor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShadowDecision" ADD CONSTRAINT "ShadowDecision_rulesetId_fkey" FOREIGN KEY ("rulesetId") REFERENCES "RoutingRuleset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_vendorId_fkey" FOREIGN KEY ("vendorId") REFERENCES "Vendor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookSecret" ADD CONSTRAINT "WebhookSecret_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookAttempt" ADD CONSTRAINT "WebhookAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "WebhookDelivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaEvaluation" ADD CONSTRAINT "QaEvaluation_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CsatResponse" ADD CONSTRAINT "CsatResponse_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

