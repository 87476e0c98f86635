"""Extraction in worker processes: one file can never stop, stall or exhaust a run.

Each file is parsed, extracted and written to the extraction cache by a long-lived worker process
(one per core by default). A worker runs under a memory limit (RLIMIT_AS) and each file under a
page cap, per-page time budgets for parsing and, apart, for OCR (inside the worker) and a time
limit (enforced from here: the worker is killed and replaced). A file over a limit is `rejected`
with reason `too_slow`, `too_large` or `too_many_pages` (a page over its OCR budget is flagged
`needs_ocr` instead); a worker that dies is replaced and its file recorded `worker_died`. The
parent holds only small status entries, so its memory stays flat.

The time limit: `file_seconds` bounds a file's time outside OCR. The worker tells the parent (two
messages of some 60 bytes a page) when it starts and ends the OCR of a page, and the file's clock
stands still meanwhile: for at most `ocr_page_seconds` a page (Tesseract's own timeout in the
worker) and for at most `max_pages` pages (pipelines/file_clock.py). So a scan of any length is
read while its pages make progress; a worker that hangs outside OCR is still cut when its time
outside OCR reaches `file_seconds`, one stuck inside a page's OCR `ocr_page_seconds` later; and no
file runs longer than the ceiling `file_max_seconds` (0: none beyond `file_seconds` + `max_pages`
x `ocr_page_seconds`).

    with ExtractionPool(WorkerLimits(), spacy_model=None) as pool:
        for job_id, entry in pool.run([(job_id, pdf_path, cache_path), ...]):
            ...
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

from pipelines.file_clock import FileClock
from pipelines.worker_process import READY, TESSERACT_ENV, rejected, serve

Job = tuple[str, str, str]  # (job id, original's path, cache file to write)
STARTUP_SECONDS = 120.0


@dataclass(frozen=True)
class WorkerLimits:
    workers: int = 0  # 0: os.cpu_count()
    file_seconds: float = 300.0  # outside OCR: each page's OCR pauses the clock (see above)
    page_seconds: float = 60.0  # parsing one page's text layer (0: unbounded)
    # OCR of one page, apart from its parse (extractors.budget.OCR_PAGE_SECONDS; 0: unbounded, and
    # then OCR counts against file_seconds).
    ocr_page_seconds: float = 120.0
    # The ceiling on a file's wall time, its OCR included: a 2,000-page scan at 7 s a page (0: none).
    file_max_seconds: float = 14400.0
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


class _Slot:
    def __init__(self, ctx: Any, limits: WorkerLimits, spacy_model: str | None) -> None:
        self.conn, child = ctx.Pipe()
        tesseract = os.environ.get(TESSERACT_ENV)
        self.proc = ctx.Process(target=serve, args=(child, limits, spacy_model, tesseract), daemon=True)
        self.proc.start()
        child.close()
        self.limits = limits
        self.job: Job | None = None
        self.ready = False
        self.clock: FileClock | None = None
        self.deadline = time.monotonic() + STARTUP_SECONDS  # until ready: the start-up allowance

    def start_clock(self) -> None:
        """The file's clock starts once the worker is ready and has the file."""
        lim = self.limits
        self.clock = FileClock(
            time.monotonic(), lim.file_seconds, lim.ocr_page_seconds, lim.file_max_seconds, lim.max_pages
        )
        self.deadline = self.clock.due()

    def stop(self, kill: bool = False) -> None:
        if kill and self.proc.is_alive():
            self.proc.kill()
        self.conn.close()
        self.proc.join(timeout=10)


PRELOAD = ("extractors.api", "extractors.nlp", "pipelines.cache")


class ExtractionPool:
    def __init__(self, limits: WorkerLimits, spacy_model: str | None = None) -> None:
        self.limits = limits
        self.spacy_model = spacy_model
        # forkserver: workers start from a small clean process, not a copy of Dagster's. The
        # extractor's modules (pdfplumber, pdfium, spaCy) are imported there once, so a worker,
        # and one replacing a killed worker, forks with them loaded instead of importing them.
        self.ctx = mp.get_context("forkserver")
        self.ctx.set_forkserver_preload(list(PRELOAD))
        self.slots: list[_Slot] = []

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        for slot in self.slots:
            slot.stop(kill=True)
        self.slots = []

    def _replace(self, i: int, kill: bool) -> None:
        self.slots[i].stop(kill=kill)
        self.slots[i] = _Slot(self.ctx, self.limits, self.spacy_model)

    def run(self, jobs: Iterable[Job]) -> Iterator[tuple[str, dict[str, Any]]]:
        """Yield (job id, entry) as files finish, in completion order."""
        pending = list(jobs)
        pending.reverse()
        size = min(self.limits.pool_size, len(pending)) if pending else 0
        while len(self.slots) < size:
            self.slots.append(_Slot(self.ctx, self.limits, self.spacy_model))
        while pending or any(s.job for s in self.slots):
            for slot in self.slots:
                if slot.job is None and pending:
                    slot.job = pending.pop()
                    if slot.ready:
                        slot.start_clock()
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
                done = self._receive(i) if slot.job is not None and slot.conn in ready else None
                if done is not None:
                    yield done
                elif self.slots[i].job is not None and time.monotonic() > self.slots[i].deadline:
                    yield self._cut(i)

    def _receive(self, i: int) -> tuple[str, dict[str, Any]] | None:
        """What slot i's worker sent: readiness and OCR progress (None), or its file's entry."""
        slot = self.slots[i]
        assert slot.job is not None
        job_id = slot.job[0]
        try:
            # All that is there (progress read late must not look like a hang), but bounded:
            # the deadline is checked in between.
            for _ in range(64):
                if not slot.conn.poll():
                    return None
                message = slot.conn.recv()
                if message == READY:
                    slot.ready = True
                    slot.start_clock()
                elif len(message) == 4 and slot.clock is not None:  # (event, job id, page, at)
                    assert message[1] == job_id
                    slot.clock.tell(message[0], message[2], message[3], time.monotonic())
                    slot.deadline = slot.clock.due()
                else:
                    got_id, entry = message
                    assert got_id == job_id
                    slot.job = None
                    if entry.pop("recycle", False):
                        self._replace(i, kill=False)
                    return job_id, entry
            return None
        except (EOFError, OSError):
            code = slot.proc.exitcode
            self._replace(i, kill=True)
            return job_id, rejected("worker_died", f"the worker ended with exit code {code}")

    def _cut(self, i: int) -> tuple[str, dict[str, Any]]:
        """Slot i's file is over its time, or its worker did not start: killed and replaced."""
        slot = self.slots[i]
        assert slot.job is not None
        alive, code = slot.proc.is_alive(), slot.proc.exitcode
        self._replace(i, kill=True)
        if not alive:
            return slot.job[0], rejected("worker_died", f"the worker ended with exit code {code}")
        if not slot.ready or slot.clock is None:
            return slot.job[0], rejected(
                "worker_died", f"the worker did not start within {STARTUP_SECONDS:g} s"
            )
        return slot.job[0], rejected("too_slow", slot.clock.why())
