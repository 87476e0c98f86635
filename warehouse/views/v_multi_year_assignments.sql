-- Assignments the text calls multi-year (flerårigt), with the span of the cross-year
-- thread they belong to, so an analyst can follow one through its reports.
CREATE OR REPLACE VIEW v_multi_year_assignments AS
SELECT
    organ,
    year,
    number,
    label,
    text,
    status,
    evidence,
    thread_id,
    thread_first_year,
    thread_last_year,
    thread_years,
    document_id,
    page,
    sha256,
    source_url
FROM assignments
WHERE multi_year AND NOT coalesce(is_duplicate, false);
