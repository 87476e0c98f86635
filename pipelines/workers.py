"""Extraction in worker processes: one file can never stop, stall or exhaust a run.

Each file is parsed, extracted and written to the extraction cache by a long-lived worker process
(one per core by default). A worker runs under a memory limit (RLIMIT_AS) and each file under a
page cap, per-page time budgets for parsing and, apart, for OCR (inside the worker) and a wall-time
limit (enforced from here: the worker is killed and replaced). A file over a limit is `rejected`
with reason `too_slow`, `too_large` or `too_many_pages` (a page over its OCR budget is flagged
`needs_ocr` instead); a worker that dies is replaced and its file recorded `worker_died`. The
parent holds only small status entries, so its memory stays flat.

    with ExtractionPool(WorkerLimits(), spacy_model=None) as pool:
        for job_id, entry in pool.run([(job_id, pdf_path, cache_path), ...]):
            ...
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import resource
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

Job = tuple[str, str, str]
STARTUP_SECONDS = 120.0
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
    return _status_mb("VmPeak")  # (job id, original's path, cache file to write)


@dataclass(frozen=True)
class WorkerLimits:
    workers: int = 0  # 0: os.cpu_count()
    file_seconds: float = 300.0
    page_seconds: float = 60.0  # parsing one page's text layer (0: unbounded)
    # OCR of one page, apart from its parse (extractors.budget.OCR_PAGE_SECONDS; 0: unbounded). Every
    # page's OCR still counts against file_seconds: at ~3 s a scanned page on a free core, 300 s
    # reads a scan of some 60-100 pages; a longer one is too_slow (not cached, tried again).
    ocr_page_seconds: float = 120.0
    memory_mb: int = 3072  # address space (RLIMIT_AS) of a worker; spaCy and numpy alone map ~1 GB
    max_pages: int = 2000

    @property
    def pool_size(self) -> int:
        # The cores this process may run on (a container's CPU set), not the host's.
        return self.workers if self.workers > 0 else max(1, len(os.sched_getaffinity(0)))


def ocr_available() -> bool:
    """Whether this machine can OCR (Tesseract with the configured model), asked once."""
    from extractors.ocr import engine
    from extractors.rules import default_rules

    return not isinstance(engine(default_rules().text_layer.ocr), str)


def _rejected(reason: str, detail: str) -> dict[str, Any]:
    return {"status": "rejected", "error": f"{reason}: {detail}", "pages": None}


def _worker(conn: Connection, limits: WorkerLimits, spacy_model: str | None, tesseract: str | None) -> None:
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
        entry = _extract_one(Path(path), Path(cache), nlp, file_limits, limits.memory_mb)
        near_cap = bool(limits.memory_mb) and _peak_mb() >= 0.85 * limits.memory_mb
        if near_cap and entry["status"] == "rejected" and entry["error"].split(":")[0] in MEMORY_MASKS:
            # A native allocator that fails under the cap surfaces as an odd parse error
            # ("SystemError: error return without exception set"): it was the memory.
            entry = _rejected("too_large", f"reached the worker's memory limit of {limits.memory_mb} MB")
        conn.send((job_id, {**entry, "recycle": near_cap, "peak_rss_mb": round(_status_mb("VmHWM"), 1)}))
        if near_cap:
            return  # a worker that touched its cap starts afresh


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
        entry = {**_rejected(exc.reason, exc.detail), "needs_ocr": exc.needs_ocr}
    except MemoryError:
        entry = _rejected("too_large", f"needed more than {memory_mb} MB")
    except Exception as exc:  # one pathological file: recorded (not cached, so a fix retries it)
        return _rejected("extract_failed", f"{type(exc).__name__}: {exc}"[:300])
    try:
        if not str(entry.get("error") or "").startswith("too_slow"):
            write_cache(cache, entry)  # a file too slow on a busy night is tried again, not remembered
    except MemoryError:
        entry = _rejected("too_large", f"needed more than {memory_mb} MB")
    return {k: entry.get(k) for k in ("status", "error", "pages", "counts", "needs_ocr")}


class _Slot:
    def __init__(self, ctx: Any, limits: WorkerLimits, spacy_model: str | None) -> None:
        self.conn, child = ctx.Pipe()
        tesseract = os.environ.get(TESSERACT_ENV)
        self.proc = ctx.Process(target=_worker, args=(child, limits, spacy_model, tesseract), daemon=True)
        self.proc.start()
        child.close()
        self.job: Job | None = None
        self.ready = False
        self.deadline = time.monotonic() + STARTUP_SECONDS  # until ready: the start-up allowance

    def stop(self, kill: bool = False) -> None:
        if kill and self.proc.is_alive():
            self.proc.kill()
        self.conn.close()
        self.proc.join(timeout=10)


class ExtractionPool:
    def __init__(self, limits: WorkerLimits, spacy_model: str | None = None) -> None:
        self.limits = limits
        self.spacy_model = spacy_model
        # forkserver: workers start from a small clean process, not a copy of Dagster's.
        self.ctx = mp.get_context("forkserver")
        self.slots: list[_Slot] = []

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        for slot in self.slots:
            slot.stop(kill=True)
        self.slots = []

    def _new_slot(self) -> _Slot:
        return _Slot(self.ctx, self.limits, self.spacy_model)

    def run(self, jobs: Iterable[Job]) -> Iterator[tuple[str, dict[str, Any]]]:
        """Yield (job id, entry) as files finish, in completion order."""
        pending = list(jobs)
        pending.reverse()
        size = min(self.limits.pool_size, len(pending)) if pending else 0
        while len(self.slots) < size:
            self.slots.append(self._new_slot())
        while pending or any(s.job for s in self.slots):
            for slot in self.slots:
                if slot.job is None and pending:
                    slot.job = pending.pop()
                    if slot.ready:
                        slot.deadline = time.monotonic() + self.limits.file_seconds
                    try:
                        slot.conn.send(slot.job)  # queued in the pipe until the worker is ready
                    except OSError:
                        # It died between two files (the kernel's OOM killer, say): the
                        # deadline check below records the file and replaces the worker.
                        slot.deadline = 0.0
            busy = [s for s in self.slots if s.job is not None]
            timeout = max(0.0, min(s.deadline for s in busy) - time.monotonic())
            ready = wait([s.conn for s in busy], timeout=min(timeout, 1.0))
            for i, slot in enumerate(self.slots):
                if slot.job is None:
                    continue
                job_id = slot.job[0]
                if slot.conn in ready:
                    try:
                        got_id, entry = slot.conn.recv()
                        if (got_id, entry) == READY:
                            slot.ready = True
                            slot.deadline = time.monotonic() + self.limits.file_seconds
                            continue
                        assert got_id == job_id
                        if entry.pop("recycle", False):
                            slot.stop()
                            self.slots[i] = slot = self._new_slot()
                    except (EOFError, OSError):
                        code = slot.proc.exitcode
                        entry = _rejected("worker_died", f"the worker ended with exit code {code}")
                        slot.stop(kill=True)
                        self.slots[i] = slot = self._new_slot()
                    slot.job = None
                    yield job_id, entry
                elif time.monotonic() > slot.deadline:
                    slot.stop(kill=True)
                    self.slots[i] = self._new_slot()
                    if slot.ready:
                        yield (
                            job_id,
                            _rejected("too_slow", f"no result within {self.limits.file_seconds:g} s"),
                        )
                    else:
                        yield (
                            job_id,
                            _rejected(
                                "worker_died", f"the worker did not start within {STARTUP_SECONDS:g} s"
                            ),
                        )
