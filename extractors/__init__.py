"""Pure extraction: PDF -> pages of lines -> documents -> facts. No Dagster, no DuckDB."""

# Bump whenever a change can alter extraction output: stored originals are then re-extracted.
EXTRACTOR_VERSION = "0.10.1"
