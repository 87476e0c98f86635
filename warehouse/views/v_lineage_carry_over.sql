-- Per organ and reported year: how many of its assignments are new, carried over from an
-- earlier year (same lineage), and how many of the previous reported year's are dropped
-- (not reported this year; a lineage that comes back later counts as carried over then).
-- previous_year and dropped_in are computed by the load (warehouse/lineage_load.py).
CREATE OR REPLACE VIEW v_lineage_carry_over AS
WITH counts AS (
    SELECT organ, year,
           count(*) AS assignments,
           count(*) FILTER (WHERE previous_year IS NULL) AS new,
           count(*) FILTER (WHERE previous_year IS NOT NULL) AS carried_over
    FROM assignment_lineage_members
    WHERE shown
    GROUP BY organ, year
),
dropped AS (
    SELECT organ, dropped_in AS year, count(*) AS dropped
    FROM assignment_lineage_members
    WHERE shown AND dropped_in IS NOT NULL
    GROUP BY organ, dropped_in
)
SELECT c.organ, c.year, c.assignments, c.new, c.carried_over, coalesce(d.dropped, 0) AS dropped
FROM counts AS c
LEFT JOIN dropped AS d ON d.organ = c.organ AND d.year = c.year
ORDER BY c.organ, c.year;
