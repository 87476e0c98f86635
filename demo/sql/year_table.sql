-- `protokoll demo`'s year table: per organ and year, the assignments with a status (bare
-- references and second copies of a report left out, as in v_status_by_year), how many were
-- judged done, the bare references left out, and distinct meeting dates (v_meetings_by_year).
WITH s AS (
    SELECT organ, year, sum(n) AS assignments,
           sum(n) FILTER (WHERE list_contains($done, status)) AS done
    FROM v_status_by_year GROUP BY organ, year),
r AS (
    SELECT organ, year, count(*) AS refs FROM assignments
    WHERE coalesce(reference_only, false) AND NOT coalesce(is_duplicate, false)
    GROUP BY organ, year),
m AS (SELECT organ, year, meetings FROM v_meetings_by_year),
k AS (SELECT organ, year FROM s UNION SELECT organ, year FROM r UNION SELECT organ, year FROM m)
SELECT k.organ, k.year,
       coalesce(s.assignments, 0) AS assignments, coalesce(s.done, 0) AS done,
       coalesce(r.refs, 0) AS bare_references, coalesce(m.meetings, 0) AS meetings
FROM k
LEFT JOIN s ON s.organ IS NOT DISTINCT FROM k.organ AND s.year IS NOT DISTINCT FROM k.year
LEFT JOIN r ON r.organ IS NOT DISTINCT FROM k.organ AND r.year IS NOT DISTINCT FROM k.year
LEFT JOIN m ON m.organ IS NOT DISTINCT FROM k.organ AND m.year IS NOT DISTINCT FROM k.year
ORDER BY k.year NULLS LAST, k.organ NULLS LAST
