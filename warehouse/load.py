"""Bulk, idempotent loading of extraction results, published atomically.

A load replaces every row of each file it is given (keyed by sha256), so loading the
same files any number of times leaves the fact tables identical. It writes a private
working copy, published atomically when the whole load succeeded. Rows go in as Arrow
tables (one INSERT per table and chunk of files), never row by row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
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
from warehouse.sql import registered, statement, transaction


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


CHUNK_BYTES = 32_000_000  # rows built and written at a time: about 50,000 assignments
ASSIGNMENT_BYTES = 600  # an assignment's row with its text and evidence, about
FILE_BYTES = 1_000


def _sql(name: str) -> str:
    return statement("load", name)


def _size(f: FileLoad) -> int:
    """About the bytes a file's rows take: its page texts, and some for each assignment and file."""
    texts = sum(len(p[1]) if isinstance(p, tuple | list) else len(p.text) for p in f.page_texts)
    assignments = sum(len(d.get("assignments") or ()) for d in (f.extraction or {}).get("documents") or ())
    return texts + ASSIGNMENT_BYTES * assignments + FILE_BYTES


def _provenance(
    url: str | None, fetched: Any, earlier_url: str | None, earlier_fetched: Any
) -> tuple[str | None, Any]:
    """A file seen again keeps a known URL and its first fetch time: one rule for a second copy
    in the same chunk and for a copy already in the warehouse, so reloads are identical."""
    times = [t for t in (fetched, earlier_fetched) if t is not None]
    return url or earlier_url, min(times) if times else None


def _merged(earlier: FileLoad, later: FileLoad) -> FileLoad:
    """The same content twice in one run (two URLs): the later copy under `_provenance`."""
    url, fetched = _provenance(
        later.url, R.to_timestamp(later.fetched_at), earlier.url, R.to_timestamp(earlier.fetched_at)
    )
    return replace(later, url=url, fetched_at=fetched)


def _chunks(files: Iterable[FileLoad], size: int) -> Iterator[list[FileLoad]]:
    """Files in chunks of about `size` bytes of rows, each without a repeated sha256.

    Page texts count, not only assignments: a night of long protocols with few assignments must
    not make one chunk of everything.
    """
    chunk: dict[str, FileLoad] = {}
    total = 0
    for f in files:
        earlier = chunk.pop(f.sha256, None)
        chunk[f.sha256] = f if earlier is None else _merged(earlier, f)
        total += _size(f)
        if total >= size:
            yield list(chunk.values())
            chunk, total = {}, 0
    if chunk:
        yield list(chunk.values())


def _merge_history(con: duckdb.DuckDBPyConnection, files: pa.Table) -> pa.Table:
    """`_provenance` against the rows of files the warehouse already holds."""
    before = {row[0]: (row[1], row[2]) for row in con.execute(_sql("existing_files")).fetchall()}
    if not before:
        return files
    urls = files.column("url").to_pylist()
    fetched = files.column("fetched_at").to_pylist()
    for i, sha in enumerate(files.column("sha256").to_pylist()):
        if sha in before:
            urls[i], fetched[i] = _provenance(urls[i], fetched[i], *before[sha])
    files = files.set_column(files.schema.get_field_index("url"), "url", pa.array(urls, pa.string()))
    return files.set_column(files.schema.get_field_index("fetched_at"), "fetched_at", pa.array(fetched, R.TS))


def _load_chunk(con: duckdb.DuckDBPyConnection, files: list[FileLoad], extractor_version: str) -> set[str]:
    """Delete-then-insert the rows of `files`; returns the organs whose threads this changes."""
    tables = build_tables(files, extractor_version)
    with registered(con, incoming_shas=tables["source_files"].select(["sha256", "url", "status"])):
        tables["source_files"] = _merge_history(con, tables["source_files"])
        organs = {r[0] for r in con.execute(statement("threads", "replaced_organs")).fetchall()}
        organs.update(o for o in tables["assignments"].column("organ").unique().to_pylist() if o)
        con.execute(_sql("remember_run_files"))
        for name in FACT_TABLES:
            con.execute(_sql(f"delete_{name}"))
        for name in FACT_TABLES:
            with registered(con, **{f"incoming_{name}": tables[name]}):
                con.execute(_sql(f"insert_{name}"))
    return organs


def _replace_log(
    con: duckdb.DuckDBPyConnection, name: str, rows: Sequence[Mapping[str, Any]], run_id: str
) -> None:
    """Replace coverage cells or a run's fetch log with `rows`."""
    if not rows:
        return
    with registered(con, **{f"incoming_{name}": R.from_dicts(name, rows, {"run_id": run_id})}):
        con.execute(_sql(f"delete_{name}"))
        con.execute(_sql(f"insert_{name}"))


def load_into(
    con: duckdb.DuckDBPyConnection,
    files: Iterable[FileLoad],
    run_id: str,
    extractor_version: str,
    coverage: Sequence[Mapping[str, Any]] = (),
    fetches: Sequence[Mapping[str, Any]] = (),
    progress: Progress | None = None,
) -> dict[str, int]:
    """Migrate and load into an open working copy (warehouse/publish.py); returns counts.

    `files` may be a generator: it is read a chunk (`CHUNK_BYTES` of rows) at a time, and
    each chunk is written in its own transaction before the next is read, so a load's memory
    does not grow with its size. Threads and lineages are then rebuilt for the organs the
    load touched, a batch of organs per transaction. The working copy is only published when
    all of this succeeded: a failed load never shows half its rows.
    """
    note = progress or (lambda _stage: None)
    started = datetime.now(UTC)
    version = migrate(con)
    note("migrated")
    con.execute(_sql("create_run_files"))
    organs: set[str] = set()
    for chunk in _chunks(files, CHUNK_BYTES):
        with transaction(con):
            organs |= _load_chunk(con, chunk, extractor_version)
    note("inserted")
    with transaction(con):
        con.execute(statement("threads", "backfill_keys"))
        organs.update(r[0] for r in con.execute(statement("threads", "unthreaded_organs")).fetchall())
    threads.relink(con, sorted(organs))
    note("threaded")
    lineage_load.rebuild(con, sorted(organs))
    note("lineages")
    with transaction(con):
        con.execute(_sql("drop_superseded_rejections"))
        _replace_log(con, "coverage", coverage, run_id)
        _replace_log(con, "fetches", fetches, run_id)
        cur = con.execute(_sql("run_counts"))
        counts = {
            "schema_version": version,
            **{d[0]: int(v or 0) for d, v in zip(cur.description, cur.fetchone() or (), strict=True)},
        }
        record = {
            "run_id": run_id,
            "started_at": started,
            "finished_at": datetime.now(UTC),
            "extractor_version": extractor_version,
            **counts,
        }
        with registered(con, incoming_load_run=pa.Table.from_pylist([record])):
            con.execute(_sql("insert_load_run"))
        con.execute(_sql("drop_run_files"))
    note("committed")
    return counts


def load_and_publish(
    published: Path,
    files: Iterable[FileLoad],
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
