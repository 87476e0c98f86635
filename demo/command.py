"""`protokoll demo`: the multi-year sample corpus, served on 127.0.0.1 and ingested end to end.

1. generate the corpus under data/demo-corpus (skipped when the same one is already there);
2. serve it through the imitation Meetings Plus portal on 127.0.0.1, on the port it had last time
   (`serve.py`), so that a rerun finds its files unchanged;
3. run the Dagster ingestion with `portal:<url>` as the only source (the real crawler code path);
4. advance the portal (late minutes appear) and ingest again;
5. print the per-body year tables from the warehouse views (`table.py`), what they count, the time
   taken and the next commands (`output.py`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

HELP = "Generate the multi-year sample corpus, serve it on 127.0.0.1 and ingest it end to end."
DEFAULT_CORPUS = Path("data/demo-corpus")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from demo.corpus import parse_years
    from demo.serve import DEFAULT_PORT
    from pipelines.commands import options

    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        metavar="DIR",
        help=f"folder of the sample corpus: generated there unless the same one is already there "
        f"(default: {DEFAULT_CORPUS})",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=7,
        help="random seed of the corpus; the same seed gives the same files (default: 7)",
    )
    parser.add_argument(
        "--bodies",
        type=int,
        default=4,
        metavar="N",
        help="number of fictional bodies (beredningar), each with its own house style (default: 4)",
    )
    parser.add_argument(
        "--years",
        type=parse_years,
        default=range(2019, 2027),
        help="report years, e.g. 2021-2024 (default: 2019-2026)",
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiplies assignments and pages (default: 1.0)"
    )
    parser.add_argument("--regenerate", action="store_true", help="generate the corpus even if it is there")
    parser.add_argument(
        "--port",
        type=int,
        help=f"port of the imitation portal on 127.0.0.1 (default: the one this corpus used last time, "
        f"else {DEFAULT_PORT}, else any free one; 0: any free one)",
    )
    options.add_warehouse(parser)
    options.add_archive(parser)
    parser.add_argument("--no-progress", action="store_true", help="no progress bars or progress lines")
    parser.add_argument(
        "--verbose", action="store_true", help="coverage of every committee and year, not one line per run"
    )


def _same_corpus(corpus: Path, seed: int, bodies: int, years: list[int], scale: float) -> bool:
    from demo.corpus import GENERATOR_VERSION

    try:
        m = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    g = m.get("generator") or {}
    return (
        m.get("seed") == seed
        and g.get("version") == GENERATOR_VERSION
        and g.get("bodies") == bodies
        and g.get("years") == years
        and g.get("scale") == scale
    )


@contextlib.contextmanager
def _step(desc: str, enabled: bool) -> Iterator[None]:
    """A progress line with elapsed time for a step that reports no progress of its own."""
    if not enabled:
        print(f"{desc} ...", flush=True)
        yield
        return
    from tqdm import tqdm

    bar = tqdm(desc=desc, total=None, bar_format="{desc}: {elapsed} {postfix}", file=sys.stderr, leave=True)
    stop = threading.Event()

    def tick() -> None:
        while not stop.wait(0.5):
            bar.refresh()

    t = threading.Thread(target=tick, daemon=True)
    t.start()
    try:
        yield
        bar.set_postfix_str("done")
    finally:
        stop.set()
        t.join()
        bar.close()


def run(args: argparse.Namespace) -> int:
    from demo import output
    from demo.corpus import generate_corpus
    from demo.serve import PortBusy, demo_config, open_portal
    from demo.table import counts_note, render_table, year_table
    from pipelines import settings
    from pipelines.runner import run_ingest

    t0 = time.monotonic()
    progress = not args.no_progress and sys.stderr.isatty()
    if args.no_progress:  # the extraction step's own progress (pipelines.progress) as well
        os.environ["PROTOKOLL_PROGRESS"] = "0"
    corpus = Path(args.corpus).absolute()
    years = list(args.years)
    warehouse = settings.warehouse_path(args.warehouse)
    archive = settings.archive_dir(args.archive)

    if args.regenerate or not _same_corpus(corpus, args.seed, args.bodies, years, args.scale):
        with _step(f"generating the sample corpus in {corpus}", progress):
            s = generate_corpus(corpus, seed=args.seed, bodies=args.bodies, years=years, scale=args.scale)
        print(f"{output.corpus_line(corpus)} ({s.seconds:.1f} s)")
    else:
        print(f"{output.corpus_line(corpus)} (seed {args.seed}, already generated in {corpus})")

    try:
        server, note = open_portal(corpus, args.port)
    except PortBusy as exc:
        print(f"protokoll demo: {exc}", file=sys.stderr)
        return 2
    with server:  # starts serving; stops on leaving
        source = f"portal:{server.base_url}"
        print(f"portal: {server.base_url} (127.0.0.1 only)" + (f"; {note}" if note else ""))
        config = demo_config(corpus, server.base_url)
        for label, desc in (
            ("first", "ingest, first run (discover, download, archive, extract, load, publish)"),
            ("second", "ingest, second run (late minutes published after the first run)"),
        ):
            with _step(desc, progress):
                summary = run_ingest(sources=[source], config=config, warehouse=warehouse, archive=archive)
            print(summary.render(coverage_detail=args.verbose))
            if not summary.success:
                print(f"protokoll demo: {label} ingest failed: {summary.error}", file=sys.stderr)
                return 1
            server.advance()

    rows = year_table(warehouse)
    print()
    print(render_table(rows))
    print()
    print(counts_note(rows))
    print()
    print(f"time taken: {time.monotonic() - t0:.1f} s")
    print(f"warehouse:  {warehouse}")
    print("\n".join(output.next_steps(warehouse)))
    return 0
