-- Facts that could not be extracted, one row per gap, for review.
CREATE OR REPLACE VIEW v_extraction_gaps AS
SELECT 'report_without_assignments' AS kind, d.document_id, d.organ, d.year, d.doc_type,
       coalesce(d.title, '') AS detail
FROM documents AS d
WHERE d.doc_type = 'aterrapportering'
  AND NOT EXISTS (SELECT 1 FROM assignments AS a WHERE a.document_id = d.document_id)
UNION ALL
SELECT 'status_okant', a.document_id, a.organ, a.year, 'aterrapportering',
       concat_ws(' ', a.label, left(a.text, 200))
FROM assignments AS a
WHERE a.status = 'okant' AND NOT coalesce(a.is_duplicate, false) AND NOT coalesce(a.reference_only, false)
UNION ALL
SELECT 'kallelse_without_meeting_date', d.document_id, d.organ, d.year, d.doc_type,
       coalesce(d.title, '')
FROM documents AS d
WHERE d.doc_type = 'kallelse' AND d.meeting_date IS NULL
UNION ALL
SELECT 'document_without_organ', d.document_id, d.organ, d.year, d.doc_type, coalesce(d.title, '')
FROM documents AS d
WHERE d.organ IS NULL
UNION ALL
SELECT 'document_without_year', d.document_id, d.organ, d.year, d.doc_type, coalesce(d.title, '')
FROM documents AS d
WHERE d.year IS NULL
UNION ALL
SELECT 'rejected_file', NULL, NULL, NULL, NULL,
       concat_ws(': ', coalesce(f.file_name, f.sha256), f.error)
FROM source_files AS f
WHERE f.status = 'rejected'
UNION ALL
-- A page without a usable text layer, extracted where no OCR engine was available.
SELECT 'page_needs_ocr', NULL, NULL, NULL, NULL,
       concat(coalesce(f.file_name, f.sha256), ' page ', p.page)
FROM pages AS p
JOIN source_files AS f USING (sha256)
WHERE p.text_source = 'needs_ocr';
