"""Options several commands share, spelled and explained the same way everywhere."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_warehouse(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--warehouse",
        type=Path,
        metavar="PATH",
        help="published DuckDB file (default: $PROTOKOLL_WAREHOUSE, else warehouse/protokoll.duckdb)",
    )


def add_archive(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--archive",
        type=Path,
        metavar="DIR",
        help="archive of every original file (default: $PROTOKOLL_ARCHIVE, else data/archive)",
    )


def add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="sources file (default: $PROTOKOLL_SOURCES, else sources.yaml)",
    )


def add_sources(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from",
        dest="sources",
        action="append",
        metavar="SOURCE",
        help="a folder or PDF, an http(s) URL of a PDF, or portal:URL; repeatable; "
        "replaces the configured sources for this run",
    )


def add_verbose(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--verbose", action="store_true", help="show the stack trace of an unexpected error")


def fail(command: str, exc: BaseException) -> int:
    """Report `exc` as one line on stderr (`protokoll COMMAND: ...`); returns the exit status 1.

    DuckDB's messages run over several lines (the statement, a caret, hints): the first is
    the one that says what went wrong.
    """
    text = str(exc).strip()
    print(f"protokoll {command}: {text.splitlines()[0] if text else type(exc).__name__}", file=sys.stderr)
    return 1
