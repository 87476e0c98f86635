-- Version 2: provenance on every fact (url, evidence), diarienummer, meeting details,
-- assignment fingerprints and cross-year threads, the sources layer's coverage and
-- fetch manifest, and table totals in the load log.

ALTER TABLE documents ADD COLUMN source_url VARCHAR;
ALTER TABLE documents ADD COLUMN meeting_start VARCHAR;
ALTER TABLE documents ADD COLUMN meeting_end VARCHAR;
ALTER TABLE documents ADD COLUMN meeting_place VARCHAR;

ALTER TABLE assignments ADD COLUMN source_url VARCHAR;
-- Normalised text fingerprint: equal for the same wording regardless of case,
-- punctuation, word order and filler words.
ALTER TABLE assignments ADD COLUMN assignment_key VARCHAR;
-- assignment_id of the earliest member of the cross-year thread (itself when alone).
ALTER TABLE assignments ADD COLUMN thread_id VARCHAR;
-- The thread's span, copied onto each member so the trend views need no join.
ALTER TABLE assignments ADD COLUMN thread_first_year INTEGER;
ALTER TABLE assignments ADD COLUMN thread_last_year INTEGER;
ALTER TABLE assignments ADD COLUMN thread_years INTEGER;
-- The same thread's previous report (year and status), for status-change analysis.
ALTER TABLE assignments ADD COLUMN previous_year INTEGER;
ALTER TABLE assignments ADD COLUMN previous_status VARCHAR;
-- True for a second copy of the same report (e.g. bundled in a kallelse and also
-- published alone); trend views count only the first copy.
-- ADD COLUMN with a DEFAULT fills the rows already there. It must be the table's last
-- ALTER in the migration: DuckDB 1.5 refuses to commit a DEFAULT column followed by
-- another ALTER (or an UPDATE) of the same table in one transaction.
ALTER TABLE assignments ADD COLUMN is_duplicate BOOLEAN DEFAULT false;

ALTER TABLE meeting_dates ADD COLUMN source_url VARCHAR;
ALTER TABLE meeting_dates ADD COLUMN kind VARCHAR;
ALTER TABLE meeting_dates ADD COLUMN evidence VARCHAR;

CREATE TABLE diarienummer (
    document_id       VARCHAR NOT NULL,
    sha256            VARCHAR NOT NULL,
    organ             VARCHAR,
    year              INTEGER,
    diarienummer      VARCHAR NOT NULL,
    page              INTEGER,
    source_url        VARCHAR,
    extractor_version VARCHAR
);

CREATE TABLE assignment_threads (
    thread_id         VARCHAR NOT NULL,
    organ             VARCHAR NOT NULL,
    first_year        INTEGER,
    last_year         INTEGER,
    n_years           INTEGER,
    n_assignments     INTEGER,
    first_text        VARCHAR
);

CREATE TABLE coverage (
    source            VARCHAR,
    committee         VARCHAR,
    year              INTEGER,
    meetings_found    INTEGER,
    documents_found   INTEGER,
    downloaded        INTEGER,
    unchanged         INTEGER,
    failed            INTEGER,
    failure_reasons   VARCHAR,
    flagged           BOOLEAN,
    flag_reason       VARCHAR,
    run_id            VARCHAR
);

CREATE TABLE fetches (
    url               VARCHAR,
    source            VARCHAR,
    committee         VARCHAR,
    meeting_date      DATE,
    link_text         VARCHAR,
    http_status       INTEGER,
    etag              VARCHAR,
    last_modified     VARCHAR,
    sha256            VARCHAR,
    bytes             BIGINT,
    fetched_at        TIMESTAMPTZ,
    error             VARCHAR,
    run_id            VARCHAR
);

ALTER TABLE load_runs ADD COLUMN diarienummer INTEGER;
ALTER TABLE load_runs ADD COLUMN schema_version INTEGER;
ALTER TABLE load_runs ADD COLUMN total_files INTEGER;
ALTER TABLE load_runs ADD COLUMN total_documents INTEGER;
ALTER TABLE load_runs ADD COLUMN total_assignments INTEGER;
ALTER TABLE load_runs ADD COLUMN total_meeting_dates INTEGER;

