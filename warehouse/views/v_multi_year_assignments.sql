-- Assignments the text calls multi-year (flerårigt), with the span of the cross-year
-- thread they belong to, so an analyst can follow one through its reports.
CREATE OR REPLACE VIEW v_multi_year_assignments AS
SELECT
    a.organ,
    a.year,
    a.number,
    a.label,
    a.text,
    a.status,
    a.evidence,
    a.thread_id,
    t.first_year AS thread_first_year,
    t.last_year AS thread_last_year,
    t.n_years AS thread_years,
    a.document_id,
    a.page,
    a.sha256,
    a.source_url
FROM assignments AS a
LEFT JOIN assignment_threads AS t USING (thread_id)
WHERE a.multi_year AND NOT coalesce(a.is_duplicate, false);
