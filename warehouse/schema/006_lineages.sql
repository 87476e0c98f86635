-- Version 6: assignment lineages (warehouse/lineage.py): one history per assignment across
-- the years, rebuilt in every load for the organs it touched. Bare references are no members.

-- One row per lineage (an assignment followed through its years within one organ).
CREATE TABLE assignment_lineages (
    lineage_id        VARCHAR NOT NULL,  -- assignment_id of its earliest member
    organ             VARCHAR NOT NULL,
    first_year        INTEGER,
    last_year         INTEGER,
    n_years           INTEGER,
    n_members         INTEGER,           -- copies in other documents of a year included
    first_text        VARCHAR,
    last_text         VARCHAR,
    last_status       VARCHAR
);

-- Every assignment row in a lineage. `shown` marks the one row per lineage and year that the
-- history shows (the report's row; false for a copy such as the same assignment listed in
-- that year's aktivitetsplan). `normalised` is the wording as compared (warehouse/normalise.py).
-- The lineage's span, the link into this row and the row's own facts are repeated here, and
-- the rows are written in history order (organ by organ, lineage by lineage, oldest year
-- first): v_assignment_history is then one scan of this table, fast at a million rows.
CREATE TABLE assignment_lineage_members (
    assignment_id     VARCHAR NOT NULL,
    lineage_id        VARCHAR NOT NULL,
    organ             VARCHAR NOT NULL,
    year              INTEGER NOT NULL,
    shown             BOOLEAN NOT NULL,
    normalised        VARCHAR,
    first_year        INTEGER,
    last_year         INTEGER,
    n_years           INTEGER,
    link_method       VARCHAR,           -- how this row joined the lineage (NULL for its first)
    link_score        DOUBLE,
    previous_year     INTEGER,           -- the lineage's previous reported year
    dropped_in        INTEGER,           -- the organ's next reported year, if this lineage is not in it
    document_id       VARCHAR,
    label             VARCHAR,
    number            INTEGER,
    section           VARCHAR,
    text              VARCHAR,
    status            VARCHAR,
    evidence          VARCHAR,
    page              INTEGER
);

-- The links that made the lineages: from an earlier member to a later one (or from the shown
-- row to a copy in the same year), with the score and the method that linked them
-- (exact, fuzzy, structure, copy).
CREATE TABLE assignment_links (
    lineage_id         VARCHAR NOT NULL,
    organ              VARCHAR NOT NULL,
    from_assignment_id VARCHAR NOT NULL,
    to_assignment_id   VARCHAR NOT NULL,
    from_year          INTEGER,
    to_year            INTEGER,
    score              DOUBLE,
    method             VARCHAR NOT NULL
);
