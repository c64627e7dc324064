-- Violations per missing equipment type and UTC hour of day (0 to 23) over the period, false
-- positives apart (each person's latest review); a person missing two types counts under each.
-- The numbers match the violationsByEquipment of GET /reports/compliance?interval=hour, hour by hour of day.
-- parameters: from_day to_day from to from_day to_day
WITH persons_once AS (
  SELECT DISTINCT frame_id, person_id, captured_at, missing_equipment
  FROM persons
  WHERE day BETWEEN ? AND ?
    AND captured_at >= CAST(? AS TIMESTAMP) AND captured_at < CAST(? AS TIMESTAMP)
    AND status = 'violation'
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
)
SELECT m.equipment, hour(p.captured_at) AS hour_of_day,
  sum(CASE WHEN fp.frame_id IS NULL THEN 1 ELSE 0 END) AS violations,
  sum(CASE WHEN fp.frame_id IS NOT NULL THEN 1 ELSE 0 END) AS false_positives
FROM persons_once p
CROSS JOIN UNNEST(p.missing_equipment) AS m (equipment)
LEFT JOIN false_positive fp ON p.frame_id = fp.frame_id AND p.person_id = fp.person_id
GROUP BY m.equipment, hour(p.captured_at)
ORDER BY m.equipment, hour_of_day
