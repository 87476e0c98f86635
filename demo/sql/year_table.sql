-- `protokoll demo`'s year table: per organ and year, assignments with a status (bare references
-- and second copies of a report left out, as in v_status_by_year), how many were judged done,
-- and distinct meeting dates.
WITH s AS (
    SELECT organ, year, sum(n) AS assignments,
           sum(n) FILTER (WHERE list_contains($done, status)) AS done
    FROM v_status_by_year GROUP BY organ, year),
m AS (SELECT organ, year, meetings FROM v_meetings_by_year)
SELECT coalesce(s.organ, m.organ) AS organ, coalesce(s.year, m.year) AS year,
       coalesce(s.assignments, 0) AS assignments, coalesce(s.done, 0) AS done,
       coalesce(m.meetings, 0) AS meetings
FROM s FULL OUTER JOIN m ON s.organ = m.organ AND s.year = m.year
ORDER BY year, organ NULLS LAST
