-- Statements of warehouse/schema.py (migrations and views), by name.

-- name: has_schema_version
SELECT count(*) FROM information_schema.tables
WHERE table_name = 'schema_version' AND table_schema = current_schema();

-- name: max_version
SELECT max(version) FROM schema_version;

-- name: user_tables
SELECT table_name FROM information_schema.tables
WHERE table_schema = current_schema() AND table_type = 'BASE TABLE';

-- name: user_views
SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = current_schema();

-- name: record_migration
INSERT INTO schema_version (version, name) VALUES ($version, $name);

-- name: checkpoint
CHECKPOINT;

-- name: close_external_access
-- After the fts extension is loaded (warehouse/query.py connect_sandboxed).
SET enable_external_access = false;

-- name: lock_configuration
SET lock_configuration = true;
