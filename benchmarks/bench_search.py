"""Search benchmark: a warehouse of 12,000 pages, index build time and query times.

    .venv/bin/python benchmarks/bench_search.py [--pages 12000] [--runs 20] [--dir DIR] [--keep]

Page text is Swedish, composed from the demo corpus's phrase banks (search_pages_gen.py).
Prints the load with its index build (load_and_publish's stages), the index's size, then for
each query the median and p95 wall time of `search_pages(query)` (20 rows fetched) in the
connection `protokoll search` opens (one thread) with its CPU time, and in the one
`protokoll query` opens (all cores); then the same with the postings left in document order
(what the `sort_terms` build step changes); last, the wall time of whole `protokoll search`
processes. The machine is shared: the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_pages_gen import make_files

from warehouse.fts import load_fts
from warehouse.load import load_and_publish
from warehouse.query import connect_sandboxed
from warehouse.search import connect_search
from warehouse.sql import statement

QUERIES = [
    ("one rare name", "Lindqvist"),
    ("one word on most pages", "uppdragen"),
    ("inflected, three words", "väntetiderna till ortopedisk kirurgi"),
    ("with stop words", "samverkan med kommunerna"),
    ("two common words", "nära vård"),
    ("compound word", "suicidpreventionen"),
    ("a diarienummer", "23RS4711"),
    ("no hit", "kvantfysik"),
]
PROJECT = Path(__file__).resolve().parents[1]


def load_average() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


Timing = tuple[str, str, float, float, float, float, float, int]


def _runs(con: duckdb.DuckDBPyConnection, query: str, runs: int) -> tuple[list[float], list[float], int]:
    """Sorted wall times, CPU times (ms) of `runs` searches after a warm-up, and the row count."""
    sql = statement("search", "search")
    n = len(con.execute(sql, [query, 20]).fetchall())
    walls, cpus = [], []
    for _ in range(runs):
        c, w = time.process_time(), time.perf_counter()
        con.execute(sql, [query, 20]).fetchall()
        cpus.append((time.process_time() - c) * 1000)
        walls.append((time.perf_counter() - w) * 1000)
    return sorted(walls), cpus, n


def _p95(sorted_times: list[float]) -> float:
    return sorted_times[min(len(sorted_times) - 1, round(0.95 * (len(sorted_times) - 1)))]


def time_queries(published: Path, runs: int) -> list[Timing]:
    """Per query: wall median and p95 and CPU median in `protokoll search`'s connection (one
    thread: its CPU time is what the query costs an idle core, which a busy machine changes
    little), then wall median and p95 in `protokoll query`'s connection (all cores)."""
    single: list[tuple[list[float], list[float], int]] = []
    with connect_search(published) as con:
        single = [_runs(con, query, runs) for _, query in QUERIES]
    with connect_sandboxed(published) as con:
        multi = [_runs(con, query, runs)[0] for _, query in QUERIES]
    out = []
    for (label, query), (walls, cpus, n), walls_all in zip(QUERIES, single, multi, strict=True):
        out.append(
            (
                label,
                query,
                statistics.median(walls),
                _p95(walls),
                statistics.median(cpus),
                statistics.median(walls_all),
                _p95(walls_all),
                n,
            )
        )
    return out


def print_times(title: str, results: list[Timing]) -> None:
    print(title)
    print(f"  {'':<62} {'protokoll search (1 thread)':>27}  {'all cores':>15}")
    print(f"  {'query':<62} {'median':>8} {'p95':>8} {'CPU':>8}  {'median':>7} {'p95':>7}  rows")
    for label, query, median, p95, cpu, median_all, p95_all, n in results:
        print(
            f"  {label + ': ' + query:<62} {median:8.1f} {p95:8.1f} {cpu:8.1f}  "
            f"{median_all:7.1f} {p95_all:7.1f}  {n}"
        )
    print(
        f"  worst (1 thread): median {max(r[2] for r in results):.1f}, p95 {max(r[3] for r in results):.1f}, "
        f"CPU {max(r[4] for r in results):.1f} ms"
    )


def unsorted_copy(published: Path) -> Path:
    """The same warehouse with the postings in the extension's own (document) order."""
    copy = published.with_name("unsorted.duckdb")
    shutil.copyfile(published, copy)
    with duckdb.connect(str(copy)) as con:
        load_fts(con)
        con.execute(
            "CREATE OR REPLACE TABLE fts_main_page_search.terms AS "
            "SELECT * FROM fts_main_page_search.terms ORDER BY docid, fieldid"
        )
        con.execute("CHECKPOINT")
    return copy


def cli_wall_times(published: Path, runs: int) -> None:
    print(f"whole `protokoll search` processes (wall ms, median of {runs}; Python start, imports, connect):")
    for query in ("väntetiderna till ortopedisk kirurgi", "Lindqvist"):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "pipelines.cli", "search", query, "--warehouse", str(published)],
                cwd=PROJECT,
                check=True,
                capture_output=True,
            )
            times.append((time.perf_counter() - t) * 1000)
        print(f"  {query!r:<40} {statistics.median(times):8.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=12_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--dir", type=Path, help="where to put the warehouse (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the warehouse files")
    args = parser.parse_args()

    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}; {load_average()}"
    )
    tmp = Path(tempfile.mkdtemp(dir=args.dir))
    published = tmp / "bench.duckdb"
    try:
        t0 = time.perf_counter()
        files = make_files(args.pages)
        words = sum(len(text.split()) for f in files for _, text in f.page_texts)
        print(
            f"generated {args.pages:,} pages in {len(files):,} files, {words:,} words, "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        stages: list[tuple[str, float]] = []
        t0 = time.perf_counter()
        load_and_publish(
            published,
            files,
            "bench",
            "bench",
            progress=lambda s: stages.append((s, time.perf_counter() - t0)),
        )
        at = dict(stages)
        print(
            f"load_and_publish {time.perf_counter() - t0:.1f} s, of which the search index "
            f"{at['indexed'] - at['committed']:.1f} s; file {published.stat().st_size / 1e6:.0f} MB"
        )
        with connect_sandboxed(published) as con:
            n_terms, n_postings = con.execute(
                "SELECT (SELECT count(*) FROM fts_main_page_search.dict), "
                "(SELECT count(*) FROM fts_main_page_search.terms)"
            ).fetchone() or (0, 0)
        print(f"index: {n_terms:,} distinct stems, {n_postings:,} postings")
        print_times(
            f"search_pages(query), 20 rows with snippets (ms, {args.runs} runs after a warm-up):",
            time_queries(published, args.runs),
        )
        print_times(
            "the same with postings in document order (without the sort_terms step):",
            time_queries(unsorted_copy(published), args.runs),
        )
        cli_wall_times(published, 5)
        print(load_average())
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
