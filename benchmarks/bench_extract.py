"""Pages per second: pdfplumber's bare extract_text() versus the full `extract` on the same PDFs.

    uv run python benchmarks/bench_extract.py [PDF_OR_DIR ...] [--repeat 3]

Defaults to ../shared/corpus/pdf. Prints both rates and the overhead of the full extraction.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pdfplumber

from extractors.api import default_nlp, extract_file


def pdfs(args: list[str]) -> list[Path]:
    out: list[Path] = []
    for a in args:
        p = Path(a)
        out.extend(sorted(p.rglob("*.pdf")) if p.is_dir() else [p])
    return out


def bare(files: list[Path]) -> int:
    pages = 0
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    return pages


def full(files: list[Path]) -> int:
    return sum(extract_file(f).data["pages"] for f in files)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="*", default=["../shared/corpus/pdf"])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    files = pdfs(args.paths)
    if not files:
        print("no PDFs found", file=sys.stderr)
        return 1
    default_nlp()  # pipeline construction is a one-off per process, not per page
    full(files[:1])  # warm caches (imports, regex compilation) for both measurements alike
    # CPU time of this process, interleaved runs, best of N: the machine is shared, and wall time
    # would mostly measure the neighbours.
    names = ("bare pdfplumber extract_text()", "full protokoll extract")
    times: dict[str, list[float]] = {n: [] for n in names}
    pages = 0
    for _ in range(args.repeat):
        for name, fn in zip(names, (bare, full), strict=True):
            t0 = time.process_time()
            pages = fn(files)
            times[name].append(time.process_time() - t0)
    results = {}
    for name in names:
        best = min(times[name])
        results[name] = best
        print(
            f"{name:32s} {pages:5d} pages  best {best:6.2f} s CPU  median {statistics.median(times[name]):6.2f} s  "
            f"{pages / best:7.1f} pages/s"
        )
    b, f = results["bare pdfplumber extract_text()"], results["full protokoll extract"]
    print(f"overhead of full extraction over bare parse: {100 * (f - b) / b:+.1f}% (budget +25%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
