-- The relay's sweep looks every few seconds for deliveries due a while ago and not attempted
-- (their queued attempt was lost). Without an index that read scanned every delivery ever
-- made. A partial index holds only deliveries still to attempt, so the read costs what is
-- pending, whatever the table's size; a delivery leaves it at its closing attempt.
CREATE INDEX "WebhookDelivery_due_idx" ON "WebhookDelivery" ("nextAttemptAt")
  WHERE "status" IN ('PENDING', 'RETRYING');
