"""Steps 6 and 7: load this run's files into the warehouse, then report the published file.

Only new, changed, re-extracted and newly rejected files are loaded (delete-then-insert per
sha256 in a private working copy, then an atomic replace of the published file). A run with
nothing to load does not touch the published file at all.
"""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.assets.common import GROUP, read_cache
from pipelines.resources import WarehouseResource

# A scheduled run and a `protokoll ingest` (in-process, outside the run queue) may meet here;
# the warehouse's writer lock serialises them, and a writer stuck longer than this fails the step.
LOCK_TIMEOUT_SECONDS = 30 * 60


def _fetched_at(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value)
    return datetime.now(UTC)


def file_loads(parsed: dict[str, Any], version: str) -> list[Any]:
    from warehouse.load import FileLoad

    loads = []
    for item in parsed["files"]:
        entry = read_cache(Path(item["cache"])) if item.get("cache") else None
        ok = item["status"] == "ok" and entry is not None
        loads.append(
            FileLoad(
                sha256=item["sha256"],
                url=item.get("url"),
                file_name=item.get("file_name") or "",
                fetched_at=_fetched_at(item.get("fetched_at")),
                status="ok" if ok else "rejected",
                error=None if ok else (item.get("error") or "unknown"),
                pages=item.get("pages"),
                extraction=entry["data"] if ok and entry else None,
                page_texts=[(int(p), str(t)) for p, t in entry["page_texts"]] if ok and entry else [],
                # A rejection that says nothing about the file (a busy machine, a dead worker, an
                # extractor bug) is stored without a real version, so the next run retries it.
                extractor_version=version if ok or not _transient(item.get("error")) else f"{version}+retry",
            )
        )
    return loads


TRANSIENT = ("too_slow", "worker_died", "extract_failed")


def _transient(error: str | None) -> bool:
    return str(error or "").split(":")[0] in TRANSIENT


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb"},
    description="source_files, documents, assignments, meeting_dates (and the other warehouse tables) "
    "after loading this run's new, changed and re-extracted files.",
)
def warehouse_tables(
    context: dg.AssetExecutionContext,
    discovered_files: dict[str, Any],
    parsed_pages: dict[str, Any],
    extracted_facts: dict[str, Any],
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    from warehouse.load import load_and_publish

    published = warehouse.published()
    version = parsed_pages["extractor_version"]
    loads = file_loads(parsed_pages, version)
    if not loads and published.exists():
        # Nothing new: leave the published file (and its mtime) exactly as it is.
        return dg.MaterializeResult(
            value={"loaded": False, "files": 0, "published": str(published)},
            metadata={"dagster/row_count": 0, "files_loaded": 0, "published": False},
        )
    summary = load_and_publish(
        published,
        loads,
        run_id=context.run.run_id,
        extractor_version=version,
        coverage=discovered_files.get("coverage") or [],
        fetches=discovered_files.get("fetches") or [],
        progress=lambda stage: context.log.debug(f"warehouse: {stage}"),
        lock_timeout=LOCK_TIMEOUT_SECONDS,
    )
    info = {
        k: v for k, v in vars(summary).items() if isinstance(v, int | float | str | bool | dict) or v is None
    }
    return dg.MaterializeResult(
        value={"loaded": True, "files": len(loads), "published": str(published), "summary": info},
        metadata={
            "dagster/row_count": len(loads),
            "files_loaded": len(loads),
            "files_ok": sum(1 for f in loads if f.status == "ok"),
            "files_rejected": sum(1 for f in loads if f.status == "rejected"),
            "published": True,
            "load_summary": dg.MetadataValue.json(info),
        },
    )


TABLES = ("source_files", "documents", "assignments", "meeting_dates")


def table_counts(published: Path) -> dict[str, int]:
    from warehouse.query import connect_readonly

    con = connect_readonly(published)
    try:
        return {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}  # type: ignore[index]
    finally:
        con.close()


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb"},
    description="The published DuckDB file analysts open (read-only), with its table sizes.",
)
def published_warehouse(
    warehouse_tables: dict[str, Any], warehouse: WarehouseResource
) -> dg.MaterializeResult:
    published = warehouse.published()
    counts = table_counts(published) if published.exists() else dict.fromkeys(TABLES, 0)
    return dg.MaterializeResult(
        value={"path": str(published), "counts": counts, "changed": bool(warehouse_tables.get("loaded"))},
        metadata={
            "dagster/row_count": counts["assignments"],
            **{f"{t}_rows": n for t, n in counts.items()},
            "changed_this_run": bool(warehouse_tables.get("loaded")),
            "bytes": published.stat().st_size if published.exists() else 0,
            "path": dg.MetadataValue.path(str(published)),
        },
    )
