-- Statements of warehouse/load.py, by name. Incoming rows are Arrow tables registered
-- on the connection as incoming_<table>; incoming_shas holds the files being replaced.

-- name: existing_files
SELECT f.sha256, f.url, f.fetched_at
FROM source_files AS f
JOIN incoming_shas AS i USING (sha256);

-- name: delete_source_files
-- A URL that failed on an earlier run (a rejected row under a fetch: key) and now arrives
-- intact is no longer a rejection: its old row goes with the replaced ones.
DELETE FROM source_files
WHERE sha256 IN (SELECT sha256 FROM incoming_shas)
   OR (status = 'rejected' AND url IS NOT NULL
       AND url IN (SELECT url FROM incoming_shas WHERE status = 'ok' AND url IS NOT NULL));

-- name: delete_documents
DELETE FROM documents WHERE sha256 IN (SELECT sha256 FROM incoming_shas);

-- name: delete_assignments
DELETE FROM assignments WHERE sha256 IN (SELECT sha256 FROM incoming_shas);

-- name: delete_meeting_dates
DELETE FROM meeting_dates WHERE sha256 IN (SELECT sha256 FROM incoming_shas);

-- name: delete_diarienummer
DELETE FROM diarienummer WHERE sha256 IN (SELECT sha256 FROM incoming_shas);

-- name: delete_pages
DELETE FROM pages WHERE sha256 IN (SELECT sha256 FROM incoming_shas);

-- name: insert_source_files
INSERT INTO source_files BY NAME SELECT * FROM incoming_source_files;

-- name: insert_documents
INSERT INTO documents BY NAME SELECT * FROM incoming_documents;

-- name: insert_assignments
-- The fingerprint is the SQL macro's (views/m_assignment_key.sql); threads are set after
-- the last chunk (warehouse/threads.py).
INSERT INTO assignments BY NAME
SELECT * REPLACE (assignment_key(text) AS assignment_key) FROM incoming_assignments;

-- name: insert_meeting_dates
INSERT INTO meeting_dates BY NAME SELECT * FROM incoming_meeting_dates;

-- name: insert_diarienummer
INSERT INTO diarienummer BY NAME SELECT * FROM incoming_diarienummer;

-- name: insert_pages
INSERT INTO pages BY NAME SELECT * FROM incoming_pages;

-- name: delete_coverage
-- The latest run's figures replace a (source, committee, year) cell.
DELETE FROM coverage
WHERE EXISTS (
    SELECT 1 FROM incoming_coverage AS i
    WHERE i.source IS NOT DISTINCT FROM coverage.source
      AND i.committee IS NOT DISTINCT FROM coverage.committee
      AND i.year IS NOT DISTINCT FROM coverage.year
);

-- name: insert_coverage
INSERT INTO coverage BY NAME SELECT * FROM incoming_coverage;

-- name: delete_fetches
-- The manifest is a log per run; loading the same run again replaces its rows.
DELETE FROM fetches WHERE run_id IN (SELECT DISTINCT run_id FROM incoming_fetches);

-- name: insert_fetches
INSERT INTO fetches BY NAME SELECT * FROM incoming_fetches;

-- name: create_run_files
-- The files of this load, chunk by chunk: what the load's counts are of.
CREATE OR REPLACE TEMP TABLE t_run_files (sha256 VARCHAR PRIMARY KEY);

-- name: remember_run_files
INSERT OR IGNORE INTO t_run_files SELECT DISTINCT sha256 FROM incoming_shas;

-- name: drop_superseded_rejections
-- A rejection this load recorded under a URL that also arrived intact in this load (in another
-- chunk, before or after it) is no longer one, as an earlier load's would not be: the same
-- outcome wherever the chunks fall.
DELETE FROM source_files
WHERE status = 'rejected' AND url IS NOT NULL
  AND sha256 IN (SELECT sha256 FROM t_run_files)
  AND url IN (SELECT url FROM source_files
              WHERE status = 'ok' AND url IS NOT NULL AND sha256 IN (SELECT sha256 FROM t_run_files));

-- name: drop_run_files
DROP TABLE IF EXISTS t_run_files;

-- name: run_counts
-- Rows of this load's files, and of the whole warehouse.
WITH r AS (SELECT sha256 FROM t_run_files)
SELECT
    (SELECT count(*) FROM source_files WHERE sha256 IN (SELECT sha256 FROM r)) AS files,
    (SELECT count(*) FROM source_files WHERE sha256 IN (SELECT sha256 FROM r) AND status = 'ok') AS files_ok,
    (SELECT count(*) FROM source_files WHERE sha256 IN (SELECT sha256 FROM r) AND status <> 'ok') AS files_rejected,
    (SELECT count(*) FROM documents WHERE sha256 IN (SELECT sha256 FROM r)) AS documents,
    (SELECT count(*) FROM assignments WHERE sha256 IN (SELECT sha256 FROM r)) AS assignments,
    (SELECT count(*) FROM meeting_dates WHERE sha256 IN (SELECT sha256 FROM r)) AS meeting_dates,
    (SELECT count(*) FROM diarienummer WHERE sha256 IN (SELECT sha256 FROM r)) AS diarienummer,
    (SELECT count(*) FROM pages WHERE sha256 IN (SELECT sha256 FROM r)) AS pages,
    (SELECT count(*) FROM source_files) AS total_files,
    (SELECT count(*) FROM documents) AS total_documents,
    (SELECT count(*) FROM assignments) AS total_assignments,
    (SELECT count(*) FROM meeting_dates) AS total_meeting_dates;

-- name: insert_load_run
INSERT INTO load_runs BY NAME SELECT * FROM incoming_load_run;

-- name: loaded_columns
-- Columns of the loaded tables after every migration (warehouse/rows.py types its Arrow tables by them).
SELECT table_name, column_name, data_type
FROM information_schema.columns
WHERE list_contains($tables, table_name)
ORDER BY table_name, ordinal_position;
