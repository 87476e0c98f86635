"""`protokoll ingest`: run the Dagster ingestion job once and print a summary."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from pipelines.commands import options


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_config(parser)
    options.add_sources(parser)
    options.add_warehouse(parser)
    options.add_archive(parser)
    parser.add_argument(
        "--since", type=_date, metavar="DATE", help="only meetings on or after this date (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--until", type=_date, metavar="DATE", help="only meetings on or before this date (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="re-extract every archived original (no re-download), even if loaded at this extractor version",
    )
    options.add_verbose(parser)


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
