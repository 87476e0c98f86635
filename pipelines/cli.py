"""The `protokoll` console script.

Each command lives in `pipelines/commands/<name>.py` with `add_arguments(parser)` and
`run(args) -> int`. Modules are imported only when their command runs, so that
`protokoll extract` starts without importing Dagster.

More commands come from the entry-point group `protokoll.commands` (a module with `HELP`,
`add_arguments` and `run`): that is how `protokoll demo` (the top-level `demo` package) is found
without the production packages importing it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType

COMMANDS: dict[str, str] = {
    "extract": "Extract one PDF (no warehouse); --json prints the EXTRACTION.md object.",
    "ingest": "Run the Dagster ingestion job once: discover, download, archive, parse, extract, load, publish.",
    "query": "Read-only SQL against the published warehouse.",
    "status": "Summary of the published warehouse: files, documents, assignments, last load.",
    "search": "Ranked full-text search over every page: document, organ, year, page, snippet.",
    "sources": "Check the configured sources: a portal's committees and meetings, without downloading.",
    "history": "Follow assignments matching a phrase through the years: status and deciding sentence per year.",
}
ENTRY_POINT_GROUP = "protokoll.commands"


def _extra_commands() -> dict[str, EntryPoint]:
    """Commands of installed packages (the demo), by name; built-in names win."""
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name not in COMMANDS}


def _command_module(name: str, extra: dict[str, EntryPoint] | None = None) -> ModuleType:
    if extra and name in extra:
        module: ModuleType = extra[name].load()
        return module
    return importlib.import_module(f"pipelines.commands.{name}")


def _extra_help(ep: EntryPoint) -> str:
    try:
        return str(getattr(ep.load(), "HELP", ep.value))
    except ImportError as exc:  # a broken plugin must not break the other commands
        return f"(unavailable: {exc})"


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="protokoll", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = next((a for a in argv if not a.startswith("-")), None)
    extra = _extra_commands()
    helps = {**COMMANDS, **{name: _extra_help(ep) for name, ep in extra.items()}}
    for name, help_text in helps.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        # Only the command being run is imported: its arguments are all argparse needs.
        if name == wanted:
            _command_module(name, extra).add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(args_list)
    args = parser.parse_args(args_list)
    try:
        return int(_command_module(args.command, _extra_commands()).run(args) or 0)
    except KeyboardInterrupt:
        print("protokoll: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`protokoll query ... | head`): not an error of ours. Point stdout
        # at /dev/null so the interpreter's final flush does not raise again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
