"""A file's time limit counts its time outside OCR: a long scan is read, a hang is still cut.

Real worker processes, real PDFs scanned here, the real Tesseract behind a program that makes each
page read late (a busy machine), stops the worker in the middle of a page's OCR (a stuck worker) or
never lets the reading end before the ceiling. Timing is kept loose: every limit below is far from
the time the work takes, whichever way the test needs it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipelines.cache import read_cache
from pipelines.file_clock import OCR_DONE, OCR_STARTED, FileClock
from pipelines.workers import WorkerLimits
from tests.extractors import test_ocr_budget
from tests.extractors.pdfs import scan, write_pdf
from tests.pipelines.ingest_fixtures import REPORT_2024
from tests.pipelines.ingest_fixtures import write_pdf as write_report
from tests.pipelines.test_workers import glyph_flood, run

real_tesseract = test_ocr_budget.real_tesseract  # the fixture: the real program, or the test skipped
pytestmark = pytest.mark.slow

DELAY = 1.5  # each page read by the slowed Tesseract starts this late


def lines(n: int) -> list[str]:
    return [
        f"Sida {n}. Nämnden beslutade att godkänna planen för vården.",
        "Förvaltningen redovisade hur arbetet med tillgängligheten har gått.",
    ]


def scanned(tmp_path: Path, pages: int, dpi: int = 300) -> Path:
    text = write_pdf(tmp_path / f"text{pages}.pdf", [lines(n) for n in range(1, pages + 1)], footer=False)
    return scan(text, tmp_path / f"scan{pages}.pdf", list(range(pages)), dpi=dpi)


def joined(out: Path, *parts: Path) -> Path:
    doc = pdfium.PdfDocument.new()
    for part in parts:
        src = pdfium.PdfDocument(str(part))
        doc.import_pages(src)
        src.close()
    doc.save(str(out))
    doc.close()
    return out


@pytest.fixture
def slow_tesseract(tmp_path: Path, real_tesseract: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from test_ocr_budget.tesseract_in_front(tmp_path, real_tesseract, monkeypatch, f"sleep {DELAY}")


@pytest.fixture
def stopping_tesseract(
    tmp_path: Path, real_tesseract: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    # Its parent is the worker: stopped in the middle of a page's OCR, it tells nothing more.
    yield from test_ocr_budget.tesseract_in_front(
        tmp_path, real_tesseract, monkeypatch, "kill -STOP $PPID; exit 1"
    )


def test_a_scan_whose_ocr_outlasts_the_file_limit_is_read_whole(tmp_path: Path, slow_tesseract: Path) -> None:
    path = scanned(tmp_path, 4)
    limits = WorkerLimits(workers=1, file_seconds=3, ocr_page_seconds=120, page_seconds=30)
    started = time.monotonic()
    got = run(tmp_path, limits, {"scan": path})["scan"]
    took = time.monotonic() - started
    assert (got["status"], got["error"], got["pages"]) == ("ok", None, 4)
    assert got["counts"]["ocr_pages"] == 4
    cached = read_cache(tmp_path / "cache" / "scan.json.gz")
    assert cached is not None
    assert [p[2] for p in cached["page_texts"]] == ["ocr"] * 4
    assert all("beslutade" in p[1] for p in cached["page_texts"])
    # Every page went through the slowed Tesseract: the file took longer than its limit, which
    # before this change cut it too_slow.
    assert len(slow_tesseract.read_text().split()) >= 4
    assert took > 4 * DELAY > limits.file_seconds


def test_a_hang_after_ocr_progress_is_still_cut(tmp_path: Path, real_tesseract: str) -> None:
    # One scanned page, then a page of 600,000 glyphs that parses for some 15 s (no parse budget):
    # the OCR'd page pauses the clock for its own time only, the hang after it is cut.
    flood = glyph_flood(tmp_path / "flood.pdf", 600_000)
    files = {
        "hangs": joined(tmp_path / "hangs.pdf", scanned(tmp_path, 1), flood),
        "after": write_report(tmp_path / "ok.pdf", REPORT_2024),
    }
    limits = WorkerLimits(workers=1, file_seconds=3, ocr_page_seconds=120, page_seconds=0, max_pages=0)
    got = run(tmp_path, limits, files)
    assert got["hangs"]["status"] == "rejected"
    assert got["hangs"]["error"].startswith("too_slow: no result within 3 s, not counting ")
    assert got["hangs"]["error"].endswith(" s of OCR on 1 page(s)")
    assert got["after"]["status"] == "ok"  # a new worker in the same slot


def test_a_worker_stuck_in_a_pages_ocr_is_cut(tmp_path: Path, stopping_tesseract: Path) -> None:
    files = {"stuck": scanned(tmp_path, 2, dpi=100), "after": write_report(tmp_path / "ok.pdf", REPORT_2024)}
    limits = WorkerLimits(workers=1, file_seconds=3, ocr_page_seconds=5, page_seconds=30)
    started = time.monotonic()
    got = run(tmp_path, limits, files)
    took = time.monotonic() - started
    assert got["stuck"]["status"] == "rejected"
    assert got["stuck"]["error"] == "too_slow: no result within 3 s, the OCR of page 1 stuck past its 5 s"
    assert len(stopping_tesseract.read_text().split()) == 1  # the worker stopped at its first read
    assert got["after"]["status"] == "ok"
    assert took < 100  # stopped, the worker would wait for ever


def test_ocr_progress_without_end_is_stopped_at_the_ceiling(tmp_path: Path, slow_tesseract: Path) -> None:
    pages = 12  # at 1.5 s a read or more, some 18 s of OCR or more: the ceiling comes first
    limits = WorkerLimits(
        workers=1, file_seconds=60, ocr_page_seconds=120, page_seconds=30, file_max_seconds=8
    )
    got = run(tmp_path, limits, {"long": scanned(tmp_path, pages, dpi=100)})["long"]
    assert got["status"] == "rejected"
    assert got["error"].startswith("too_slow: no result within the ceiling of 8 s (")
    # Cut part of the way: reads start at most one per DELAY, and the worker was killed, so
    # fewer reads began than there are pages, each page's read starting with its OCR.
    reads = len(slow_tesseract.read_text().split())
    assert 1 <= reads < pages
    assert not (tmp_path / "cache" / "long.json.gz").exists()  # too slow: tried again, not cached


def clock(**kw: float) -> FileClock:
    args = {
        "started": 100.0,
        "file_seconds": 10.0,
        "ocr_page_seconds": 5.0,
        "max_seconds": 0.0,
        "max_pages": 0,
    }
    return FileClock(**{**args, **kw})  # type: ignore[arg-type]


def test_the_clock_stands_still_during_each_pages_ocr_up_to_its_budget() -> None:
    c = clock()
    assert c.due() == 110
    c.tell(OCR_STARTED, 1, at=101, now=101)
    assert c.due() == 115  # the page may take its whole budget
    c.tell(OCR_DONE, 1, at=104, now=104)
    assert c.due() == 113  # it took 3 s: they are not counted
    c.tell(OCR_STARTED, 2, at=105, now=105)
    c.tell(OCR_DONE, 2, at=120, now=120)
    assert c.due() == 118  # 15 s, only its 5 s budget not counted
    assert c.why() == "no result within 10 s, not counting 8 s of OCR on 2 page(s)"
    c.tell(OCR_STARTED, 3, at=150, now=125)  # a time ahead of the parent's is taken as now
    assert c.ocr_since == 125


def test_the_pause_is_bounded_by_the_page_cap_and_the_ceiling() -> None:
    c = clock(max_pages=1)
    c.tell(OCR_STARTED, 1, at=100, now=100)
    c.tell(OCR_STARTED, 2, at=102, now=102)  # a page beyond the cap: its OCR counts
    assert (c.paused, c.ocr_since, c.due()) == (2.0, None, 112)
    c = clock(max_seconds=30)
    for page in range(1, 20):
        c.tell(OCR_STARTED, page, at=100 + page, now=100 + page)
    assert c.due() == 130
    assert c.why() == "no result within the ceiling of 30 s (19 page(s) read with OCR)"
    c = clock(ocr_page_seconds=0)  # OCR unbounded: it counts against the file's time
    c.tell(OCR_STARTED, 1, at=100, now=100)
    assert c.due() == 110
