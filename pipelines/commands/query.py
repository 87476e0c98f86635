"""`protokoll query SQL [--warehouse PATH] [--format table|csv|json]`: read-only SQL.

One SELECT/WITH/SHOW/DESCRIBE/EXPLAIN/PRAGMA statement, on a connection that can neither write
nor touch the file system; analysts who want files use the Python API (warehouse.query)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import decimal
import json
import sys
from typing import Any

from pipelines.commands import options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sql", metavar="SQL", help='one SQL statement, e.g. "SELECT * FROM v_status_by_year"')
    options.add_warehouse(parser)
    parser.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="table (aligned, for reading), csv or json (for other tools); default: table",
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    text = str(_plain(value))
    return text.replace("\n", " ")


def write_table(columns: list[str], rows: list[tuple[Any, ...]], out: Any, max_width: int = 60) -> None:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [min(max_width, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        parts = []
        for v, w in zip(values, widths, strict=True):
            v = v if len(v) <= w else v[: w - 1] + "…"
            parts.append(v.ljust(w))
        return " | ".join(parts).rstrip()

    out.write(line(columns) + "\n")
    out.write("-+-".join("-" * w for w in widths) + "\n")
    for r in cells:
        out.write(line(r) + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def write_rows(columns: list[str], rows: list[tuple[Any, ...]], fmt: str, out: Any) -> None:
    if fmt == "json":
        out.write(
            json.dumps(
                [{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows],
                ensure_ascii=False,
                default=str,
            )
            + "\n"
        )
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_plain(v) for v in row] for row in rows])
    else:
        write_table(columns, rows, out)


def run(args: argparse.Namespace) -> int:
    import duckdb

    from pipelines.settings import warehouse_path
    from warehouse.query import QueryRefused, WarehouseMissing, run_query

    path = warehouse_path(args.warehouse)
    try:
        columns, rows = run_query(path, args.sql)
    except (WarehouseMissing, QueryRefused, duckdb.Error) as exc:
        return options.fail("query", exc)
    write_rows(columns, rows, args.format, sys.stdout)
    return 0
