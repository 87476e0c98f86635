-- How an assignment's status moved from one report year to the next (previous_* computed at
-- load time over its thread). v_status_changes lists only real changes; v_status_steps every
-- consecutive pair, unchanged ones included (changed = false), for "how many stayed pagar".
CREATE OR REPLACE VIEW v_status_steps AS
SELECT thread_id, organ, year, status, previous_year, previous_status,
       status IS DISTINCT FROM previous_status AS changed, number, text, document_id
FROM assignments
WHERE previous_year IS NOT NULL AND NOT coalesce(is_duplicate, false)
ORDER BY year, organ NULLS LAST, thread_id;

CREATE OR REPLACE VIEW v_status_changes AS
SELECT thread_id, organ, year, status, previous_year, previous_status, number, text, document_id
FROM v_status_steps
WHERE changed
ORDER BY year, organ NULLS LAST, thread_id;
