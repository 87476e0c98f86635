-- Version 1: the tables of INTERFACE.md plus the page text and the load log.
-- No PRIMARY KEY constraints: DuckDB maintains an ART index per key, which slows bulk
-- inserts and historically rejected delete-then-reinsert of a key in one transaction.
-- Uniqueness is the loader's job (delete by sha256, then insert) and is tested.

CREATE TABLE source_files (
    sha256            VARCHAR NOT NULL,
    url               VARCHAR,
    file_name         VARCHAR,
    pages             INTEGER,
    fetched_at        TIMESTAMPTZ,
    status            VARCHAR NOT NULL,
    error             VARCHAR,
    extractor_version VARCHAR
);

CREATE TABLE documents (
    document_id       VARCHAR NOT NULL,
    sha256            VARCHAR NOT NULL,
    doc_index         INTEGER NOT NULL,
    doc_type          VARCHAR,
    title             VARCHAR,
    organ             VARCHAR,
    year              INTEGER,
    page_start        INTEGER,
    page_end          INTEGER,
    meeting_date      DATE,
    extractor_version VARCHAR
);

CREATE TABLE assignments (
    assignment_id     VARCHAR NOT NULL,
    document_id       VARCHAR NOT NULL,
    sha256            VARCHAR NOT NULL,
    ordinal           INTEGER NOT NULL,
    organ             VARCHAR,
    year              INTEGER,
    label             VARCHAR,
    number            INTEGER,
    text              VARCHAR,
    section           VARCHAR,
    status            VARCHAR,
    beredning         VARCHAR,
    multi_year        BOOLEAN,
    evidence          VARCHAR,
    page              INTEGER,
    extractor_version VARCHAR
);

CREATE TABLE meeting_dates (
    document_id       VARCHAR NOT NULL,
    sha256            VARCHAR NOT NULL,
    organ             VARCHAR,
    date              DATE NOT NULL,
    page              INTEGER,
    extractor_version VARCHAR
);

CREATE TABLE pages (
    sha256            VARCHAR NOT NULL,
    page              INTEGER NOT NULL,
    text              VARCHAR
);

CREATE TABLE load_runs (
    run_id            VARCHAR NOT NULL,
    started_at        TIMESTAMPTZ NOT NULL,
    finished_at       TIMESTAMPTZ,
    extractor_version VARCHAR,
    files             INTEGER,
    files_ok          INTEGER,
    files_rejected    INTEGER,
    documents         INTEGER,
    assignments       INTEGER,
    meeting_dates     INTEGER,
    pages             INTEGER
);
