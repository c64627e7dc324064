-- Compliance per location and UTC day, false positives apart, from the hourly statistics items that
-- GET /reports/compliance?groupBy=location&interval=day reads, so the numbers equal it by construction.
-- Each camera-hour is exported many times (at least once per change); its row with the highest version holds its counts.
-- Frames without a location group under ''.
-- parameters: from_day to_day from to
WITH hours_in_range AS (
  SELECT camera_id, location, hour, day, version,
    frames, rejected, persons, compliant, violations, indeterminate, false_positives
  FROM hourly
  WHERE day BETWEEN ? AND ?
    AND hour >= CAST(? AS TIMESTAMP) AND hour < CAST(? AS TIMESTAMP)
),
latest AS (
  SELECT camera_id, location, hour, max(version) AS version
  FROM hours_in_range
  GROUP BY camera_id, location, hour
),
hour_counts AS (
  SELECT DISTINCT h.camera_id, h.location, h.hour, h.day,
    h.frames, h.rejected, h.persons, h.compliant,
    greatest(h.violations - h.false_positives, 0) AS violations,
    h.indeterminate, h.false_positives
  FROM hours_in_range h
  JOIN latest l
    ON h.camera_id = l.camera_id AND h.location = l.location AND h.hour = l.hour AND h.version = l.version
),
day_counts AS (
  SELECT location, day,
    sum(frames) AS frames,
    sum(rejected) AS rejected,
    sum(persons) AS persons,
    sum(compliant) AS compliant,
    sum(violations) AS violations,
    sum(indeterminate) AS indeterminate,
    sum(false_positives) AS false_positives
  FROM hour_counts
  GROUP BY location, day
)
SELECT location, day, frames, rejected, persons, compliant, violations, indeterminate, false_positives,
  CASE WHEN compliant + violations = 0 THEN NULL
    ELSE round(CAST(compliant AS DOUBLE) / CAST(compliant + violations AS DOUBLE), 4)
  END AS compliance_rate
FROM day_counts
ORDER BY location, day
