-- One row per assignment whose thread spans at least two report years: the same
-- assignment given again, possibly reworded (see warehouse/threads.py).
CREATE OR REPLACE VIEW v_recurring_assignments AS
SELECT
    a.thread_id,
    a.organ,
    a.year,
    a.number,
    a.label,
    a.text,
    a.status,
    t.first_year,
    t.last_year,
    t.n_years,
    a.multi_year,
    a.document_id,
    a.page
FROM assignments AS a
JOIN assignment_threads AS t USING (thread_id)
WHERE t.n_years >= 2 AND NOT coalesce(a.is_duplicate, false);
