"""`protokoll demo`: the multi-year sample corpus, served on 127.0.0.1 and ingested end to end.

1. generate the corpus under data/demo-corpus (skipped when the same one is already there);
2. serve it through the imitation Meetings Plus portal on 127.0.0.1;
3. run the Dagster ingestion with `portal:<url>` as the only source (the real crawler code path);
4. advance the portal (late minutes appear) and ingest again;
5. print a year-by-year table from the warehouse views, the time taken and where things are.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

HELP = "Generate the multi-year sample corpus, serve it on 127.0.0.1 and ingest it end to end."
DEFAULT_CORPUS = Path("data/demo-corpus")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from demo.corpus import parse_years

    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="where the sample corpus goes")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--bodies", type=int, default=4)
    parser.add_argument("--years", type=parse_years, default=range(2019, 2027), help="e.g. 2019-2026")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies assignments and pages")
    parser.add_argument("--regenerate", action="store_true", help="generate the corpus even if it is there")
    parser.add_argument("--warehouse", help="published warehouse (default: PROTOKOLL_WAREHOUSE)")
    parser.add_argument("--archive", help="archive folder (default: PROTOKOLL_ARCHIVE)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")


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


def demo_config(corpus: Path, base_url: str) -> Path:
    """A sources file for the loopback portal: same crawler, no politeness delay needed on 127.0.0.1."""
    path = corpus / "demo-sources.yaml"
    path.write_text(
        "# written by `protokoll demo`: the imitation portal on 127.0.0.1\n"
        "version: 1\n"
        "http:\n"
        '  contact: "mailto:demo@example.org"\n'
        "  requests_per_second: 100.0\n"
        "  max_concurrency: 4\n"
        "sources:\n"
        "  - name: demo-portal\n"
        "    kind: portal\n"
        f"    url: {base_url}\n"
        # The sample archive spans years that may all lie in the past: revisit every meeting so the
        # late minutes are found whatever today's date is (a real portal keeps the 90-day default).
        "    lookback_days: 36500\n",
        encoding="utf-8",
    )
    return path


def run(args: argparse.Namespace) -> int:
    from demo.corpus import generate_corpus
    from demo.portal import PortalServer
    from demo.table import render_table, year_table
    from pipelines import settings
    from pipelines.runner import run_ingest

    t0 = time.monotonic()
    progress = not args.no_progress and sys.stderr.isatty()
    corpus = Path(args.corpus).absolute()
    years = list(args.years)
    warehouse = settings.warehouse_path(args.warehouse)
    archive = settings.archive_dir(args.archive)

    if args.regenerate or not _same_corpus(corpus, args.seed, args.bodies, years, args.scale):
        with _step(f"generating the sample corpus in {corpus}", progress):
            s = generate_corpus(corpus, seed=args.seed, bodies=args.bodies, years=years, scale=args.scale)
        print(
            f"corpus: {s.pdfs} PDFs, {s.pages} pages, {s.documents} documents, {s.assignments} assignments, "
            f"{s.meetings} meetings ({s.seconds:.1f} s)"
        )
    else:
        print(f"corpus: {corpus} (seed {args.seed}, already generated)")

    with PortalServer(corpus) as server:
        source = f"portal:{server.base_url}"
        print(f"portal: {server.base_url} (127.0.0.1 only)")
        config = demo_config(corpus, server.base_url)
        with _step("ingest, first run (discover, download, archive, extract, load, publish)", progress):
            first = run_ingest(sources=[source], config=config, warehouse=warehouse, archive=archive)
        print(first.render())
        if not first.success:
            print(f"protokoll demo: first ingest failed: {first.error}", file=sys.stderr)
            return 1
        server.advance()
        with _step("ingest, second run (late minutes published after the first run)", progress):
            second = run_ingest(sources=[source], config=config, warehouse=warehouse, archive=archive)
        print(second.render())
        if not second.success:
            print(f"protokoll demo: second ingest failed: {second.error}", file=sys.stderr)
            return 1

    rows = year_table(warehouse)
    print()
    print("Year by year (from the warehouse views v_status_by_year and v_meetings_by_year):")
    print(render_table(rows))
    print()
    print(f"time taken: {time.monotonic() - t0:.1f} s")
    print(f"warehouse:  {warehouse}")
    notebooks = Path.cwd() / "notebooks"
    print(f"notebooks:  {notebooks}  (open with: uv run --with jupyterlab jupyter lab notebooks/)")
    print(f'query:      protokoll query "SELECT * FROM v_status_by_year" --warehouse {warehouse}')
    return 0
