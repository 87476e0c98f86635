"""OCR has its own time budget, apart from the per-page parse budget.

The parse budget (``Limits.page_seconds``, SIGALRM) stops pathological pages; it must not run while
Tesseract reads a scanned page, which a busy machine may stretch well past it. The OCR budget
(``Limits.ocr_page_seconds``) bounds rendering and Tesseract; a page over it is killed and flagged
``needs_ocr`` with a one-line reason. A slow machine is made repeatable here by a program in front of
the real Tesseract that starts each page read late (or never finishes it).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractors import ocr
from extractors.errors import PdfRejected
from extractors.pdf import Limits, read_pdf
from extractors.rules import default_rules
from tests.extractors.pdfs import scan, with_scanned_page, write_pdf
from tests.pipelines.test_workers import glyph_flood

DEV = Path(__file__).resolve().parents[2] / "tests" / "corpus" / "dev" / "pdf"
THREE_PAGES = "db_hedeby-bun_arsrapport_2024"
LINES = [
    "Nämnden beslutade att godkänna verksamhetsberättelsen för år 2024.",
    "Förvaltningen har under året arbetat med att förbättra tillgängligheten i lokalerna.",
    "Beredningen föreslår att uppdraget om nya lekplatser förlängs till nästa år.",
]
PARSE_SECONDS = 1.0  # parsing a one-page scan takes some 50 ms; loaded, still far below this
DELAY = 2.0  # each page read by the slowed Tesseract starts this late: OCR outlasts the parse budget


@pytest.fixture(scope="module")
def real_tesseract() -> str:
    found = ocr.engine(default_rules().text_layer.ocr)
    if isinstance(found, str):
        pytest.skip(
            f"{found}: install the Debian packages tesseract-ocr and tesseract-ocr-swe (./run.sh does)"
        )
    return found.binary


def tesseract_in_front(
    tmp_path: Path, real: str, monkeypatch: pytest.MonkeyPatch, on_page: str
) -> Iterator[Path]:
    """PROTOKOLL_TESSERACT set to a script that runs ``on_page`` before a page read (``stdin`` in),
    writing its pid to the file yielded; ``--version`` and ``--list-langs`` go straight through."""
    pids = tmp_path / "pids"
    script = tmp_path / "tesseract-on-a-busy-machine"
    script.write_text(
        f'#!/bin/sh\nif [ "$1" = stdin ]; then echo $$ >> "{pids}"; {on_page}; fi\nexec "{real}" "$@"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    monkeypatch.setenv(ocr.TESSERACT_ENV, str(script))
    ocr._probe.cache_clear()
    yield pids
    ocr._probe.cache_clear()


@pytest.fixture
def slow_tesseract(tmp_path: Path, real_tesseract: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from tesseract_in_front(tmp_path, real_tesseract, monkeypatch, f"sleep {DELAY}")


@pytest.fixture
def hung_tesseract(tmp_path: Path, real_tesseract: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # exec: the process Tesseract's caller started is the one that hangs (and must be killed).
    yield from tesseract_in_front(tmp_path, real_tesseract, monkeypatch, "exec sleep 600")


def scanned(tmp_path: Path) -> Path:
    text = write_pdf(tmp_path / "text.pdf", [LINES], footer=False)
    return scan(text, tmp_path / "scan.pdf", [0])


def test_ocr_time_does_not_count_against_the_parse_budget(tmp_path: Path, slow_tesseract: Path) -> None:
    path = scanned(tmp_path)
    started = time.monotonic()
    raw = read_pdf(path, limits=Limits(page_seconds=PARSE_SECONDS, ocr_page_seconds=60))
    took = time.monotonic() - started
    (page,) = raw.pages
    assert page.text_source == "ocr" and page.ocr_engine
    assert [ln.text for ln in page.lines] == LINES
    # The page went through the slowed Tesseract, so reading it outlasted the parse budget.
    assert slow_tesseract.read_text().split()
    assert took > DELAY > PARSE_SECONDS


def test_an_ocr_budget_too_small_flags_the_page(
    tmp_path: Path, real_tesseract: str, caplog: pytest.LogCaptureFixture
) -> None:
    limits = Limits(page_seconds=PARSE_SECONDS, ocr_page_seconds=0.01)
    mixed = with_scanned_page(DEV / f"{THREE_PAGES}.pdf", tmp_path / "mixed.pdf", 1, tmp_path)
    with caplog.at_level(logging.WARNING, logger="extractors.pdf"):
        raw = read_pdf(mixed, limits=limits)
    # The text pages are kept; the scanned page is left for OCR, with its reason said once.
    assert [p.text_source for p in raw.pages] == ["text_layer", "needs_ocr", "text_layer"]
    assert raw.pages[0].lines and raw.pages[2].lines and not raw.pages[1].lines
    assert [r.getMessage() for r in caplog.records] == [
        "mixed.pdf: page 2: no text layer (0 characters); OCR took more than 0.01 s"
    ]
    with pytest.raises(PdfRejected) as err:
        read_pdf(scanned(tmp_path), limits=limits)
    assert err.value.reason == "image_only" and err.value.needs_ocr == 1
    assert err.value.detail == (
        "no text layer on any of 1 page(s) (1 image(s)); "
        "needs_ocr: page 1: no text layer (0 characters); OCR took more than 0.01 s"
    )


def test_a_hung_tesseract_is_killed_at_the_ocr_budget(tmp_path: Path, hung_tesseract: Path) -> None:
    started = time.monotonic()
    with pytest.raises(PdfRejected) as err:
        read_pdf(scanned(tmp_path), limits=Limits(page_seconds=PARSE_SECONDS, ocr_page_seconds=3))
    took = time.monotonic() - started
    assert err.value.reason == "image_only" and err.value.detail.endswith("OCR took more than 3 s")
    assert 3 <= took < 30, took  # cut at the OCR budget, not the 600 s the program would take
    (pid,) = (int(p) for p in hung_tesseract.read_text().split())
    assert not Path(f"/proc/{pid}").exists()  # killed and reaped


def test_a_glyph_flood_is_still_cut_by_the_parse_budget(tmp_path: Path) -> None:
    # 400,000 glyphs take some 3.7 s to parse on a free core: seven times the budget.
    flood = glyph_flood(tmp_path / "glyfer.pdf", 400_000)
    started = time.monotonic()
    with pytest.raises(PdfRejected) as err:
        read_pdf(flood, limits=Limits(page_seconds=0.5, ocr_page_seconds=120))
    took = time.monotonic() - started
    assert (err.value.reason, err.value.detail) == ("too_slow", "page 1 took more than 0.5 s to read")
    assert took < 5, took  # not parsed on to the end
