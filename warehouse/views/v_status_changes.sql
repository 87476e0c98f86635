-- Consecutive reports of the same thread side by side: how an assignment's status
-- moved from one year to the next.
CREATE OR REPLACE VIEW v_status_changes AS
SELECT thread_id, organ, year, status, previous_year, previous_status
FROM (
    SELECT
        thread_id,
        organ,
        year,
        status,
        lag(year) OVER (PARTITION BY thread_id ORDER BY year, assignment_id) AS previous_year,
        lag(status) OVER (PARTITION BY thread_id ORDER BY year, assignment_id) AS previous_status
    FROM assignments
    WHERE thread_id IS NOT NULL AND NOT coalesce(is_duplicate, false)
)
WHERE previous_year IS NOT NULL;
