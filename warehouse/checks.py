"""Data checks as SQL (warehouse/sql/checks.sql): each statement returns the offending rows.

Kept apart from Dagster so the same checks run from a notebook, a test or the asset checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from warehouse.query import connect_readonly
from warehouse.sql import statement, statements

CHECKS_FILE = "checks"


@dataclass(frozen=True)
class CheckRows:
    name: str
    columns: list[str]
    rows: list[tuple[Any, ...]]

    @property
    def passed(self) -> bool:
        return not self.rows


def check_names() -> list[str]:
    return list(statements(CHECKS_FILE))


def offending_rows(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> CheckRows:
    cursor = con.execute(statement(CHECKS_FILE, name), params or None)
    columns = [d[0] for d in cursor.description]
    return CheckRows(name, columns, cursor.fetchall())


def run_checks(published: str | Path, params: dict[str, dict[str, Any]]) -> list[CheckRows]:
    """Every check over the published file; `params` maps a check name to its bound parameters."""
    with connect_readonly(published) as con:
        return [offending_rows(con, name, **params.get(name, {})) for name in check_names()]
