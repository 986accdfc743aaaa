-- Service-credit terms state the unit each KPI's shortfall is counted in, and price full steps
-- of it: { shape: PER_STEP | TIERED, capBps, earnBack?: { sharePercent, marginPoints? },
-- lines: [{ kpi, unit, stepSize, rateBpsPerStep, capBps, weightPercent? }] } (tier tables:
-- lines: [{ kpi, unit, tiers: [{ threshold, creditBps }], weightPercent? }]).
--
-- Terms written "per point" read every KPI's shortfall as percentage points, so an AHT miss
-- in seconds was priced as if each second were a point. Rewritten here by one rule (the
-- same as `legacyStep` in the scorecard data code):
--   percentages and scores: steps of 0.01 point at a hundredth of the rate (figures unchanged);
--   seconds: the rate per full 10 s; minutes: per full minute; counts: per full case;
--   volume (a bound, not a target): no credit line.
-- Each line's own cap is the terms' overall cap.

CREATE FUNCTION pg_temp.credit_unit(code text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN upper(code) IN ('AHT_SECONDS') OR code = 'ahtSeconds' THEN 'SECONDS'
    WHEN upper(code) IN ('FRT_MEDIAN_MINUTES', 'FRT_P90_MINUTES')
      OR code IN ('firstResponseMedianMinutes', 'firstResponseP90Minutes') THEN 'MINUTES'
    WHEN upper(code) IN ('BACKLOG', 'AGED_BACKLOG') OR code IN ('backlog', 'agedBacklog') THEN 'COUNT'
    WHEN upper(code) IN ('CSAT_AVERAGE', 'QA_SCORE', 'CALIBRATION_GAP')
      OR code IN ('csatAverage', 'qaAverage', 'qaAverageVendor', 'qaAverageInternal', 'calibrationGap')
      THEN 'SCORE_POINTS'
    WHEN upper(code) = 'VOLUME' THEN NULL
    ELSE 'PERCENTAGE_POINTS'
  END $$;

CREATE FUNCTION pg_temp.step_line(code text, rate_bps numeric, cap_bps numeric, weight numeric)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_strip_nulls(jsonb_build_object(
    'kpi', code,
    'unit', pg_temp.credit_unit(code),
    'stepSize', CASE pg_temp.credit_unit(code)
                  WHEN 'SECONDS' THEN 10 WHEN 'MINUTES' THEN 1 WHEN 'COUNT' THEN 1 ELSE 0.01 END,
    'rateBpsPerStep', CASE WHEN pg_temp.credit_unit(code) IN ('PERCENTAGE_POINTS', 'SCORE_POINTS')
                        THEN round(rate_bps / 100, 2) ELSE rate_bps END,
    'capBps', cap_bps,
    'weightPercent', weight))
$$;

CREATE FUNCTION pg_temp.earn_back(e jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN e IS NULL OR jsonb_typeof(e) <> 'object' OR (e ->> 'enabled') = 'false' THEN NULL
    WHEN coalesce((e ->> 'sharePercent')::numeric, (e ->> 'share')::numeric * 100, 0) = 0 THEN NULL
    ELSE jsonb_strip_nulls(jsonb_build_object(
      'sharePercent', coalesce((e ->> 'sharePercent')::numeric, (e ->> 'share')::numeric * 100),
      'marginPoints', (e ->> 'marginPoints')::numeric))
  END $$;

CREATE FUNCTION pg_temp.tiers(t jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'threshold', coalesce((x ->> 'threshold')::numeric, (x ->> 'from')::numeric, 0),
           'creditBps', coalesce((x ->> 'creditBps')::numeric, round((x ->> 'creditPct')::numeric * 100)))
           ORDER BY o), '[]'::jsonb)
    FROM jsonb_array_elements(coalesce(t, '[]'::jsonb)) WITH ORDINALITY AS a(x, o)
$$;

UPDATE "Contract" c SET "creditTerms" = jsonb_strip_nulls(jsonb_build_object(
    'shape', 'PER_STEP',
    'capBps', cap.bps,
    'earnBack', pg_temp.earn_back(c."creditTerms" -> 'earnBack'),
    'lines', CASE
      WHEN jsonb_typeof(c."creditTerms" -> 'lines') = 'array' THEN
        (SELECT coalesce(jsonb_agg(pg_temp.step_line(l ->> 'kpi', (l ->> 'rateBpsPerPoint')::numeric,
                                   cap.bps, (l ->> 'weightPercent')::numeric) ORDER BY o), '[]'::jsonb)
           FROM jsonb_array_elements(c."creditTerms" -> 'lines') WITH ORDINALITY AS a(l, o)
          WHERE pg_temp.credit_unit(l ->> 'kpi') IS NOT NULL)
      ELSE
        (SELECT coalesce(jsonb_agg(pg_temp.step_line(t.kpi,
                                   round(coalesce((c."creditTerms" ->> 'ratePerPointPct')::numeric, 0) * 100),
                                   cap.bps, round(t.weight::numeric * 100)) ORDER BY t.kpi), '[]'::jsonb)
           FROM "KpiTarget" t
          WHERE t."contractId" = c.id AND t."scopeCode" IS NULL AND t."regionCode" IS NULL
            AND pg_temp.credit_unit(t.kpi) IS NOT NULL)
    END))
  FROM (SELECT id, coalesce(("creditTerms" ->> 'capBps')::numeric,
                            round(coalesce(("creditTerms" ->> 'capPct')::numeric, 0) * 100)) AS bps
          FROM "Contract") cap
 WHERE cap.id = c.id AND c."creditTerms" ->> 'shape' = 'PER_POINT';

UPDATE "Contract" c SET "creditTerms" = jsonb_strip_nulls(jsonb_build_object(
    'shape', 'TIERED',
    'capBps', coalesce((c."creditTerms" ->> 'capBps')::numeric,
                       round(coalesce((c."creditTerms" ->> 'capPct')::numeric, 0) * 100)),
    'earnBack', pg_temp.earn_back(c."creditTerms" -> 'earnBack'),
    'lines', CASE
      WHEN jsonb_typeof(c."creditTerms" -> 'lines') = 'array' THEN
        (SELECT coalesce(jsonb_agg(l || jsonb_build_object('unit', pg_temp.credit_unit(l ->> 'kpi'),
                                                           'tiers', pg_temp.tiers(l -> 'tiers'))
                                   ORDER BY o), '[]'::jsonb)
           FROM jsonb_array_elements(c."creditTerms" -> 'lines') WITH ORDINALITY AS a(l, o))
      WHEN c."creditTerms" ? 'kpi' THEN
        jsonb_build_array(jsonb_build_object('kpi', c."creditTerms" ->> 'kpi',
                                             'unit', pg_temp.credit_unit(c."creditTerms" ->> 'kpi'),
                                             'tiers', pg_temp.tiers(c."creditTerms" -> 'tiers')))
      ELSE '[]'::jsonb
    END))
 WHERE c."creditTerms" ->> 'shape' = 'TIERED'
   AND NOT coalesce(c."creditTerms" -> 'lines' -> 0 ? 'unit', false);
