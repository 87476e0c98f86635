"""Bounds on one file's parse: a page cap, a per-page parse budget and a per-page OCR budget.

The parse budget (``page_seconds``) catches pathological pages (a page of 2,000,000 glyphs) and
keeps memory flat: reading a page's text layer is interrupted by SIGALRM once it is spent. OCR of a
scanned page (rendering it and running Tesseract) has its own budget (``ocr_page_seconds``),
enforced as the Tesseract subprocess's timeout: a normal scan takes seconds of CPU that a busy
machine stretches, and must not be taken for a pathological page, nor make the parse budget so
loose that a glyph flood parses (and grows) for as long.

Whoever bounds a whole file's time (the pipeline's worker processes) can be told when each page's
OCR starts and ends (``watch_ocr``): OCR is progress, and a long scan must not be taken for a file
that hangs. This module knows nothing of processes; the watcher decides what to do with the news.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

# Seconds the OCR of one page may take when no other budget is given (PROTOKOLL_OCR_PAGE_SECONDS
# in an ingest): ~3 s on a free core, with room for a machine busy with other work.
OCR_PAGE_SECONDS = 120.0
OCR_STARTED, OCR_DONE = "ocr_started", "ocr_done"
# Told (event, page number) as a page's OCR starts and ends (OCR_STARTED, OCR_DONE).
OcrWatcher = Callable[[str, int], None]
_WATCHERS: list[OcrWatcher] = []


@dataclass(frozen=True)
class Limits:
    """Bounds on one file's parse. ``page_seconds`` needs the main thread (it uses SIGALRM);
    ``ocr_page_seconds`` (None: unbounded) does not, it is the Tesseract subprocess's timeout."""

    max_pages: int | None = None
    page_seconds: float | None = None
    ocr_page_seconds: float | None = OCR_PAGE_SECONDS


class PageTooSlow(BaseException):
    """BaseException: pdfminer's own `except Exception` blocks must not swallow the alarm."""


_BUDGET = {"spent": False}  # set by the alarm: pdfplumber may wrap the exception it raises


def budget_spent() -> bool:
    """Whether the last page budget ran out (whatever exception its interruption became)."""
    return _BUDGET["spent"]


def _alarm(_signum: int, _frame: Any) -> None:
    _BUDGET["spent"] = True
    raise PageTooSlow


@contextmanager
def page_budget(seconds: float | None) -> Iterator[None]:
    """Interrupt a page that takes longer than ``seconds`` (pdfminer is pure Python: the signal lands)."""
    _BUDGET["spent"] = False
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def watch_ocr(watcher: OcrWatcher) -> Iterator[None]:
    """Tell ``watcher`` when the OCR of each page read meanwhile starts and ends."""
    _WATCHERS.append(watcher)
    try:
        yield
    finally:
        _WATCHERS.remove(watcher)


@contextmanager
def ocr_span(page: int) -> Iterator[None]:
    """The OCR of one page (rendering it and every Tesseract run), told to the watchers."""
    for watcher in list(_WATCHERS):
        watcher(OCR_STARTED, page)
    try:
        yield
    finally:
        for watcher in list(_WATCHERS):
            watcher(OCR_DONE, page)
