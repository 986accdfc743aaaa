-- Each partner API client is throttled by its tier; what a tier allows (query-cost points per
-- window) is gateway configuration, so ops move a client between tiers without a deploy.
CREATE TYPE "RateLimitTier" AS ENUM ('LOW', 'STANDARD', 'HIGH');

ALTER TABLE "ApiClient" ADD COLUMN "rateLimitTier" "RateLimitTier" NOT NULL DEFAULT 'STANDARD';
