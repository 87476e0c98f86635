-- Statements of warehouse/lineage_load.py, by name. Lineages are rebuilt for the organs in
-- lineage_organs from the assignments table, after the load's inserts, in its transaction.

-- name: stale_organs
-- Organs whose lineages no longer match their rows: rows never placed in a lineage (a new
-- warehouse, or one migrated from version 5) and members whose row is gone.
SELECT DISTINCT a.organ FROM assignments AS a
WHERE a.organ IS NOT NULL AND a.year IS NOT NULL AND NOT coalesce(a.reference_only, false)
  AND NOT EXISTS (SELECT 1 FROM assignment_lineage_members AS m WHERE m.assignment_id = a.assignment_id)
UNION
SELECT DISTINCT m.organ FROM assignment_lineage_members AS m
WHERE NOT EXISTS (SELECT 1 FROM assignments AS a WHERE a.assignment_id = m.assignment_id);

-- name: members
-- The candidates of the organs being rebuilt. rank: 0 a judged report row, 1 another report
-- row, 2 a row of another document (an aktivitetsplan). (is_duplicate is not used: it names
-- the copy in the lower document_id first, which may be the plan rather than the report.)
SELECT a.assignment_id, a.organ, a.year, a.document_id, a.number, a.section,
       CASE WHEN d.doc_type = 'aterrapportering' AND a.status <> 'okant' THEN 0
            WHEN d.doc_type = 'aterrapportering' THEN 1
            ELSE 2 END AS rank,
       a.text
FROM assignments AS a
LEFT JOIN documents AS d ON d.document_id = a.document_id
WHERE a.organ IN (SELECT unnest(?::VARCHAR[]))
  AND a.year IS NOT NULL
  AND NOT coalesce(a.reference_only, false)
ORDER BY a.organ, a.year, a.assignment_id;

-- name: delete_members
DELETE FROM assignment_lineage_members WHERE organ IN (SELECT unnest(?::VARCHAR[]));

-- name: delete_links
DELETE FROM assignment_links WHERE organ IN (SELECT unnest(?::VARCHAR[]));

-- name: delete_lineages
DELETE FROM assignment_lineages WHERE organ IN (SELECT unnest(?::VARCHAR[]));

-- name: insert
-- Members in history order (position), with their row's facts beside them.
INSERT INTO assignment_lineage_members BY NAME
SELECT m.* EXCLUDE (position), a.document_id, a.label, a.number, a.section, a.text, a.status,
       a.evidence, a.page
FROM incoming_lineage_members AS m
JOIN assignments AS a ON a.assignment_id = m.assignment_id
ORDER BY m.position;
INSERT INTO assignment_links BY NAME SELECT * FROM incoming_lineage_links;
INSERT INTO assignment_lineages
SELECT lineage_id,
       min(organ),
       min(year),
       max(year),
       count(DISTINCT year),
       count(*),
       arg_min(text, year) FILTER (WHERE shown),
       arg_max(text, year) FILTER (WHERE shown),
       arg_max(status, year) FILTER (WHERE shown)
FROM assignment_lineage_members
WHERE organ IN (SELECT DISTINCT organ FROM incoming_lineage_members)
GROUP BY lineage_id;

-- name: has_lineages
SELECT 1 FROM information_schema.tables
WHERE table_name = 'assignment_lineage_members' AND table_schema = current_schema();

-- name: find
-- Lineages with a member whose normalised wording holds every word of the phrase (bound as a
-- list of normalised words), oldest first.
SELECT l.lineage_id
FROM assignment_lineages AS l
WHERE l.lineage_id IN (
    SELECT lineage_id FROM assignment_lineage_members
    WHERE list_has_all(string_split(normalised, ' '), ?)
)
ORDER BY l.first_year, l.organ, l.lineage_id;

-- name: history
SELECT lineage, year, organ, label, text, status, evidence, document, page, link_method, link_score,
       first_year, last_year, n_years
FROM v_assignment_history
WHERE lineage IN (SELECT unnest(?::VARCHAR[]))
ORDER BY first_year, organ, lineage, year;
