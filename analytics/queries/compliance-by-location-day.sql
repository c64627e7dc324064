-- Compliance per location and UTC day of capture, false positives apart (each person's latest review).
-- Frames without a location group under ''. The numbers match GET /reports/compliance?groupBy=location&interval=day.
-- parameters: from_day to_day from to from_day to_day from to from_day to_day
WITH frames_once AS (
  SELECT DISTINCT frame_id, location, day, status
  FROM frames
  WHERE day BETWEEN ? AND ?
    AND captured_at >= CAST(? AS TIMESTAMP) AND captured_at < CAST(? AS TIMESTAMP)
),
persons_once AS (
  SELECT DISTINCT frame_id, person_id, location, day, status
  FROM persons
  WHERE day BETWEEN ? AND ?
    AND captured_at >= CAST(? AS TIMESTAMP) AND captured_at < CAST(? AS TIMESTAMP)
),
reviews_in_range AS (
  SELECT frame_id, person_id, review_version, disposition
  FROM reviews
  WHERE day BETWEEN ? AND ?
),
latest_review AS (
  SELECT frame_id, person_id, max(review_version) AS review_version
  FROM reviews_in_range
  GROUP BY frame_id, person_id
),
false_positive AS (
  SELECT DISTINCT r.frame_id, r.person_id
  FROM reviews_in_range r
  JOIN latest_review l
    ON r.frame_id = l.frame_id AND r.person_id = l.person_id AND r.review_version = l.review_version
  WHERE r.disposition = 'false-positive'
),
frame_counts AS (
  SELECT location, day,
    sum(CASE WHEN status = 'analysed' THEN 1 ELSE 0 END) AS frames,
    sum(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END) AS rejected
  FROM frames_once
  GROUP BY location, day
),
person_counts AS (
  SELECT p.location, p.day,
    count(*) AS persons,
    sum(CASE WHEN p.status = 'compliant' THEN 1 ELSE 0 END) AS compliant,
    sum(CASE WHEN p.status = 'violation' AND fp.frame_id IS NULL THEN 1 ELSE 0 END) AS violations,
    sum(CASE WHEN p.status = 'indeterminate' THEN 1 ELSE 0 END) AS indeterminate,
    sum(CASE WHEN p.status = 'violation' AND fp.frame_id IS NOT NULL THEN 1 ELSE 0 END) AS false_positives
  FROM persons_once p
  LEFT JOIN false_positive fp ON p.frame_id = fp.frame_id AND p.person_id = fp.person_id
  GROUP BY p.location, p.day
)
SELECT f.location, f.day, f.frames, f.rejected,
  coalesce(p.persons, 0) AS persons,
  coalesce(p.compliant, 0) AS compliant,
  coalesce(p.violations, 0) AS violations,
  coalesce(p.indeterminate, 0) AS indeterminate,
  coalesce(p.false_positives, 0) AS false_positives,
  CASE WHEN coalesce(p.compliant, 0) + coalesce(p.violations, 0) = 0 THEN NULL
    ELSE round(CAST(p.compliant AS DOUBLE) / CAST(p.compliant + p.violations AS DOUBLE), 4)
  END AS compliance_rate
FROM frame_counts f
LEFT JOIN person_counts p ON f.location = p.location AND f.day = p.day
ORDER BY f.location, f.day
