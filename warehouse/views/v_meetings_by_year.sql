-- Distinct meeting dates per organ and calendar year of the meeting: the same meeting
-- named in a kallelse, a plan and a report counts once.
CREATE OR REPLACE VIEW v_meetings_by_year AS
SELECT
    organ,
    CAST(year(date) AS INTEGER) AS year,
    count(DISTINCT date) AS meetings,
    min(date) AS first_date,
    max(date) AS last_date
FROM meeting_dates
GROUP BY organ, year(date)
ORDER BY year, organ NULLS LAST;
