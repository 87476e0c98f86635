"""`protokoll status [--warehouse PATH] [--json]`: what the published warehouse holds."""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from typing import Any

from pipelines.commands import options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_warehouse(parser)
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the summary as one JSON object (files, documents per type, assignments per year and status, last load)",
    )


def render(summary: dict[str, Any]) -> str:
    lines = [f"schema version: {summary['schema_version']}"]
    files = summary["files"]
    lines.append(
        f"files: {sum(files.values())} (" + ", ".join(f"{k} {v}" for k, v in sorted(files.items())) + ")"
    )
    docs = summary["documents"]
    lines.append(f"documents: {sum(docs.values())}")
    lines += [f"  {doc_type:<20} {n:>8}" for doc_type, n in sorted(docs.items())]
    per_year: dict[Any, dict[str, int]] = defaultdict(dict)
    refs_per_year: dict[Any, int] = defaultdict(int)
    for row in summary["assignments"]:
        if row.get("reference_only"):
            refs_per_year[row["year"]] += row["n"]
        else:
            per_year[row["year"]][row["status"]] = row["n"]
    judged = sum(sum(c.values()) for c in per_year.values())
    refs = sum(refs_per_year.values())
    lines.append(
        f"assignments: {judged + refs} ({judged} with a status, {refs} bare references; "
        "second copies of a report not counted)"
        if refs
        else f"assignments: {judged} (second copies of a report not counted)"
    )
    for year in sorted(set(per_year) | set(refs_per_year), key=lambda y: (y is None, y or 0)):
        counts = per_year[year]
        detail = ", ".join(f"{s} {n}" for s, n in sorted(counts.items()))
        extra = f" + {refs_per_year[year]} bare references" if refs_per_year[year] else ""
        lines.append(f"  {year if year is not None else '?'}: {sum(counts.values())} ({detail}){extra}")
    lines.append(f"meetings: {summary['meetings']} (meeting dates {summary['meeting_dates']})")
    last = summary["last_load"]
    if last is None:
        lines.append("last load: none")
    else:
        lines.append(
            f"last load: {last['run_id']} finished {last['finished_at']:%Y-%m-%d %H:%M:%S %Z}, "
            f"extractor {last['extractor_version']}, {last['files']} files "
            f"({last['files_rejected']} rejected), {last['documents']} documents, "
            f"{last['assignments']} assignments"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    import duckdb

    from pipelines.settings import warehouse_path
    from warehouse.query import WarehouseMissing, status_summary

    path = warehouse_path(args.warehouse)
    try:
        summary = status_summary(path)
    except (WarehouseMissing, duckdb.Error) as exc:
        return options.fail("status", exc)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, default=str))
    else:
        print(f"warehouse: {path}")
        print(render(summary))
    return 0
