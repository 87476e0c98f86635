CREATE OR REPLACE VIEW v_meetings_by_month AS
SELECT
    organ,
    CAST(year(date) AS INTEGER) AS year,
    CAST(month(date) AS INTEGER) AS month,
    count(DISTINCT date) AS meetings
FROM meeting_dates
GROUP BY organ, year(date), month(date)
ORDER BY year, month, organ NULLS LAST;
