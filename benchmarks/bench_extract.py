"""Pages per second: bare pdfplumber `extract_text()` against the full `extract`, and what each stage
of the full extraction costs.

    uv run python benchmarks/bench_extract.py [PDF_OR_DIR ...] [--repeat 3]

Defaults to tests/corpus (the generality corpus) and ../shared/corpus/pdf. The bare parse runs in a
process of its own, so it pays none of the spaCy pipeline's start-up or garbage-collection tax; the
full extraction runs here. Both are CPU time of their process, best of N (the machine is shared).
Stages are timed inside the full runs by wrapping the functions `extractors.api` calls.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE = """
import json, sys, time, pdfplumber
files, repeat = json.loads(sys.argv[1]), int(sys.argv[2])
best, pages = None, 0
for _ in range(repeat):
    t0 = time.process_time(); pages = 0
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_text(); pages += 1
    t = time.process_time() - t0
    best = t if best is None else min(best, t)
print(json.dumps({"pages": pages, "cpu": best}))
"""

# (label, module, attribute): what each stage is. The two "of which" rows are inside "parse".
STAGES = (
    ("parse: pdfium chars, pdfplumber lines, tables", "extractors.api", "read_pdf"),
    ("  of which: finding tables", "extractors.pdf", "find_tables"),
    ("  of which: column gutters", "extractors.pdf", "find_gutter"),
    ("furniture", "extractors.api", "strip_furniture"),
    ("segment: split documents", "extractors.api", "split_documents"),
    ("nlp: sentences, status, dates (spaCy)", "extractors.api", "analyse"),
    ("assignments: items and blocks", "extractors.api", "extract_assignments"),
    ("tables: assignments and plan dates", "extractors.api", "table_assignments"),
)
NESTED = ("  of which: finding tables", "  of which: column gutters")


def pdfs(args: list[str]) -> list[Path]:
    out: list[Path] = []
    for a in args:
        p = Path(a)
        out.extend(sorted(p.rglob("*.pdf")) if p.is_dir() else [p])
    return out


def bare(files: list[Path], repeat: int) -> tuple[int, float]:
    out = subprocess.run(
        [sys.executable, "-c", BARE, json.dumps([str(f) for f in files]), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout)
    return int(data["pages"]), float(data["cpu"])


def _timed(fn: Callable[..., Any], key: str, sink: dict[str, float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            sink[key] += time.process_time() - t0

    return wrapper


def full(files: list[Path], repeat: int) -> tuple[int, float, dict[str, float]]:
    import importlib

    import extractors.api as api

    api.default_nlp()  # one pipeline per process, as in `protokoll ingest`
    best: float | None = None
    best_stages: dict[str, float] = {}
    pages = 0
    modules = {mod: importlib.import_module(mod) for _label, mod, _attr in STAGES}
    originals = {(mod, attr): getattr(modules[mod], attr) for _label, mod, attr in STAGES}
    try:
        for _ in range(repeat):
            stages: dict[str, float] = defaultdict(float)
            for label, mod, attr in STAGES:
                setattr(modules[mod], attr, _timed(originals[(mod, attr)], label, stages))
            t0 = time.process_time()
            pages = sum(api.extract_file(f).data["pages"] for f in files)
            t = time.process_time() - t0
            if best is None or t < best:
                best, best_stages = t, dict(stages)
    finally:
        for (mod, attr), fn in originals.items():
            setattr(modules[mod], attr, fn)
    assert best is not None
    return pages, best, best_stages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "paths",
        nargs="*",
        default=[str(ROOT / "tests" / "corpus"), str(ROOT.parent / "shared" / "corpus" / "pdf")],
    )
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    files = pdfs(args.paths)
    if not files:
        print("no PDFs found", file=sys.stderr)
        return 1
    pages, bare_cpu = bare(files, args.repeat)
    fpages, full_cpu, stages = full(files, args.repeat)
    assert pages == fpages
    print(f"{len(files)} PDFs, {pages} pages; CPU seconds, best of {args.repeat}")
    print(
        f"{'bare pdfplumber extract_text() (own process)':48s} {bare_cpu:7.2f} s {pages / bare_cpu:7.1f} pages/s"
    )
    print(f"{'full protokoll extract':48s} {full_cpu:7.2f} s {pages / full_cpu:7.1f} pages/s")
    print(f"full / bare: {full_cpu / bare_cpu:.2f}x (budget 1.5x)")
    accounted = 0.0
    for label, _mod, _attr in STAGES:
        accounted += 0.0 if label in NESTED else stages.get(label, 0.0)
        print(
            f"  {label:46s} {stages.get(label, 0.0):7.2f} s {100 * stages.get(label, 0.0) / full_cpu:5.1f} %"
        )
    print(f"  {'other (classification, header fields, JSON)':46s} {full_cpu - accounted:7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
