-- Status counts and shares per organ and report year. Second copies of a report
-- (is_duplicate) are left out so a report bundled in a kallelse is not counted twice.
CREATE OR REPLACE VIEW v_status_by_year AS
SELECT
    organ,
    year,
    status,
    count(*) AS n,
    count(*) / sum(count(*)) OVER (PARTITION BY organ, year) AS share
FROM assignments
WHERE NOT coalesce(is_duplicate, false) AND NOT coalesce(reference_only, false)
GROUP BY organ, year, status;
