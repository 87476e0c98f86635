-- One row per assignment lineage and year, oldest first: how an assignment fared through its
-- reports (warehouse/lineage.py). link_method / link_score say how this year's row was linked
-- to the lineage's previous one (NULL for the first year). Copies of a year's row in other
-- documents are in assignment_lineage_members (shown = false), not here.
CREATE OR REPLACE VIEW v_assignment_history AS
SELECT
    m.lineage_id AS lineage,
    m.year,
    a.organ,
    a.label,
    a.text,
    a.status,
    a.evidence,
    a.document_id AS document,
    a.page,
    a.number,
    a.section,
    m.first_year,
    m.last_year,
    m.n_years,
    m.link_method,
    m.link_score,
    a.assignment_id
FROM assignment_lineage_members AS m
JOIN assignments AS a ON a.assignment_id = m.assignment_id
WHERE m.shown
ORDER BY a.organ, m.lineage_id, m.year;
