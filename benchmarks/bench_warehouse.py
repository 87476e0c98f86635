"""Warehouse benchmark: load 1,000,000 assignment rows, then time every trend view.

    .venv/bin/python benchmarks/bench_warehouse.py [--rows 1000000] [--dir DIR] [--keep]

Synthetic but shaped like the corpus: 40 organs x 10 years of återrapporteringar, most
assignments carried over to the next year verbatim, some reworded, some new, so the
cross-year thread linking does real work. Prints load rows/s (the whole
load_and_publish: Arrow build, fingerprints, threads, inserts, checkpoint, publish) and
each view's time (best and median of 10 runs, result fetched as Arrow by
warehouse.query.fetch_arrow, and by con.execute(...).to_arrow_table() beside it).
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa

from vocab.labels import STATUSES
from warehouse.load import FileLoad, load_and_publish
from warehouse.query import connect_readonly, fetch_arrow

ORGANS = 40
YEARS = list(range(2015, 2025))
REPORTS_PER_ORGAN_YEAR = 5
VIEWS = [
    "v_status_by_year",
    "v_meetings_by_year",
    "v_meetings_by_month",
    "v_documents_by_year",
    "v_multi_year_assignments",
    "v_recurring_assignments",
    "v_extraction_gaps",
    "v_status_changes",
    "v_assignment_history",
    "v_lineage_carry_over",
]


TYPICAL = [
    (
        "recurring: threads per organ and year",
        "SELECT organ, year, count(DISTINCT thread_id) AS threads FROM v_recurring_assignments GROUP BY ALL",
        lambda organ: [],
    ),
    (
        "recurring: one organ's rows",
        "SELECT * FROM v_recurring_assignments WHERE organ = ?",
        lambda organ: [organ],
    ),
    (
        "status changes: transitions per organ",
        "SELECT organ, previous_status, status, count(*) FROM v_status_changes GROUP BY ALL",
        lambda organ: [],
    ),
    (
        "history: one organ's lineages",
        "SELECT * FROM v_assignment_history WHERE organ = ?",
        lambda organ: [organ],
    ),
    (
        "history: lineages of 5+ years per organ",
        "SELECT organ, count(DISTINCT lineage) FROM v_assignment_history WHERE n_years >= 5 GROUP BY ALL",
        lambda organ: [],
    ),
    (
        "multi-year: one organ's rows",
        "SELECT * FROM v_multi_year_assignments WHERE organ = ?",
        lambda organ: [organ],
    ),
    (
        "gaps: count per kind and organ",
        "SELECT kind, organ, count(*) FROM v_extraction_gaps GROUP BY ALL",
        lambda organ: [],
    ),
]


def timed(fetch: Callable[[], pa.Table], runs: int = 10) -> tuple[list[float], int]:
    """Wall times in ms of `runs` fetches after one warm-up, and the rows fetched."""
    rows = fetch().num_rows
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fetch()
        times.append((time.perf_counter() - t) * 1000)
    return times, rows


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mb() -> float:
    """Peak resident memory of the largest child process waited for."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def make_files(total_rows: int, seed: int = 7) -> Iterator[FileLoad]:
    rng = random.Random(seed)
    # Letters only: the fingerprint ignores digits.
    vocab = ["ord" + "".join(chr(97 + (i // 26**k) % 26) for k in range(3)) for i in range(3000)]
    per_organ_year = total_rows // (ORGANS * len(YEARS))
    per_report = per_organ_year // REPORTS_PER_ORGAN_YEAR
    for o in range(ORGANS):
        organ = f"Beredning {o:02d}"
        texts = [" ".join(rng.sample(vocab, 8)) for _ in range(per_organ_year)]
        for year in YEARS:
            if year != YEARS[0]:
                nxt = []
                for t in texts:
                    r = rng.random()
                    if r < 0.85:
                        nxt.append(t)  # carried over verbatim
                    elif r < 0.90:
                        words = t.split()
                        words[rng.randrange(len(words))] = rng.choice(vocab)  # reworded
                        nxt.append(" ".join(words))
                    else:
                        nxt.append(" ".join(rng.sample(vocab, 8)))  # new
                texts = nxt
            for r in range(REPORTS_PER_ORGAN_YEAR):
                chunk = texts[r * per_report : (r + 1) * per_report]
                sha = f"{o:04d}{year:04d}{r:02d}".ljust(64, "0")
                assignments = [
                    {
                        "label": f"Nr {k + 1}",
                        "number": k + 1,
                        "text": f"Att {t}.",
                        "section": f"{1 + k % 4}.1 Uppdrag inom perspektiv",
                        "status": STATUSES[rng.randrange(5)],
                        "beredning": "behandlat",
                        "multi_year": rng.random() < 0.3,
                        "evidence": "Uppdraget har startat.",
                        "page": 1 + k // 20,
                    }
                    for k, t in enumerate(chunk)
                ]
                doc = {
                    "doc_type": "aterrapportering",
                    "title": f"Återrapportering av uppdrag {year}",
                    "organ": organ,
                    "year": year,
                    "page_start": 1,
                    "page_end": 1 + len(chunk) // 20,
                    "diarienummer": [f"{year % 100}RS{o:03d}{r:02d}"],
                    "meeting": None,
                    "meeting_dates": [f"{year}-{m:02d}-{10 + r:02d}" for m in (2, 4, 6, 9, 11)],
                    "assignments": assignments,
                }
                pages = doc["page_end"]
                yield (
                    FileLoad(
                        sha256=sha,
                        url=f"http://127.0.0.1/{sha}.pdf",
                        file_name=f"{organ}-{year}-{r}.pdf",
                        fetched_at="2025-01-01T00:00:00Z",
                        status="ok",
                        error=None,
                        pages=pages,
                        extraction={"source": sha, "sha256": sha, "pages": pages, "documents": [doc]},
                        page_texts=[(p, f"sida {p}") for p in range(1, pages + 1)],
                        extractor_version="bench",
                    )
                )


def time_views(published: Path) -> int:
    """Print every view's full-listing time and the typical queries' times on `published`."""
    print(
        "views, full listing (ms, best / median of 10 after one warm-up): fetch_arrow (the documented "
        "read path) | con.execute(...).to_arrow_table() (single-threaded conversion)"
    )
    worst = 0.0
    with connect_readonly(published) as con:
        for view in VIEWS:
            sql = f"SELECT * FROM {view}"
            fast, rows = timed(lambda sql=sql: fetch_arrow(con, sql))
            slow, _ = timed(lambda sql=sql: con.execute(sql).to_arrow_table())
            worst = max(worst, min(fast))
            print(
                f"  {view:<28} {min(fast):8.1f} {statistics.median(fast):8.1f} | "
                f"{min(slow):8.1f} {statistics.median(slow):8.1f}   ({rows:,} rows)"
            )
        print("typical analyst queries on the row-level views (ms, fetch_arrow, best / median of 10):")
        organ = "Beredning 07"
        for label, query, params in TYPICAL:
            args_ = params(organ)
            times, rows = timed(lambda query=query, args_=args_: fetch_arrow(con, query, args_))
            print(f"  {label:<52} {min(times):8.1f} {statistics.median(times):8.1f}   ({rows:,} rows)")
    print(f"slowest view (best): {worst:.1f} ms; target < 200 ms: {'OK' if worst < 200 else 'MISSED'}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, help="where to put the warehouse (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the warehouse file")
    parser.add_argument("--views", type=Path, metavar="FILE", help="only time the views of this warehouse")
    args = parser.parse_args()
    if args.views:
        return time_views(args.views)

    tmp = tempfile.TemporaryDirectory(dir=args.dir)
    published = Path(tmp.name) / "bench.duckdb"
    stages: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    # The files are generated as the load reads them (as the pipeline reads its cache):
    # the load's memory is what is measured, not a million rows held by the benchmark.
    summary = load_and_publish(
        published,
        make_files(args.rows),
        "bench",
        "bench",
        progress=lambda s: stages.append((s, time.perf_counter() - t0)),
    )
    load_s = time.perf_counter() - t0
    load_peak = peak_rss_mb()
    n_rows = summary.assignments
    print(
        f"load_and_publish: {summary.files:,} files, {n_rows:,} assignments in {load_s:.2f} s "
        f"= {n_rows / load_s:,.0f} rows/s (all tables: documents {summary.documents:,}, "
        f"meeting_dates {summary.meeting_dates:,}, pages {summary.pages:,}); "
        f"peak RSS of the process so far {load_peak:,.0f} MB"
    )
    marks = [0.0] + [t for _, t in stages]
    print("  stages: " + ", ".join(f"{s} +{t - marks[i]:.2f}s" for i, (s, t) in enumerate(stages)))
    size_mb = published.stat().st_size / 1e6
    print(f"  published file: {size_mb:.0f} MB")

    t0 = time.perf_counter()
    load_and_publish(published, itertools.islice(make_files(args.rows), 5), "bench-reload", "bench")
    print(f"reload of 5 files into the {n_rows:,}-row warehouse: {time.perf_counter() - t0:.2f} s")

    # The views are read in a process of their own, as an analyst's notebook reads them:
    # each phase's peak memory is then its own.
    subprocess.run([sys.executable, __file__, "--views", str(published)], check=True)
    print(f"peak RSS: load {load_peak:,.0f} MB, views {children_peak_rss_mb():,.0f} MB")
    if args.keep:
        kept = (args.dir or Path.cwd()) / "bench-kept.duckdb"
        published.rename(kept)
        print(f"kept {kept}")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
