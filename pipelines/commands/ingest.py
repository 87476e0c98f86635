"""`protokoll ingest`: run the Dagster ingestion job once and print a summary."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", type=Path, help="sources file (default: $PROTOKOLL_SOURCES or sources.yaml)"
    )
    parser.add_argument(
        "--from",
        dest="sources",
        action="append",
        metavar="SOURCE",
        help="folder or PDF, http(s) URL of a PDF, or portal:URL; repeatable; replaces the configured sources",
    )
    parser.add_argument(
        "--warehouse", type=Path, help="published DuckDB file (default: $PROTOKOLL_WAREHOUSE)"
    )
    parser.add_argument("--archive", type=Path, help="archive folder (default: $PROTOKOLL_ARCHIVE)")
    parser.add_argument("--since", type=_date, help="only meetings on or after this date (YYYY-MM-DD)")
    parser.add_argument("--until", type=_date, help="only meetings on or before this date (YYYY-MM-DD)")
    parser.add_argument("--verbose", action="store_true", help="show the stack trace of an unexpected error")
    parser.add_argument(
        "--force",
        action="store_true",
        help="re-extract every archived original (no re-download), even if loaded at this extractor version",
    )


def run(args: argparse.Namespace) -> int:
    if args.since and args.until and args.since > args.until:
        print(f"protokoll ingest: --since {args.since} is after --until {args.until}", file=sys.stderr)
        return 2
    from pipelines import settings
    from pipelines.commands.preflight import PreflightError, preflight

    try:
        # Fail fast, before the Dagster machinery starts or anything is downloaded.
        preflight(
            settings.warehouse_path(args.warehouse),
            settings.archive_dir(args.archive),
            settings.sources_file(args.config),
            args.sources,
        )
    except PreflightError as exc:
        print(f"protokoll ingest: {exc}", file=sys.stderr)
        return 2
    from pipelines.runguard import IngestBusy
    from pipelines.runner import run_ingest

    try:
        summary = run_ingest(
            sources=args.sources,
            config=args.config,
            warehouse=args.warehouse,
            archive=args.archive,
            since=args.since,
            until=args.until,
            force=args.force,
        )
    except IngestBusy as exc:
        print(f"protokoll ingest: {exc}", file=sys.stderr)
        return 3
    except Exception as exc:  # one line for the operator; the trace under --verbose
        if args.verbose:
            raise
        print(
            f"protokoll ingest: {type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''} "
            "(--verbose shows the trace)",
            file=sys.stderr,
        )
        return 1
    print(summary.render())
    return 0 if summary.success else 1
