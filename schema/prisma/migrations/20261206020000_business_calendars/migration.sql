-- Business calendars and holiday sets as data, with effective-dated versions; the platform's
-- own SLA targets (the user's end-to-end clock) and that clock's due times on the case.

-- ─── Holiday sets ───
CREATE TABLE "HolidaySet" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "code" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "HolidaySet_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "HolidaySet_code_key" ON "HolidaySet" ("code");

CREATE TABLE "Holiday" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "holidaySetId" UUID NOT NULL,
  -- A local date of the calendar that counts on the set.
  "date" DATE NOT NULL,
  "name" TEXT NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Holiday_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "Holiday_holidaySetId_fkey" FOREIGN KEY ("holidaySetId") REFERENCES "HolidaySet" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "Holiday_holidaySetId_date_key" ON "Holiday" ("holidaySetId", "date");

-- ─── Business calendars ───
CREATE TABLE "BusinessCalendar" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "code" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "timeZone" TEXT NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "BusinessCalendar_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "BusinessCalendar_code_key" ON "BusinessCalendar" ("code");

-- A version is immutable: a change is a new version with a later effectiveFrom.
CREATE TABLE "BusinessCalendarVersion" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "calendarId" UUID NOT NULL,
  "version" INTEGER NOT NULL,
  "effectiveFrom" TIMESTAMPTZ(3) NOT NULL,
  -- ISO weekdays open (1 = Monday … 7 = Sunday), and the shift in minutes after local midnight.
  "days" INTEGER[] NOT NULL,
  "openMinute" INTEGER NOT NULL,
  "closeMinute" INTEGER NOT NULL,
  "holidaySetId" UUID,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "BusinessCalendarVersion_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "BusinessCalendarVersion_calendarId_fkey" FOREIGN KEY ("calendarId") REFERENCES "BusinessCalendar" ("id") ON DELETE RESTRICT,
  CONSTRAINT "BusinessCalendarVersion_holidaySetId_fkey" FOREIGN KEY ("holidaySetId") REFERENCES "HolidaySet" ("id") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "BusinessCalendarVersion_calendarId_version_key" ON "BusinessCalendarVersion" ("calendarId", "version");
CREATE UNIQUE INDEX "BusinessCalendarVersion_calendarId_effectiveFrom_key" ON "BusinessCalendarVersion" ("calendarId", "effectiveFrom");

-- Versions are never edited or removed: clocks already counted on them must replay the same.
CREATE FUNCTION "BusinessCalendarVersion_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'business calendar versions are immutable; add a new version';
END $$;
CREATE TRIGGER "BusinessCalendarVersion_immutable" BEFORE UPDATE OR DELETE ON "BusinessCalendarVersion"
  FOR EACH ROW EXECUTE FUNCTION "BusinessCalendarVersion_immutable"();

-- ─── Vendors count on a calendar ───
ALTER TABLE "Vendor" ADD COLUMN "calendarId" UUID;
ALTER TABLE "Vendor" ADD CONSTRAINT "Vendor_calendarId_fkey" FOREIGN KEY ("calendarId") REFERENCES "BusinessCalendar" ("id") ON DELETE RESTRICT;

-- Each vendor's hours and holidays become its own calendar (`vendor-<slug>`), in force since
-- the epoch so every clock already counted keeps its due times.
INSERT INTO "HolidaySet" ("code", "name")
SELECT 'vendor-' || v.slug, v.name || ' holidays' FROM "Vendor" v;
INSERT INTO "Holiday" ("holidaySetId", "date", "name")
SELECT s.id, h.d::date, 'holiday'
  FROM "Vendor" v JOIN "HolidaySet" s ON s.code = 'vendor-' || v.slug
 CROSS JOIN LATERAL unnest(v.holidays) AS h(d)
ON CONFLICT DO NOTHING;
INSERT INTO "BusinessCalendar" ("code", "name", "timeZone")
SELECT 'vendor-' || v.slug, v.name || ' business hours', v."timeZone" FROM "Vendor" v;
INSERT INTO "BusinessCalendarVersion" ("calendarId", "version", "effectiveFrom", "days", "openMinute", "closeMinute", "holidaySetId")
SELECT c.id, 1, TIMESTAMPTZ '1970-01-01 00:00:00+00',
       ARRAY(SELECT jsonb_array_elements_text(v."businessHours"->'days')::int),
       (v."businessHours"->>'openMinute')::int, (v."businessHours"->>'closeMinute')::int, s.id
  FROM "Vendor" v
  JOIN "BusinessCalendar" c ON c.code = 'vendor-' || v.slug
  JOIN "HolidaySet" s ON s.code = 'vendor-' || v.slug;
UPDATE "Vendor" v SET "calendarId" = c.id FROM "BusinessCalendar" c WHERE c.code = 'vendor-' || v.slug;

-- ─── The user's end-to-end clock ───
-- Platform targets per region, scope and priority (null matches any; the most specific wins),
-- counted on a calendar (null: round the clock).
CREATE TABLE "PlatformSlaTarget" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "regionCode" TEXT,
  "scopeCode" TEXT,
  "priority" "Priority",
  "firstResponseMinutes" INTEGER NOT NULL,
  "resolutionMinutes" INTEGER NOT NULL,
  "calendarId" UUID,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "PlatformSlaTarget_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "PlatformSlaTarget_calendarId_fkey" FOREIGN KEY ("calendarId") REFERENCES "BusinessCalendar" ("id") ON DELETE RESTRICT,
  CONSTRAINT "PlatformSlaTarget_minutes_check" CHECK ("firstResponseMinutes" > 0 AND "resolutionMinutes" > 0)
);

-- Set once when the case is created and moved only by pauses: never by re-routing or escalation.
ALTER TABLE "Case"
  ADD COLUMN "userFirstResponseDueAt" TIMESTAMPTZ(3),
  ADD COLUMN "userResolutionDueAt" TIMESTAMPTZ(3);
