-- One row per assignment lineage and year: how an assignment fared through its reports
-- (warehouse/lineage.py). link_method / link_score say how this year's row was linked to the
-- lineage's previous one (NULL for the first year). Copies of a year's row in other documents
-- are in assignment_lineage_members (shown = false), not here.
-- Rows come in history order, organ by organ, lineage by lineage, oldest year first: the load
-- writes the members in that order and a scan keeps it (DuckDB's preserve_insertion_order), so
-- the view needs neither a join nor a sort. Filter and order as you like on top.
-- Its columns are those an analyst reads a history by; the row's number and section are in
-- assignments (JOIN ... USING (assignment_id)): each text column more costs a full listing of a
-- million rows some 20 ms (benchmarks/RESULTS.md).
CREATE OR REPLACE VIEW v_assignment_history AS
SELECT
    lineage_id AS lineage,
    year,
    organ,
    label,
    text,
    status,
    evidence,
    document_id AS document,
    page,
    first_year,
    last_year,
    n_years,
    link_method,
    link_score,
    assignment_id
FROM assignment_lineage_members
WHERE shown;
