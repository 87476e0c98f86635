"""`protokoll history PHRASE [--warehouse PATH] [--json]`: follow assignments through the years."""

from __future__ import annotations

import argparse
import dataclasses
import json
import textwrap
from typing import Any

from pipelines.commands.options import fail

WIDTH = 100


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "phrase",
        metavar="PHRASE",
        help='words of the assignment, e.g. "nära vård" (case and inflection ignored)',
    )
    parser.add_argument(
        "--warehouse", metavar="PATH", help="published DuckDB file (default: $PROTOKOLL_WAREHOUSE)"
    )
    parser.add_argument("--json", action="store_true", help="print the lineages as one JSON array")


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent) or [
        indent
    ]


def render(lineages: list[Any]) -> str:
    lines: list[str] = []
    for lin in lineages:
        span = f"{lin.first_year}" if lin.first_year == lin.last_year else f"{lin.first_year}-{lin.last_year}"
        lines.append(
            f"{lin.organ}: {span}, {lin.n_years} year{'s' if lin.n_years != 1 else ''} (lineage {lin.lineage_id})"
        )
        for y in lin.years:
            label = f"{y.label} " if y.label else ""
            link = f"  [{y.link_method} {y.link_score:.2f}]" if y.link_method else ""
            lines.append(
                f"  {y.year}  {y.status or 'okant':<16} {label}(document {y.document}, page {y.page}){link}"
            )
            lines += _wrap(y.text or "", " " * 8)
            lines += _wrap(f"-> {y.evidence}" if y.evidence else "-> (no sentence judged it)", " " * 8)
        lines.append("")
    return "\n".join(lines).rstrip()


def run(args: argparse.Namespace) -> int:
    import duckdb

    from pipelines.settings import warehouse_path
    from warehouse.history import EmptyPhrase, NoLineages, history
    from warehouse.query import WarehouseMissing

    path = warehouse_path(args.warehouse)
    try:
        lineages = history(path, args.phrase)
    except (WarehouseMissing, EmptyPhrase, NoLineages, duckdb.Error) as exc:
        return fail("history", exc)
    if args.json:
        print(json.dumps([dataclasses.asdict(x) for x in lineages], ensure_ascii=False))
    elif not lineages:
        # Say where it looked: a body's name is not an assignment's wording.
        print(
            f"no assignment matches {args.phrase!r} (history reads the wordings of assignments; "
            f'`protokoll search "{args.phrase}"` searches every page)'
        )
    else:
        print(render(lineages))
    return 0
