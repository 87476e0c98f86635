-- How an assignment's status moved from one report year to the next (previous_* computed at
-- load time over its thread). v_status_changes lists only real changes; the table macro
-- status_changes(include_unchanged := true) also lists the pairs that kept their status
-- (changed = false), for "how many stayed pagar". Rows by (year, organ): at 1,000,000
-- assignments a view on a view, or a third sort key, took over 200 ms (bench_warehouse.py).
CREATE OR REPLACE VIEW v_status_changes AS
SELECT thread_id, organ, year, status, previous_year, previous_status, number, text, document_id
FROM assignments
WHERE previous_year IS NOT NULL AND NOT coalesce(is_duplicate, false)
  AND status IS DISTINCT FROM previous_status
ORDER BY year, organ NULLS LAST;

CREATE OR REPLACE MACRO status_changes(include_unchanged := false) AS TABLE
SELECT thread_id, organ, year, status, previous_year, previous_status,
       status IS DISTINCT FROM previous_status AS changed, number, text, document_id
FROM assignments
WHERE previous_year IS NOT NULL AND NOT coalesce(is_duplicate, false)
  AND (include_unchanged OR status IS DISTINCT FROM previous_status)
ORDER BY year, organ NULLS LAST;
