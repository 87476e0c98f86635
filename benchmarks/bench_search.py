"""Search benchmark: a warehouse of 12,000 pages, index build time and query times.

    .venv/bin/python benchmarks/bench_search.py [--pages 12000] [--runs 20] [--dir DIR] [--keep]

Page text is Swedish, composed from the demo corpus's phrase banks (search_pages_gen.py).
Prints the load with its index build (load_and_publish's stages), the index's size, then for
each query the median and p95 of `search_pages(query)` (20 rows fetched) in a connection
opened as `protokoll search` opens it (all cores), then the median wall and CPU time on one
thread (CPU time is what a query costs an idle core; a busy machine changes it little), and
the same with the postings left in document order (what the `sort_terms` step changes). Last, the wall time of whole `protokoll search`
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


Timing = tuple[str, str, float, float, float, float, int]


def time_queries(published: Path, runs: int) -> list[Timing]:
    """(label, query, wall median, wall p95, one-thread wall median, one-thread CPU median, rows).

    Wall times come from a connection opened as `protokoll search` opens it (all cores);
    CPU times from a one-thread connection: what a query costs an idle core, which a busy
    shared machine does not change much."""
    sql = statement("search", "search")
    walls: list[list[float]] = []
    counts: list[int] = []
    with connect_sandboxed(published) as con:
        for _, query in QUERIES:
            counts.append(len(con.execute(sql, [query, 20]).fetchall()))  # warm-up
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                con.execute(sql, [query, 20]).fetchall()
                times.append((time.perf_counter() - t) * 1000)
            walls.append(sorted(times))
    cpus: list[float] = []
    single: list[float] = []
    with duckdb.connect(str(published), read_only=True, config={"threads": 1}) as con:
        load_fts(con)
        for _, query in QUERIES:
            con.execute(sql, [query, 20]).fetchall()
            times, wall_1 = [], []
            for _ in range(runs):
                c, w = time.process_time(), time.perf_counter()
                con.execute(sql, [query, 20]).fetchall()
                times.append((time.process_time() - c) * 1000)
                wall_1.append((time.perf_counter() - w) * 1000)
            cpus.append(statistics.median(times))
            single.append(statistics.median(wall_1))
    out = []
    for (label, query), wall, one, cpu, n in zip(QUERIES, walls, single, cpus, counts, strict=True):
        p95 = wall[min(len(wall) - 1, round(0.95 * (len(wall) - 1)))]
        out.append((label, query, statistics.median(wall), p95, one, cpu, n))
    return out


def print_times(title: str, results: list[Timing]) -> None:
    print(title)
    print(f"  {'query':<62} {'median':>7} {'p95':>7} {'1 thread':>8} {'CPU':>6}  rows")
    for label, query, median, p95, one, cpu, n in results:
        print(f"  {label + ': ' + query:<62} {median:7.1f} {p95:7.1f} {one:8.1f} {cpu:6.1f}  {n}")
    print(
        f"  worst: median {max(r[2] for r in results):.1f}, p95 {max(r[3] for r in results):.1f}, "
        f"one thread {max(r[4] for r in results):.1f}, CPU {max(r[5] for r in results):.1f} ms"
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
