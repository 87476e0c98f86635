-- Each assignment next to the cleaned text of the page it was read from, and its file.
CREATE OR REPLACE VIEW v_assignment_pages AS
SELECT
    a.assignment_id,
    a.organ,
    a.year,
    a.number,
    a.label,
    a.text,
    a.status,
    a.evidence,
    a.page,
    a.extractor_version,
    f.file_name,
    f.url,
    a.sha256,
    p.text AS page_text
FROM assignments AS a
LEFT JOIN pages AS p ON p.sha256 = a.sha256 AND p.page = a.page
LEFT JOIN source_files AS f ON f.sha256 = a.sha256;
