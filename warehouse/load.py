"""Bulk, idempotent loading of extraction results, published atomically.

A load replaces, in one transaction, every row of each file it is given (keyed by
sha256), so loading the same files any number of times leaves the fact tables
identical. Rows go in as Arrow tables (one INSERT per table), never row by row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from warehouse import lineage_load, threads
from warehouse import rows as R
from warehouse.facts import FACT_TABLES, FileLoad, build_tables
from warehouse.publish import Progress, publishing
from warehouse.schema import migrate
from warehouse.search import build_index
from warehouse.sql import statement


@dataclass(frozen=True)
class LoadSummary:
    run_id: str
    published: Path
    started_at: datetime
    finished_at: datetime
    schema_version: int
    files: int
    files_ok: int
    files_rejected: int
    documents: int
    assignments: int
    meeting_dates: int
    diarienummer: int
    pages: int
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()


def _sql(name: str) -> str:
    return statement("load", name)


def _dedupe_files(files: Iterable[FileLoad]) -> list[FileLoad]:
    # The same content may arrive twice in one run (two URLs); the last one wins.
    by_sha: dict[str, FileLoad] = {}
    for f in files:
        by_sha[f.sha256] = f
    return [by_sha[k] for k in sorted(by_sha)]


def _merge_history(con: duckdb.DuckDBPyConnection, files: pa.Table) -> pa.Table:
    """Keep the first fetched_at and a known URL of a file seen before, so reloads are identical."""
    before = {row[0]: (row[1], row[2]) for row in con.execute(_sql("existing_files")).fetchall()}
    if not before:
        return files
    urls = files.column("url").to_pylist()
    fetched = files.column("fetched_at").to_pylist()
    for i, sha in enumerate(files.column("sha256").to_pylist()):
        if sha in before:
            old_url, old_fetched = before[sha]
            urls[i] = urls[i] or old_url
            if old_fetched is not None and (fetched[i] is None or old_fetched < fetched[i]):
                fetched[i] = old_fetched
    files = files.set_column(files.schema.get_field_index("url"), "url", pa.array(urls, pa.string()))
    return files.set_column(files.schema.get_field_index("fetched_at"), "fetched_at", pa.array(fetched, R.TS))


def load_into(
    con: duckdb.DuckDBPyConnection,
    files: Sequence[FileLoad],
    run_id: str,
    extractor_version: str,
    coverage: Sequence[Mapping[str, Any]] = (),
    fetches: Sequence[Mapping[str, Any]] = (),
    progress: Progress | None = None,
) -> dict[str, int]:
    """Migrate and load into an open (working) database in one transaction; returns counts."""
    note = progress or (lambda _stage: None)
    started = datetime.now(UTC)
    version = migrate(con)
    note("migrated")
    files = _dedupe_files(files)
    tables = build_tables(files, extractor_version)
    note("built")
    con.begin()
    try:
        con.register("incoming_shas", tables["source_files"].select(["sha256", "url", "status"]))
        tables["source_files"] = _merge_history(con, tables["source_files"])
        con.register("incoming_assignments", tables["assignments"])
        tables["assignments"] = (
            con.execute(statement("threads", "key_incoming"))
            .to_arrow_table()
            .cast(tables["assignments"].schema)
        )
        con.register("incoming_assignments", tables["assignments"])
        con.execute(statement("threads", "backfill_keys"))
        organs = [r[0] for r in con.execute(statement("threads", "touched_organs")).fetchall()]
        con.unregister("incoming_assignments")
        for name in FACT_TABLES:
            con.execute(_sql(f"delete_{name}"))
        note("deleted")
        if organs:
            tables["assignments"], _ = threads.relink(con, organs, tables["assignments"])
        note("threaded")
        for name in FACT_TABLES:
            con.register(f"incoming_{name}", tables[name])
            con.execute(_sql(f"insert_{name}"))
            con.unregister(f"incoming_{name}")
        note("inserted")
        lineage_load.rebuild(con, organs)
        note("lineages")
        if coverage:
            con.register("incoming_coverage", R.from_dicts("coverage", coverage, {"run_id": run_id}))
            con.execute(_sql("delete_coverage"))
            con.execute(_sql("insert_coverage"))
            con.unregister("incoming_coverage")
        if fetches:
            con.register("incoming_fetches", R.from_dicts("fetches", fetches, {"run_id": run_id}))
            con.execute(_sql("delete_fetches"))
            con.execute(_sql("insert_fetches"))
            con.unregister("incoming_fetches")
        con.unregister("incoming_shas")
        totals_row = con.execute(_sql("table_totals")).fetchone() or (0, 0, 0, 0)
        statuses = tables["source_files"].column("status").to_pylist()
        counts = {
            "schema_version": version,
            "files": len(files),
            "files_ok": statuses.count("ok"),
            "files_rejected": sum(1 for s in statuses if s != "ok"),
            "documents": tables["documents"].num_rows,
            "assignments": tables["assignments"].num_rows,
            "meeting_dates": tables["meeting_dates"].num_rows,
            "diarienummer": tables["diarienummer"].num_rows,
            "pages": tables["pages"].num_rows,
            "total_files": int(totals_row[0]),
            "total_documents": int(totals_row[1]),
            "total_assignments": int(totals_row[2]),
            "total_meeting_dates": int(totals_row[3]),
        }
        record = {
            "run_id": run_id,
            "started_at": started,
            "finished_at": datetime.now(UTC),
            "extractor_version": extractor_version,
            **counts,
        }
        con.register("incoming_load_run", pa.Table.from_pylist([record]))
        con.execute(_sql("insert_load_run"))
        con.unregister("incoming_load_run")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    note("committed")
    return counts


def load_and_publish(
    published: Path,
    files: list[FileLoad],
    run_id: str,
    extractor_version: str,
    coverage: Sequence[Mapping[str, Any]] = (),
    fetches: Sequence[Mapping[str, Any]] = (),
    progress: Progress | None = None,
    lock_timeout: float | None = None,
) -> LoadSummary:
    """Load into a private copy of the published warehouse and publish it atomically.

    `progress` is called with stage names (locked, copied, migrated, ..., published);
    tests use it to stop a load halfway.
    """
    published = Path(published)
    started = datetime.now(UTC)
    with publishing(published, run_id, progress, lock_timeout) as work, duckdb.connect(str(work)) as con:
        counts = load_into(con, files, run_id, extractor_version, coverage, fetches, progress)
        build_index(con)  # the search index of exactly the pages being published
        if progress:
            progress("indexed")
        con.execute(statement("schema", "checkpoint"))
    finished = datetime.now(UTC)
    totals = {k[len("total_") :]: v for k, v in counts.items() if k.startswith("total_")}
    return LoadSummary(
        run_id=run_id,
        published=published,
        started_at=started,
        finished_at=finished,
        schema_version=counts["schema_version"],
        files=counts["files"],
        files_ok=counts["files_ok"],
        files_rejected=counts["files_rejected"],
        documents=counts["documents"],
        assignments=counts["assignments"],
        meeting_dates=counts["meeting_dates"],
        diarienummer=counts["diarienummer"],
        pages=counts["pages"],
        totals=totals,
    )
