"""One file's time in a worker, as the parent keeps it: OCR pauses the clock, a ceiling stops it.

The worker tells the parent when it starts and ends the OCR of a page (``extractors.budget.watch_ocr``
through pipelines/workers.py). The file's clock stands still during each page's OCR, for at most that
page's OCR budget (``ocr_page_seconds``, which the worker itself enforces as Tesseract's timeout) and
for at most ``max_pages`` pages; the file is over when its clock passes ``file_seconds`` or its wall
time passes the ceiling ``max_seconds``. So a long scan is read page after page, a worker that hangs
(outside OCR, or stuck inside one page's OCR) is still cut ``file_seconds`` of non-OCR time after it
started, and no file runs past the ceiling whatever it reports. The parent holds a few numbers per
worker: memory stays flat however many pages are told.
"""

from __future__ import annotations

from dataclasses import dataclass

OCR_STARTED, OCR_DONE = "ocr_started", "ocr_done"  # extractors.budget's events, not imported here


@dataclass
class FileClock:
    started: float  # time.monotonic() when the file was handed to a ready worker
    file_seconds: float
    ocr_page_seconds: float  # 0 (OCR unbounded): OCR does not pause the clock
    max_seconds: float  # the ceiling on wall time (0: none beyond the page cap's)
    max_pages: int  # pages whose OCR may pause the clock (0: any number)
    paused: float = 0.0  # seconds of OCR not counted against file_seconds
    ocr_since: float | None = None  # when the page in OCR now started (None: none)
    ocr_pages: int = 0
    page: int = 0  # the page last told

    def tell(self, event: str, page: int, at: float, now: float) -> None:
        """The worker's news: ``event`` for ``page`` at ``at`` (its time.monotonic(): CLOCK_MONOTONIC
        is one clock for every process of the machine, so a message read late is still counted right)."""
        at = min(max(at, self.started), now)
        if self.ocr_since is not None:  # a page ends (or the next starts without its end told)
            self.paused += min(max(at - self.ocr_since, 0.0), self.ocr_page_seconds)
            self.ocr_since = None
        if event == OCR_STARTED:
            self.ocr_pages += 1
            self.page = page
            if self.ocr_page_seconds and (not self.max_pages or self.ocr_pages <= self.max_pages):
                self.ocr_since = at

    def due(self) -> float:
        """When the file is over unless the worker tells more."""
        due = self.started + self.file_seconds + self.paused
        if self.ocr_since is not None:  # the clock stands still until this page's budget is spent
            due += self.ocr_page_seconds
        return min(due, self.started + self.max_seconds) if self.max_seconds else due

    def why(self) -> str:
        """Why the file was cut: the detail of its ``too_slow`` rejection."""
        if self.max_seconds and self.due() >= self.started + self.max_seconds:
            return f"no result within the ceiling of {self.max_seconds:g} s ({self.ocr_pages} page(s) read with OCR)"
        if self.ocr_since is not None:
            return (
                f"no result within {self.file_seconds:g} s, the OCR of page {self.page} stuck past "
                f"its {self.ocr_page_seconds:g} s"
            )
        if self.ocr_pages:
            return (
                f"no result within {self.file_seconds:g} s, not counting {self.paused:.0f} s of OCR "
                f"on {self.ocr_pages} page(s)"
            )
        return f"no result within {self.file_seconds:g} s"
