"""OCR of scanned pages: seconds per page, confidence, and what the scan loses against the text.

    .venv/bin/python benchmarks/bench_ocr.py [--dpi 300] [--threads-pages 3] [NAME ...]

Every report of tests/corpus/dev (or the NAMEs given) is "scanned" (each page rendered to a grey
image at --dpi and wrapped as an image-only PDF), extracted, and compared with the extraction of
its text version: assignments found with the same label and status and (nearly) the same text.
On the first --threads-pages pages, Tesseract alone is timed with OMP_THREAD_LIMIT=1 (as the
extractor runs it) and without it (Tesseract's default: OpenMP threads on every core).
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "corpus" / "dev"
sys.path.insert(0, str(ROOT))


def _reports() -> list[str]:
    names = []
    for path in sorted((DEV / "expected").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if any(d["assignments"] for d in data["documents"]):
            names.append(path.stem)
    return names


def _tesseract_seconds(image: Any, threads_limited: bool) -> float:
    buf = io.BytesIO()
    image.save(buf, format="PPM")
    env = dict(os.environ)
    env.pop("OMP_THREAD_LIMIT", None)
    if threads_limited:
        env["OMP_THREAD_LIMIT"] = "1"
    started = time.perf_counter()
    subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", "swe", "tsv"],
        input=buf.getvalue(),
        capture_output=True,
        env=env,
        check=True,
    )
    return time.perf_counter() - started


def _matched(text: list[dict[str, Any]], ocr: list[dict[str, Any]]) -> int:
    used: set[int] = set()
    n = 0
    for a in text:
        for i, b in enumerate(ocr):
            same = a["label"] == b["label"] and a["status"] == b["status"]
            if i not in used and same and difflib.SequenceMatcher(None, a["text"], b["text"]).ratio() >= 0.9:
                used.add(i)
                n += 1
                break
    return n


def main(argv: list[str] | None = None) -> int:
    import pypdfium2 as pdfium

    from extractors.api import extract_file

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="stems of tests/corpus/dev/pdf files (default: every report)")
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--threads-pages", type=int, default=3)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    timed: dict[bool, list[float]] = {True: [], False: []}
    confidences: list[float] = []
    found = total = pages = 0
    seconds = 0.0
    for name in args.names or _reports():
        doc = pdfium.PdfDocument(str(DEV / "pdf" / f"{name}.pdf"))
        images = [
            doc[i].render(scale=args.dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(doc))
        ]
        doc.close()
        scan = tmp / f"{name}.pdf"
        images[0].save(scan, "PDF", resolution=args.dpi, save_all=True, append_images=images[1:])
        for image in images:
            if len(timed[True]) < args.threads_pages:
                for limited in (True, False):
                    timed[limited].append(_tesseract_seconds(image, limited))
        text = [
            a for d in extract_file(DEV / "pdf" / f"{name}.pdf").data["documents"] for a in d["assignments"]
        ]
        started = time.perf_counter()
        result = extract_file(scan)
        seconds += time.perf_counter() - started
        ocr = [a for d in result.data["documents"] for a in d["assignments"]]
        confidences += [p.ocr_confidence for p in result.pages if p.ocr_confidence is not None]
        pages += len(result.pages)
        n = _matched(text, ocr)
        found, total = found + n, total + len(text)
        print(
            f"{name}: {len(result.pages)} page(s), {n}/{len(text)} assignments with the same label and status"
        )
    load = os.getloadavg()[0]
    print(
        f"\n{pages} scanned pages at {args.dpi} dpi: {found}/{total} assignments ({found / max(1, total):.1%}) "
        f"found with the same label, status and text; mean page confidence {statistics.mean(confidences):.1f} "
        f"(lowest {min(confidences):.1f}); extraction {seconds / max(1, pages):.2f} s per page"
    )
    for limited in (True, False):
        runs = timed[limited]
        if not runs:
            continue
        label = "OMP_THREAD_LIMIT=1" if limited else "default threads"
        print(
            f"tesseract alone, {label}: median {statistics.median(runs):.2f} s per page over {len(runs)} pages"
        )
    print(f"(load average at the end {load:.1f} on {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
