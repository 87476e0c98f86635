"""Step 4, `published_warehouse`: load this run's files and publish the warehouse atomically.

Only new, changed, re-extracted and newly rejected files are loaded: delete-then-insert per sha256
in a private working copy, then an atomic replace of the published file (warehouse/load.py), so
readers never see half a load. A run with nothing to load does not touch the published file.
The step's value is the run's `IngestSummary`.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.assets.common import GROUP
from pipelines.cache import read_cache
from pipelines.resources import ArchiveResource, WarehouseResource
from pipelines.summary import summarise
from pipelines.values import ExtractedFiles, ExtractionPlan, FetchedOriginals

# A scheduled run and a `protokoll ingest` (in-process, outside the run queue) may meet here;
# the warehouse's writer lock serialises them, and a writer stuck longer than this fails the step.
LOCK_TIMEOUT_SECONDS = 30 * 60
# A rejection that says nothing about the file (a busy machine, a dead worker, an extractor bug).
TRANSIENT = ("too_slow", "worker_died", "extract_failed")


def _fetched_at(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value)
    return datetime.now(UTC)


def _transient(error: str | None) -> bool:
    return str(error or "").split(":")[0] in TRANSIENT


def file_loads(files: list[dict[str, Any]], version: str) -> Iterator[Any]:
    """One FileLoad per worked file; an ok file's facts come from its cache entry.

    A generator: the load reads the cache a chunk at a time, so its memory does not grow
    with the number of files.
    """
    from warehouse.facts import FileLoad

    for item in files:
        entry = read_cache(Path(item["cache"])) if item.get("cache") else None
        ok = item["status"] == "ok" and entry is not None
        yield FileLoad(
            sha256=item["sha256"],
            url=item.get("url"),
            file_name=item.get("file_name") or "",
            fetched_at=_fetched_at(item.get("fetched_at")),
            status="ok" if ok else "rejected",
            error=None if ok else (item.get("error") or "unknown"),
            pages=item.get("pages"),
            extraction=entry["data"] if ok and entry else None,
            page_texts=[tuple(row) for row in entry["page_texts"]] if ok and entry else [],
            # Stored without a real version, so the next run retries it: also a file with
            # pages left for an OCR engine this machine lacks.
            extractor_version=version
            if (ok or not _transient(item.get("error"))) and not item.get("needs_ocr")
            else f"{version}+retry",
        )


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb"},
    description="Load and publish: this run's new, changed, re-extracted and rejected files loaded "
    "into a working copy of the warehouse (source_files, documents, assignments, meeting_dates, "
    "pages, ...), published atomically as the DuckDB file analysts open.",
)
def published_warehouse(
    context: dg.AssetExecutionContext,
    fetched_originals: FetchedOriginals,
    extraction_plan: ExtractionPlan,
    extracted_files: ExtractedFiles,
    warehouse: WarehouseResource,
    archive: ArchiveResource,
) -> dg.MaterializeResult:
    from warehouse.load import load_and_publish
    from warehouse.query import table_counts

    published = warehouse.published()
    version = extracted_files.extractor_version
    worked = extracted_files.files
    loaded = None
    if worked or not published.exists():
        # Coverage and the fetch manifest describe the sources' state: loaded on every change.
        loaded = load_and_publish(
            published,
            file_loads(worked, version),
            run_id=context.run.run_id,
            extractor_version=version,
            coverage=fetched_originals.coverage,
            fetches=fetched_originals.fetches,
            progress=lambda stage: context.log.debug(f"warehouse: {stage}"),
            lock_timeout=LOCK_TIMEOUT_SECONDS,
        )
    # else nothing new: the published file (and its mtime) stays exactly as it is.
    counts = table_counts(published)
    summary = summarise(
        fetched_originals,
        extraction_plan,
        extracted_files,
        run_id=context.run.run_id,
        warehouse=str(published),
        loaded=len(worked),
        totals=counts,
    )
    return dg.MaterializeResult(
        value=summary,
        metadata={
            "dagster/row_count": counts.get("assignments", 0),
            **{f"{t}_rows": n for t, n in counts.items()},
            "files_loaded": loaded.files if loaded else 0,
            "files_ok": loaded.files_ok if loaded else 0,
            "files_rejected": loaded.files_rejected if loaded else 0,
            "changed_this_run": bool(worked),
            "bytes": published.stat().st_size if published.exists() else 0,
            "path": dg.MetadataValue.path(str(published)),
            "archive": dg.MetadataValue.path(str(archive.path())),
            "sources": dg.MetadataValue.json(fetched_originals.sources),
        },
    )
