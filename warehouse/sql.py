"""SQL kept in .sql files beside the code, looked up by name.

`warehouse/sql/<file>.sql` holds statements introduced by a `-- name: <name>` line;
`warehouse/schema/NNN_*.sql` and `warehouse/views/v_*.sql` are whole scripts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:  # pyarrow loads in ~0.3 s: the CLI imports this module
    import pyarrow as pa

HERE = Path(__file__).resolve().parent
SCHEMA_DIR = HERE / "schema"
VIEWS_DIR = HERE / "views"
SQL_DIR = HERE / "sql"

_NAME = re.compile(r"^--\s*name:\s*(\w+)\s*$", re.MULTILINE)


@cache
def statements(file: str) -> dict[str, str]:
    text = (SQL_DIR / f"{file}.sql").read_text(encoding="utf-8")
    parts = _NAME.split(text)
    # parts = [preamble, name1, body1, name2, body2, ...]
    named = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts), 2)}
    if len(named) * 2 + 1 != len(parts):
        raise ValueError(f"duplicate statement name in {file}.sql")
    return named


def statement(file: str, name: str) -> str:
    try:
        return statements(file)[name]
    except KeyError:
        raise KeyError(f"no statement {name!r} in warehouse/sql/{file}.sql") from None


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, script) of every schema/NNN_name.sql, in version order."""
    found: list[tuple[int, str, str]] = []
    for path in sorted(SCHEMA_DIR.glob("[0-9][0-9][0-9]_*.sql")):
        version = int(path.name[:3])
        found.append((version, path.stem[4:], path.read_text(encoding="utf-8")))
    versions = [v for v, _, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"schema migrations must be numbered 001, 002, ... without gaps: {versions}")
    return found


def views() -> list[tuple[str, str]]:
    """(name, script) of every views/*.sql in name order: m_* macros before the v_* views using them."""
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(VIEWS_DIR.glob("*.sql"))]


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back if it raises.

    A load writes a private working copy in several of these (a chunk of files, a batch of
    organs): DuckDB keeps what a transaction writes, and every Arrow table registered in it,
    until it ends, so one transaction for a whole large load would hold all of it in memory.
    The working copy is published only when the whole load succeeds (warehouse/publish.py),
    so readers still see all of a load or none of it.
    """
    con.begin()
    try:
        yield
    except BaseException:
        with suppress(duckdb.Error):  # the error that got us here is the one to report
            con.rollback()
        raise
    con.commit()


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, **tables: pa.Table) -> Iterator[None]:
    """Arrow tables visible to SQL by name (`incoming_...`) for the block, unregistered after it."""
    for name, table in tables.items():
        con.register(name, table)
    try:
        yield
    finally:
        for name in tables:
            con.unregister(name)
