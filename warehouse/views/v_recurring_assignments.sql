-- One row per assignment whose thread spans at least two report years: the same
-- assignment given again, possibly reworded (see warehouse/threads.py).
CREATE OR REPLACE VIEW v_recurring_assignments AS
SELECT
    thread_id,
    organ,
    year,
    number,
    label,
    text,
    status,
    thread_first_year AS first_year,
    thread_last_year AS last_year,
    thread_years AS n_years,
    multi_year,
    document_id,
    page
FROM assignments
WHERE thread_years >= 2 AND NOT coalesce(is_duplicate, false) AND NOT coalesce(reference_only, false);
