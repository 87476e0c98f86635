"""`protokoll sources check [--config FILE] [--from SOURCE]... [--json]`: what each configured source
offers (a portal's committees and meetings by year, cancelled ones noted), without downloading a
document, so an operator can confirm the committee slugs of sources.yaml in one command.

Exit 0 when every source and configured committee could be read; 1 when a configured committee's
page could not be read (a wrong slug, say); 2 for a bad sources file or `--from`, a portal that
cannot be reached or a folder that does not exist (one line on stderr each).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="list what each source offers, without downloading documents")
    check.add_argument(
        "--config", type=Path, help="sources file (default: $PROTOKOLL_SOURCES or sources.yaml)"
    )
    check.add_argument(
        "--from",
        dest="sources",
        action="append",
        metavar="SOURCE",
        help="folder or PDF, http(s) URL of a PDF, or portal:URL; repeatable; replaces the configured sources",
    )
    check.add_argument("--json", action="store_true", help="print the findings as JSON")


def _load(config: Path, override: list[str] | None) -> tuple[list[Any], Any]:
    from pipelines.sources.config import HttpSettings, SourcesConfigError, load_config, parse_source_arg

    http, specs = HttpSettings(), []
    if config.exists():
        loaded = load_config(config)
        http, specs = loaded.http, list(loaded.sources)
    elif not override:
        raise SourcesConfigError(f"{config}: file not found (and no --from sources given)")
    if override:
        specs = [parse_source_arg(value) for value in override]
    return specs, http


def run(args: argparse.Namespace) -> int:
    from pipelines import settings
    from pipelines.sources.config import SourcesConfigError
    from pipelines.sources.http import HttpClient
    from pipelines.sources.survey import survey

    try:
        specs, http = _load(settings.sources_file(args.config), args.sources)
    except SourcesConfigError as exc:
        print(f"protokoll sources: {exc}", file=sys.stderr)
        return 2
    except (OSError, UnicodeError) as exc:
        print(
            f"protokoll sources: {settings.sources_file(args.config)}: cannot be read ({exc})",
            file=sys.stderr,
        )
        return 2
    code, found = 0, []
    with HttpClient(http) as client:
        for spec in specs:
            result = survey(spec, client)
            found.append(result)
            if result.unreachable:
                print(f"protokoll sources: {spec.name}: {result.unreachable}", file=sys.stderr)
                code = 2
            elif result.problems():
                code = max(code, 1)
    if args.json:
        from pipelines.commands.sources_render import as_json

        print(json.dumps([as_json(s) for s in found], ensure_ascii=False, indent=1))
    else:
        from pipelines.commands.sources_render import render

        text = "\n\n".join(render(s) for s in found if not s.unreachable)
        if text:
            print(text)
    return code
