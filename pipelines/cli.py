"""The `protokoll` console script.

Each command lives in `pipelines/commands/<name>.py` with `add_arguments(parser)` and
`run(args) -> int`. Modules are imported only when their command runs, so that
`protokoll extract` starts without importing Dagster.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS: dict[str, str] = {
    "extract": "Extract one PDF (no warehouse); --json prints the EXTRACTION.md object.",
    "ingest": "Run the Dagster ingestion job once: discover, download, archive, parse, extract, load, publish.",
    "query": "Read-only SQL against the published warehouse.",
    "status": "Summary of the published warehouse: files, documents, assignments, last load.",
    "demo": "Generate the multi-year sample corpus, serve it on 127.0.0.1 and ingest it end to end.",
}


def _command_module(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"pipelines.commands.{name}")


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="protokoll", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = next((a for a in argv if not a.startswith("-")), None)
    for name, help_text in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        # Only the command being run is imported: its arguments are all argparse needs.
        if name == wanted:
            _command_module(name).add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(args_list)
    args = parser.parse_args(args_list)
    try:
        return int(_command_module(args.command).run(args) or 0)
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
