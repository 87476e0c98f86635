-- Data checks over the published warehouse, by name. Each returns the OFFENDING rows: a check
-- passes when its statement returns none. Parameters are bound by name.

-- name: reports_have_assignments
-- An återrapportering without a single assignment: the report's layout was not understood.
SELECT d.document_id, d.organ, d.year, d.title
FROM documents AS d
WHERE d.doc_type = 'aterrapportering'
  AND NOT EXISTS (SELECT 1 FROM assignments AS a WHERE a.document_id = d.document_id)
ORDER BY d.organ, d.year, d.document_id;

-- name: okant_share
-- Reports (of at least $min_assignments judged assignments) whose share of okant is over $max_share,
-- and one 'ALL REPORTS' row when the share over every report is. Bare references ("Uppdrag 13
-- riktas till ...") are pointers, not assignments left unjudged; plan items of an aktivitetsplan
-- have no status statements by nature: only reports count.
WITH judged AS (
    SELECT a.document_id, a.status = 'okant' AS okant
    FROM assignments AS a
    JOIN documents AS d USING (document_id)
    WHERE d.doc_type = 'aterrapportering' AND NOT coalesce(a.reference_only, false)
), per_document AS (
    SELECT document_id, count(*) AS assignments, avg(okant::INTEGER) AS okant_share
    FROM judged GROUP BY document_id
)
SELECT document_id, assignments, round(okant_share, 3) AS okant_share
FROM per_document
WHERE assignments >= $min_assignments AND okant_share > $max_share
UNION ALL
SELECT 'ALL REPORTS', count(*), round(avg(okant::INTEGER), 3)
FROM judged
HAVING count(*) > 0 AND avg(okant::INTEGER) > $max_share
ORDER BY document_id;

-- name: unique_keys
-- Keys that occur more than once; two assignments with the same printed number in one document
-- mean a split or a parse went wrong.
SELECT 'source_files(sha256)' AS key_of, sha256 AS key, count(*) AS copies
FROM source_files GROUP BY sha256 HAVING count(*) > 1
UNION ALL
SELECT 'documents(document_id)', document_id, count(*)
FROM documents GROUP BY document_id HAVING count(*) > 1
UNION ALL
SELECT 'assignments(assignment_id)', assignment_id, count(*)
FROM assignments GROUP BY assignment_id HAVING count(*) > 1
UNION ALL
SELECT 'meeting_dates(document_id, date)', concat_ws(' ', document_id, date), count(*)
FROM meeting_dates GROUP BY document_id, date HAVING count(*) > 1
UNION ALL
SELECT 'assignments(document_id, number)', concat_ws(' ', document_id, number), count(*)
FROM assignments WHERE number IS NOT NULL GROUP BY document_id, number HAVING count(*) > 1
ORDER BY key_of, key;

-- name: meeting_dates_near_year
-- Meeting dates more than $tolerance years from their document's year: a misread date or year.
SELECT m.document_id, d.organ, d.year, m.date, m.page
FROM meeting_dates AS m
JOIN documents AS d USING (document_id)
WHERE d.year IS NOT NULL AND abs(year(m.date) - d.year) > $tolerance
ORDER BY d.organ, d.year, m.date;
