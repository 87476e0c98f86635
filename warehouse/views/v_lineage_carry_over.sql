-- Per organ and reported year: how many of its assignments are new, carried over from an
-- earlier year (same lineage), and how many of the previous reported year's are dropped
-- (not reported this year; a lineage that comes back later counts as carried over then).
CREATE OR REPLACE VIEW v_lineage_carry_over AS
WITH shown AS (
    SELECT organ, year, lineage_id,
           lag(year) OVER (PARTITION BY lineage_id ORDER BY year) AS previous_year,
           lead(year) OVER (PARTITION BY lineage_id ORDER BY year) AS next_year
    FROM assignment_lineage_members
    WHERE shown
),
years AS (
    SELECT organ, year, lead(year) OVER (PARTITION BY organ ORDER BY year) AS next_reported
    FROM (SELECT DISTINCT organ, year FROM shown)
),
dropped AS (
    SELECT s.organ, y.next_reported AS year, count(*) AS dropped
    FROM shown AS s
    JOIN years AS y ON y.organ = s.organ AND y.year = s.year
    WHERE y.next_reported IS NOT NULL AND (s.next_year IS NULL OR s.next_year > y.next_reported)
    GROUP BY ALL
),
counts AS (
    SELECT organ, year,
           count(*) AS assignments,
           count(*) FILTER (WHERE previous_year IS NULL) AS new,
           count(*) FILTER (WHERE previous_year IS NOT NULL) AS carried_over
    FROM shown
    GROUP BY organ, year
)
SELECT c.organ, c.year, c.assignments, c.new, c.carried_over, coalesce(d.dropped, 0) AS dropped
FROM counts AS c
LEFT JOIN dropped AS d ON d.organ = c.organ AND d.year = c.year
ORDER BY c.organ, c.year;
