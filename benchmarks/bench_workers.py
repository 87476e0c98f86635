"""Extraction throughput with the worker pool: 1 and 2 workers against the bare parse on one core.

    uv run python benchmarks/bench_workers.py [--scale 2] [--seed 7]

Generates the demo corpus at the given scale, then in one run: bare pdfplumber `extract_text()`
over every PDF in a process of its own (one core), and `pipelines.workers.ExtractionPool` with 1
and with 2 workers, each pool in a fresh process as each run is (wall time, pages per second, the
peak RSS any worker reached). The pool's times include starting it (its forkserver, which imports
the extractor and spaCy once, and the workers forked from it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE = """
import json, sys, time, pdfplumber
files = json.loads(sys.argv[1])
t0, c0, pages = time.monotonic(), time.process_time(), 0
for f in files:
    with pdfplumber.open(f) as pdf:
        for page in pdf.pages:
            page.extract_text(); pages += 1
print(json.dumps({"pages": pages, "wall": time.monotonic() - t0, "cpu": time.process_time() - c0}))
"""


def pool_run(workers: int, files: list[str], cache: Path) -> dict[str, float]:
    """Extract `files` with a pool of `workers`, timed from the pool's start (workers included)."""
    from pipelines.workers import ExtractionPool, WorkerLimits

    jobs = [(str(i), f, str(cache / f"{i}.json.gz")) for i, f in enumerate(files)]
    t0 = time.monotonic()
    peak, rejected = 0.0, 0
    with ExtractionPool(WorkerLimits(workers=workers)) as pool:
        for _id, entry in pool.run(jobs):
            peak = max(peak, float(entry.get("peak_rss_mb") or 0))
            rejected += entry["status"] != "ok"
    return {"wall": time.monotonic() - t0, "peak": peak, "rejected": rejected}


def main(argv: list[str] | None = None) -> int:
    from demo.corpus import generate_corpus

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pool", type=int, help=argparse.SUPPRESS)  # internal: one pool run, JSON out
    ap.add_argument("--files", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.pool:
        files = json.loads(args.files.read_text(encoding="utf-8"))
        print(json.dumps(pool_run(args.pool, files, args.cache / f"cache{args.pool}")))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        generate_corpus(corpus, seed=args.seed, scale=args.scale)
        files = sorted(str(p) for p in corpus.rglob("*.pdf"))
        out = subprocess.run(
            [sys.executable, "-c", BARE, json.dumps(files)], capture_output=True, text=True, check=True
        )
        bare = json.loads(out.stdout)
        pages = bare["pages"]
        load = " / ".join(f"{v:.2f}" for v in os.getloadavg())
        print(
            f"machine: {os.cpu_count()} cores, load average {load} (1 / 5 / 15 min); "
            f"{len(files)} PDFs, {pages} pages (demo corpus, seed {args.seed}, scale {args.scale})"
        )
        print(
            f"{'bare pdfplumber extract_text(), 1 core':42s} {bare['wall']:7.2f} s wall {pages / bare['wall']:7.1f} pages/s"
        )
        listing = Path(tmp) / "files.json"
        listing.write_text(json.dumps(files), encoding="utf-8")
        for workers in (1, 2):
            # Each pool in a fresh process, as each run is: its forkserver starts cold.
            out = subprocess.run(
                [sys.executable, __file__, "--pool", str(workers), "--files", str(listing), "--cache", tmp],
                capture_output=True,
                text=True,
                check=True,
            )
            run = json.loads(out.stdout)
            wall = run["wall"]
            print(
                f"{f'full extraction, {workers} worker(s)':42s} {wall:7.2f} s wall {pages / wall:7.1f} pages/s "
                f"({pages / wall / (pages / bare['wall']):.2f}x the bare parse; peak worker RSS "
                f"{run['peak']:.0f} MB; {run['rejected']} rejected)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
