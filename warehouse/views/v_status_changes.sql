-- Consecutive reports of the same thread side by side: how an assignment's status
-- moved from one report year to the next (previous_* computed at load time).
CREATE OR REPLACE VIEW v_status_changes AS
SELECT thread_id, organ, year, status, previous_year, previous_status, number, text, document_id
FROM assignments
WHERE previous_year IS NOT NULL AND NOT coalesce(is_duplicate, false);
