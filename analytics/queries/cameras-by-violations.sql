-- Cameras ranked by violations over the period, false positives apart (each person's latest review).
-- The numbers match the totals of GET /reports/compliance?groupBy=camera.
-- parameters: from_day to_day from to from_day to_day from to from_day to_day
WITH frames_once AS (
  SELECT DISTINCT frame_id, camera_id, status
  FROM frames
  WHERE day BETWEEN ? AND ?
    AND captured_at >= CAST(? AS TIMESTAMP) AND captured_at < CAST(? AS TIMESTAMP)
),
persons_once AS (
  SELECT DISTINCT frame_id, person_id, camera_id, status
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
  SELECT camera_id,
    sum(CASE WHEN status = 'analysed' THEN 1 ELSE 0 END) AS frames,
    sum(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END) AS rejected
  FROM frames_once
  GROUP BY camera_id
),
person_counts AS (
  SELECT p.camera_id,
    count(*) AS persons,
    sum(CASE WHEN p.status = 'compliant' THEN 1 ELSE 0 END) AS compliant,
    sum(CASE WHEN p.status = 'violation' AND fp.frame_id IS NULL THEN 1 ELSE 0 END) AS violations,
    sum(CASE WHEN p.status = 'violation' AND fp.frame_id IS NOT NULL THEN 1 ELSE 0 END) AS false_positives
  FROM persons_once p
  LEFT JOIN false_positive fp ON p.frame_id = fp.frame_id AND p.person_id = fp.person_id
  GROUP BY p.camera_id
)
SELECT f.camera_id, f.frames, f.rejected,
  coalesce(p.persons, 0) AS persons,
  coalesce(p.compliant, 0) AS compliant,
  coalesce(p.violations, 0) AS violations,
  coalesce(p.false_positives, 0) AS false_positives,
  CASE WHEN coalesce(p.compliant, 0) + coalesce(p.violations, 0) = 0 THEN NULL
    ELSE round(CAST(p.compliant AS DOUBLE) / CAST(p.compliant + p.violations AS DOUBLE), 4)
  END AS compliance_rate
FROM frame_counts f
LEFT JOIN person_counts p ON f.camera_id = p.camera_id
ORDER BY violations DESC, f.camera_id
