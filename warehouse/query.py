"""Read-only access to the published warehouse, for the CLI, notebooks and pandas.

    from warehouse.query import connect_readonly, fetch_arrow, fetch_df
    with connect_readonly(path) as con:
        df = fetch_df(con, "SELECT * FROM v_assignment_history WHERE organ = ?", [organ])
        table = fetch_arrow(con, "SELECT * FROM v_assignment_history")  # 1M rows: ~0.15-0.18 s

A read-only connection never blocks a load (loads write a private copy and rename it
over the published file) and sees the complete state that was published when it opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:  # pandas and pyarrow load in ~0.5 s: not at import, for the CLI's sake
    import pandas as pd
    import pyarrow as pa

from warehouse.fts import load_fts
from warehouse.sql import statement


class WarehouseMissing(FileNotFoundError):
    """No published warehouse at the given path (nothing loaded yet?)."""


def connect_readonly(path: str | Path, search: bool = True) -> duckdb.DuckDBPyConnection:
    """Read-only connection; with `search`, the fts extension is loaded so `search_pages(...)` works."""
    p = Path(path)
    if not p.is_file():
        raise WarehouseMissing(f"no warehouse at {p} (run `protokoll ingest` first)")
    con = duckdb.connect(str(p), read_only=True)
    if search:
        try:
            load_fts(con)
        except BaseException:
            con.close()
            raise
    return con


ARROW_BATCH_ROWS = 65_536


def fetch_arrow(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> pa.Table:
    """A query's whole result as an Arrow table, built on all of DuckDB's threads.

    The relational API (`con.sql`) collects the result as Arrow batches in parallel, where
    `con.execute(...).to_arrow_table()` converts the finished result on one thread: a full
    listing of a million-row view takes about half the time this way (benchmarks/RESULTS.md).
    With parameters, `con.sql` runs the statement first and converts its finished result
    (ten times slower on a filtered query), so bound statements go through `execute`.
    Batches of ARROW_BATCH_ROWS rather than DuckDB's default million rows: smaller buffers are
    taken from memory the allocator already holds instead of fresh pages (a quarter fewer page
    faults, some 15 % faster on a million rows).
    """
    if params:
        return con.execute(sql, params).to_arrow_table(ARROW_BATCH_ROWS)
    relation = con.sql(sql)
    if relation is None:  # a statement without a result (SET, CHECKPOINT, ...)
        import pyarrow as pa

        return pa.table({})
    return relation.to_arrow_table(ARROW_BATCH_ROWS)


def fetch_df(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    """A query's result as a pandas DataFrame, through `fetch_arrow` (faster than `.df()` on large
    results); dates come as datetime64, as `.df()` gives them."""
    return fetch_arrow(con, sql, params).to_pandas(date_as_object=False)


def loaded_files(published: str | Path) -> dict[str, dict[str, Any]]:
    """sha256 -> extractor_version, url, file_name, fetched_at, status, error of every loaded file.

    One read of one published state ({} without a warehouse): a run plans from a single
    snapshot even if a load publishes meanwhile.
    """
    try:
        with connect_readonly(published, search=False) as con:
            cur = con.execute(statement("query", "loaded_files"))
            names = [d[0] for d in cur.description]
            return {row[0]: dict(zip(names[1:], row[1:], strict=True)) for row in cur.fetchall()}
    except WarehouseMissing:
        return {}


def known_files(published: str | Path) -> dict[str, str]:
    """sha256 -> extractor_version of every loaded file ({} without a warehouse)."""
    return {sha: row["extractor_version"] for sha, row in loaded_files(published).items()}


def table_counts(published: str | Path) -> dict[str, int]:
    """Rows in the four main tables ({} without a warehouse)."""
    try:
        with connect_readonly(published, search=False) as con:
            cur = con.execute(statement("query", "table_counts"))
            row = cur.fetchone() or ()
            return {d[0]: int(v) for d, v in zip(cur.description, row, strict=True)}
    except WarehouseMissing:
        return {}


class QueryRefused(ValueError):
    """An analyst's statement that `protokoll query` does not run (a write, a file access, several statements)."""


