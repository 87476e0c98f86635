-- Status counts and shares per organ and report year. Second copies of a report
-- (is_duplicate) are left out so a report bundled in a kallelse is not counted twice, and bare
-- references ("Uppdrag 13 riktas till ...") are pointers, not judged assignments.
-- Shares are rounded to 4 decimals (they still add up to 1 within rounding); rows come by year,
-- organ, status so a trend reads down the result.
CREATE OR REPLACE VIEW v_status_by_year AS
SELECT
    organ,
    year,
    status,
    count(*) AS n,
    round(count(*) / sum(count(*)) OVER (PARTITION BY organ, year), 4) AS share
FROM assignments
WHERE NOT coalesce(is_duplicate, false) AND NOT coalesce(reference_only, false)
GROUP BY organ, year, status
ORDER BY year NULLS LAST, organ NULLS LAST, status;
