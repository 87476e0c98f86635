"""`protokoll search QUERY [--warehouse PATH] [--limit N] [--format table|csv|json]`.

Ranked full-text search over the cleaned text of every page (BM25 over Swedish stems, stop
words ignored): document, organ, year, page and a snippet with the matching words marked.
The same search is the SQL table macro `search_pages(query)` (warehouse/search.py)."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

from pipelines.commands.options import fail

MARKED = re.compile(r"«([^»]*)»")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", metavar="QUERY", help='words to look for, e.g. "väntetider ortopedi"')
    parser.add_argument(
        "--warehouse", metavar="PATH", help="published DuckDB file (default: $PROTOKOLL_WAREHOUSE)"
    )
    parser.add_argument(
        "--limit", metavar="N", type=_positive, default=20, help="at most N pages, best first (default: 20)"
    )
    parser.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="table (for reading; matches in bold on a terminal, else «marked»), csv or json "
        "(every column of search_pages); default: table",
    )


def _emphasis(out: Any) -> bool:
    return bool(getattr(out, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def write_hits(columns: list[str], rows: list[tuple[Any, ...]], out: Any) -> None:
    """One line per page (rank, score, document, year, page, organ), its snippet wrapped below.
    The organ comes last so that a long body name is never cut."""
    hits = [dict(zip(columns, row, strict=True)) for row in rows]
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    doc_w = min(60, max(len("document"), *(len(str(h["file_name"] or "")) for h in hits)))
    bold = _emphasis(out)

    def cell(value: Any, w: int) -> str:
        text = "" if value is None else str(value)
        return (text if len(text) <= w else text[: w - 1] + "…").ljust(w)

    out.write(f"{'#':>3}  {'score':>7}  {cell('document', doc_w)}  year  page  organ\n")
    for h in hits:
        year = "" if h["year"] is None else str(h["year"])
        organ = h["organ"] or ""
        out.write(
            f"{h['rank']:>3}  {h['score']:>7.3g}  {cell(h['file_name'], doc_w)}  {year:>4}  {h['page']:>4}  {organ}".rstrip()
            + "\n"
        )
        lines = textwrap.wrap(h["snippet"] or "", width - 6, break_long_words=False) or [""]
        for line in lines:
            out.write("     " + (MARKED.sub("\x1b[1m\\1\x1b[0m", line) if bold else line) + "\n")
    out.write(f"({len(hits)} page{'s' if len(hits) != 1 else ''})\n")


@contextlib.contextmanager
def without_pandas() -> Iterator[None]:
    """DuckDB's Python client imports pandas the first time it binds a parameter (to recognise
    pandas values): 0.5 s on an idle machine, seconds on a busy one, most of a search's time.
    Search binds a str and an int, so pandas is marked unavailable while it runs (DuckDB then
    skips the check) and unmarked after, for callers in the same process that use it."""
    if "pandas" in sys.modules:
        yield
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if "pandas" in sys.modules and sys.modules["pandas"] is None:
            del sys.modules["pandas"]


def run(args: argparse.Namespace) -> int:
    with without_pandas():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    import duckdb

    from pipelines.commands.query import write_rows
    from pipelines.settings import warehouse_path
    from warehouse.fts import SearchUnavailable
    from warehouse.query import WarehouseMissing
    from warehouse.search import search

    path = warehouse_path(args.warehouse)
    try:
        result = search(path, args.query, args.limit)
    except (WarehouseMissing, SearchUnavailable, duckdb.Error) as exc:
        return fail("search", exc)
    if not result.rows:
        # Not an error: say so where a reader looks, keep csv/json output parseable.
        if not result.terms:
            message = f'nothing to search for: "{args.query}" has only stop words (e.g. och, att, för)'
        else:
            message = f'no page matches "{args.query}"'
        if args.format == "table":
            print(message)
            return 0
        print(f"protokoll search: {message}", file=sys.stderr)
    if args.format == "table":
        write_hits(result.columns, result.rows, sys.stdout)
    else:
        write_rows(result.columns, result.rows, args.format, sys.stdout)
    return 0
