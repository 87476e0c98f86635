-- Statements of warehouse/threads.py, by name. Threads are re-linked, a batch of organs
-- (incoming_organs) at a time, over their stored rows: the load has already deleted the
-- files being replaced and inserted the incoming ones.

-- name: replaced_organs
-- Organs whose threads change because rows of theirs are replaced (read before the delete).
SELECT DISTINCT organ FROM assignments
WHERE organ IS NOT NULL AND sha256 IN (SELECT sha256 FROM incoming_shas);

-- name: unthreaded_organs
-- Organs with rows never threaded: every row inserted by this load, and rows loaded by
-- schema version 1.
SELECT DISTINCT organ FROM assignments WHERE organ IS NOT NULL AND thread_id IS NULL AND year IS NOT NULL;

-- name: backfill_keys
-- Rows loaded by schema version 1 have no fingerprint.
UPDATE assignments SET assignment_key = assignment_key(text) WHERE assignment_key IS NULL;

-- name: organ_rows
-- Rows per organ, to cut the organs into batches of bounded size.
SELECT organ, count(*) FROM assignments
WHERE organ IN (SELECT unnest(?::VARCHAR[])) AND year IS NOT NULL
GROUP BY organ ORDER BY organ;

-- name: rows
-- A second copy of a report (same organ, year, number and wording in another document)
-- is a duplicate of the copy in the first document.
CREATE OR REPLACE TEMP TABLE t_rows AS
WITH all_rows AS (
    SELECT assignment_id, organ, year, document_id, number, assignment_key, text, status
    FROM assignments
    WHERE organ IN (SELECT organ FROM incoming_organs) AND year IS NOT NULL
)
SELECT *,
       document_id <> min(document_id) OVER (PARTITION BY organ, year, number, assignment_key) AS is_duplicate
FROM all_rows;

-- name: unmatched
-- Wordings of an organ's year that do not recur verbatim in its next reported year
-- (side 0), and those of the next year that are new (side 1): fuzzy candidates.
WITH years AS (
    SELECT DISTINCT organ, year FROM t_rows
),
pairs AS (
    SELECT organ, year AS y0, lead(year) OVER (PARTITION BY organ ORDER BY year) AS y1 FROM years
),
wordings AS (
    SELECT organ, year, assignment_key, min(text) AS text
    FROM t_rows WHERE NOT is_duplicate
    GROUP BY organ, year, assignment_key
)
SELECT p.organ, p.y0, 0 AS side, w.assignment_key, w.text
FROM pairs AS p
JOIN wordings AS w ON w.organ = p.organ AND w.year = p.y0
WHERE p.y1 IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM wordings AS n
                  WHERE n.organ = p.organ AND n.year = p.y1 AND n.assignment_key = w.assignment_key)
UNION ALL
SELECT p.organ, p.y0, 1 AS side, w.assignment_key, w.text
FROM pairs AS p
JOIN wordings AS w ON w.organ = p.organ AND w.year = p.y1
WHERE NOT EXISTS (SELECT 1 FROM wordings AS o
                  WHERE o.organ = p.organ AND o.year = p.y0 AND o.assignment_key = w.assignment_key)
ORDER BY 1, 2, 3, 4;

-- name: thread_map
-- Same wording anywhere in an organ's years = same thread; fuzzy links (incoming_links)
-- merge wordings. A thread is named after its earliest member.
CREATE OR REPLACE TEMP TABLE t_map AS
WITH grouped AS (
    SELECT r.assignment_id, r.organ, r.year, r.is_duplicate, r.text, r.status,
           coalesce(l.root_key, r.assignment_key) AS group_key
    FROM t_rows AS r
    LEFT JOIN incoming_links AS l ON l.organ = r.organ AND l.assignment_key = r.assignment_key
),
named AS (
    SELECT assignment_id, organ, year, is_duplicate, text, status,
           first_value(assignment_id) OVER (
               PARTITION BY organ, group_key ORDER BY year, is_duplicate, assignment_id
           ) AS thread_id
    FROM grouped
),
spans AS (
    SELECT thread_id, min(year) AS first_year, max(year) AS last_year, count(DISTINCT year) AS n_years
    FROM named GROUP BY thread_id
),
previous AS (
    SELECT assignment_id,
           lag(year) OVER w AS previous_year,
           lag(status) OVER w AS previous_status
    FROM named
    WHERE NOT is_duplicate
    WINDOW w AS (PARTITION BY thread_id ORDER BY year, assignment_id)
)
SELECT n.*, s.first_year AS thread_first_year, s.last_year AS thread_last_year, s.n_years AS thread_years,
       p.previous_year, p.previous_status
FROM named AS n
JOIN spans AS s USING (thread_id)
LEFT JOIN previous AS p USING (assignment_id);

-- name: update_existing
UPDATE assignments
SET thread_id = m.thread_id, is_duplicate = m.is_duplicate, thread_first_year = m.thread_first_year,
    thread_last_year = m.thread_last_year, thread_years = m.thread_years,
    previous_year = m.previous_year, previous_status = m.previous_status
FROM t_map AS m
WHERE assignments.assignment_id = m.assignment_id
  AND (assignments.thread_id IS DISTINCT FROM m.thread_id
       OR assignments.is_duplicate IS DISTINCT FROM m.is_duplicate
       OR assignments.thread_years IS DISTINCT FROM m.thread_years
       OR assignments.thread_first_year IS DISTINCT FROM m.thread_first_year
       OR assignments.thread_last_year IS DISTINCT FROM m.thread_last_year
       OR assignments.previous_year IS DISTINCT FROM m.previous_year
       OR assignments.previous_status IS DISTINCT FROM m.previous_status);

-- name: delete_threads
DELETE FROM assignment_threads WHERE organ IN (SELECT organ FROM incoming_organs);

-- name: insert_threads
INSERT INTO assignment_threads
SELECT thread_id,
       organ,
       min(thread_first_year),
       min(thread_last_year),
       min(thread_years),
       count(*) FILTER (WHERE NOT is_duplicate),
       max(text) FILTER (WHERE assignment_id = thread_id)
FROM t_map
GROUP BY thread_id, organ;

-- name: drop_temp
DROP TABLE IF EXISTS t_rows;
DROP TABLE IF EXISTS t_map;
