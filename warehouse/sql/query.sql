-- Statements of warehouse/query.py, by name.

-- name: status_files
SELECT status, count(*) FROM source_files GROUP BY status ORDER BY status;

-- name: status_documents
SELECT coalesce(doc_type, '?'), count(*) FROM documents GROUP BY ALL ORDER BY 1;

-- name: status_assignments
-- Bare references ("Uppdrag 6 riktas till en annan beredning") apart: they have no status of
-- their own and v_status_by_year leaves them out.
SELECT year, status, coalesce(reference_only, false) AS reference_only, count(*) FROM assignments
WHERE NOT coalesce(is_duplicate, false)
GROUP BY ALL ORDER BY year NULLS LAST, status, reference_only;

-- name: status_meetings
SELECT count(*), count(DISTINCT (organ, date)) FROM meeting_dates;

-- name: status_last_load
SELECT run_id, started_at, finished_at, extractor_version, files, files_ok, files_rejected,
       documents, assignments, meeting_dates
FROM load_runs ORDER BY started_at DESC, run_id DESC LIMIT 1;

-- name: schema_version
SELECT max(version) FROM schema_version;

-- name: loaded_files
-- Every loaded file: its extractor version (what a run must re-extract), and url / file_name /
-- fetched_at / status / error (for originals no source listed this run).
SELECT sha256, coalesce(extractor_version, '') AS extractor_version, url, file_name, fetched_at, status, error
FROM source_files ORDER BY sha256;

-- name: table_counts
SELECT (SELECT count(*) FROM source_files) AS source_files,
       (SELECT count(*) FROM documents) AS documents,
       (SELECT count(*) FROM assignments) AS assignments,
       (SELECT count(*) FROM meeting_dates) AS meeting_dates;
