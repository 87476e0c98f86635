"""What runs inside an extraction worker process (the pool that starts them: pipelines/workers.py).

A worker loads spaCy once, then extracts the files the parent sends over its pipe, one at a time,
under a memory limit (RLIMIT_AS) and the extractor's page cap and page budgets. It writes each
file's cache entry and answers with a small status entry; while a file's pages are read with OCR
it tells the parent when each page's OCR starts and ends (extractors.budget.watch_ocr), so the
parent can tell a long scan from a hang (pipelines/file_clock.py).
"""

from __future__ import annotations

import gc
import os
import resource
import time
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipelines.workers import WorkerLimits

READY = ("__ready__", None)
MEMORY_MASKS = ("corrupt", "extract_failed", "too_large")
TESSERACT_ENV = "PROTOKOLL_TESSERACT"  # extractors.ocr.TESSERACT_ENV, without importing it here


def _status_mb(key: str) -> float:
    """A size from /proc/self/status in MB: VmPeak (address space, what RLIMIT_AS bounds), VmHWM (peak RSS)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _peak_mb() -> float:
    return _status_mb("VmPeak")


def rejected(reason: str, detail: str) -> dict[str, Any]:
    return {"status": "rejected", "error": f"{reason}: {detail}", "pages": None}


def serve(conn: Connection, limits: WorkerLimits, spacy_model: str | None, tesseract: str | None) -> None:
    """Serve jobs until the parent closes the pipe."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # an OCR engine must not take every core
    # The forkserver's environment is the one it started with, not the pool owner's of today.
    if tesseract:
        os.environ[TESSERACT_ENV] = tesseract
    else:
        os.environ.pop(TESSERACT_ENV, None)
    if limits.memory_mb:
        cap = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from extractors.budget import watch_ocr
    from extractors.nlp import build_nlp
    from extractors.pdf import Limits

    nlp = build_nlp(spacy_model or None)
    # The loaded pipeline makes every full collection expensive; it never changes after this.
    gc.freeze()
    conn.send(READY)  # the parent starts a file's clock only now: start-up is not the file's time
    file_limits = Limits(
        max_pages=limits.max_pages or None,
        page_seconds=limits.page_seconds or None,
        ocr_page_seconds=limits.ocr_page_seconds or None,
    )
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        job_id, path, cache = job
        with watch_ocr(partial(_tell, conn, job_id)):
            entry = _extract_one(Path(path), Path(cache), nlp, file_limits, limits.memory_mb)
        near_cap = bool(limits.memory_mb) and _peak_mb() >= 0.85 * limits.memory_mb
        if near_cap and entry["status"] == "rejected" and entry["error"].split(":")[0] in MEMORY_MASKS:
            # A native allocator that fails under the cap surfaces as an odd parse error
            # ("SystemError: error return without exception set"): it was the memory.
            entry = rejected("too_large", f"reached the worker's memory limit of {limits.memory_mb} MB")
        conn.send((job_id, {**entry, "recycle": near_cap, "peak_rss_mb": round(_status_mb("VmHWM"), 1)}))
        if near_cap:
            return  # a worker that touched its cap starts afresh


def _tell(conn: Connection, job_id: str, event: str, page: int) -> None:
    """A page's OCR starts or ends: some 60 bytes to the parent, which pauses the file's clock."""
    conn.send((event, job_id, page, time.monotonic()))


def _extract_one(path: Path, cache: Path, nlp: Any, file_limits: Any, memory_mb: int) -> dict[str, Any]:
    """Extract one file, write its cache entry (a rejection too), return the small status entry."""
    from extractors.api import extract_file
    from extractors.errors import PdfRejected
    from pipelines.cache import fact_counts, write_cache

    try:
        result = extract_file(path, nlp=nlp, limits=file_limits)
        entry: dict[str, Any] = {
            "status": "ok",
            "error": None,
            "pages": result.data.get("pages"),
            "data": result.data,
            "page_texts": [
                [p.page, p.text, p.text_source, p.ocr_engine, p.ocr_confidence] for p in result.pages
            ],
            "counts": fact_counts(result.data),
        }
        del result
    except PdfRejected as exc:
        entry = {**rejected(exc.reason, exc.detail), "needs_ocr": exc.needs_ocr}
    except MemoryError:
        entry = rejected("too_large", f"needed more than {memory_mb} MB")
    except Exception as exc:  # one pathological file: recorded (not cached, so a fix retries it)
        return rejected("extract_failed", f"{type(exc).__name__}: {exc}"[:300])
    try:
        if not str(entry.get("error") or "").startswith("too_slow"):
            write_cache(cache, entry)  # a file too slow on a busy night is tried again, not remembered
    except MemoryError:
        entry = rejected("too_large", f"needed more than {memory_mb} MB")
    return {k: entry.get(k) for k in ("status", "error", "pages", "counts", "needs_ocr")}
