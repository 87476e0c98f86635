-- Version 3: the rest of the sources layer's manifest and coverage rows (pipelines/sources/fetch.py
-- MANIFEST_KEYS). Its "time" is stored as fetched_at.
ALTER TABLE fetches ADD COLUMN kind VARCHAR;
ALTER TABLE fetches ADD COLUMN final_url VARCHAR;
ALTER TABLE fetches ADD COLUMN path VARCHAR;
ALTER TABLE fetches ADD COLUMN file_name VARCHAR;
ALTER TABLE fetches ADD COLUMN attempts INTEGER;
ALTER TABLE fetches ADD COLUMN archive_status VARCHAR;

-- Coverage cells also count cancelled meetings and meetings whose page was visited.
ALTER TABLE coverage ADD COLUMN meetings_cancelled INTEGER;
ALTER TABLE coverage ADD COLUMN meetings_visited INTEGER;
