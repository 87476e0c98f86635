-- Version 5: bare references ("Uppdrag 13 och 14 riktas till andra beredningar") are kept as
-- rows but flagged, so status shares and okant checks count only assignments the report judges.
-- Rows loaded before this version read false until their file is re-extracted (the extractor
-- version changed with this column, so the next ingest reloads every file).
ALTER TABLE assignments ADD COLUMN reference_only BOOLEAN DEFAULT false;