# Statement types an analyst may run: SELECT (with WITH, FROM-first, SHOW, DESCRIBE, SUMMARIZE and
# table-valued PRAGMAs, which DuckDB parses as SELECT), EXPLAIN and PRAGMA.
READ_STATEMENTS = frozenset({"SELECT", "EXPLAIN", "PRAGMA"})
SANDBOX: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


def check_read_only(sql: str) -> None:
    """Refuse anything but one read statement, before any connection exists."""
    try:
        # Parsing can already run things (PRAGMAs are expanded): parse in a sandbox, not on
        # DuckDB's default connection, which may read files and install extensions.
        with duckdb.connect(":memory:", config=SANDBOX) as con:
            statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(str(exc).strip().splitlines()[0]) from exc
    if len(statements) != 1:
        raise QueryRefused(f"one statement at a time, got {len(statements)}")
    kind = statements[0].type.name
    if kind not in READ_STATEMENTS:
        raise QueryRefused(
            f"{kind} statements are refused; protokoll query is read-only (SELECT, WITH, "
            "SHOW, DESCRIBE, EXPLAIN, PRAGMA)"
        )


def connect_sandboxed(path: str | Path, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """Read-only, and no file system: no COPY ... TO, ATTACH, read_csv('/...'), INSTALL or LOAD;
    the configuration is locked so a statement cannot lift that. `threads` caps DuckDB's threads."""
    p = Path(path)
    if not p.is_file():
        raise WarehouseMissing(f"no warehouse at {p} (run `protokoll ingest` first)")
    # The fts extension (for search_pages) is loaded from its package file before the file
    # system is closed: loading it needs external access, using it does not.
    opening = {k: v for k, v in SANDBOX.items() if k != "enable_external_access"}
    if threads is not None:
        opening["threads"] = threads
    con = duckdb.connect(str(p), read_only=True, config=opening)
    try:
        load_fts(con)
        con.execute(statement("schema", "close_external_access"))
        con.execute(statement("schema", "lock_configuration"))
    except BaseException:
        con.close()
        raise
    return con


def run_query(path: str | Path, sql: str, params: list[Any] | None = None) -> tuple[list[str], list[tuple]]:
    """Run one read statement in a sandboxed connection; returns (column names, rows).
    Raises QueryRefused for anything else and duckdb.Error on bad SQL."""
    check_read_only(sql)
    with connect_sandboxed(path) as con:
        cursor = con.execute(sql, params or [])
        if cursor.description is None:
            return [], []
        columns = [d[0] for d in cursor.description]
        return columns, cursor.fetchall()


def status_summary(path: str | Path) -> dict[str, Any]:
    """Files per status, documents per type, assignments per year and status, the last load."""

    def q(name: str) -> list[tuple]:
        return con.execute(statement("query", name)).fetchall()

    with connect_readonly(path, search=False) as con:
        last = q("status_last_load")
        last_cols = [
            "run_id",
            "started_at",
            "finished_at",
            "extractor_version",
            "files",
            "files_ok",
            "files_rejected",
            "documents",
            "assignments",
            "meeting_dates",
        ]
        meetings = q("status_meetings")[0]
        return {
            "schema_version": q("schema_version")[0][0],
            "files": {status: n for status, n in q("status_files")},
            "documents": {doc_type: n for doc_type, n in q("status_documents")},
            "assignments": [
                {"year": y, "status": s, "reference_only": r, "n": n}
                for y, s, r, n in q("status_assignments")
            ],
            "meeting_dates": meetings[0],
            "meetings": meetings[1],
            "last_load": dict(zip(last_cols, last[0], strict=True)) if last else None,
        }
