-- The URL each webhook attempt was sent to, written when it is sent: an endpoint's URL may
-- change between a delivery's attempts, and the delivery log shows where each one went.
-- Attempts made before this column existed have no URL (NULL); nothing is guessed for them.
-- The table keeps its row-level security (tenant_isolation on "vendorId").
ALTER TABLE "WebhookAttempt" ADD COLUMN "url" TEXT;
