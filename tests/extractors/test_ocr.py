"""Scanned pages read with the real Tesseract: an image-only report, a scanned page inside a text
PDF, a page whose text layer is (cid:NN) soup, and the needs_ocr path without Tesseract.

The scans are made here from our own generated reports (tests/corpus/dev): a page rendered to an
image with pdfium and wrapped as an image-only PDF, as a scanner would, and compared with the
expected JSON of the text version.
"""

from __future__ import annotations

import difflib
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extractors import ocr
from extractors.api import extract_file
from extractors.errors import PdfRejected
from extractors.rules import default_rules
from extractors.textlayer import unusable
from tests.extractors import test_ocr_budget
from tests.extractors.pdfs import scan, with_scanned_page

PROJECT = Path(__file__).resolve().parents[2]
DEV = PROJECT / "tests" / "corpus" / "dev"
TABLE_REPORT = "dd_ramnefors-gemensam-hjalpmedel_verksamhetsberattelse_2023"  # "Nr | Uppdrag | Status"
THREE_PAGES = "db_hedeby-bun_arsrapport_2024"  # KF-uppdrag 10-18, five of them on page 2


real_tesseract = test_ocr_budget.real_tesseract  # the fixture: the real program, or the test skipped


@pytest.fixture(scope="module")
def tesseract(real_tesseract: str) -> None:
    """Tests that need Tesseract with Swedish, and do not need to know where it is."""


@pytest.fixture
def no_tesseract(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv(ocr.TESSERACT_ENV, str(tmp_path / "no-such-tesseract"))
    ocr._probe.cache_clear()
    yield
    ocr._probe.cache_clear()


def expected(name: str) -> list[dict[str, Any]]:
    data = json.loads((DEV / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    return [a for d in data["documents"] for a in d["assignments"]]


def assignments(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for d in data["documents"] for a in d["assignments"]]


def missing(want: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[str]:
    """Expected assignments not found with the same number and status and (nearly) the same text."""
    out = []
    for a in want:
        if not any(
            b["number"] == a["number"]
            and b["status"] == a["status"]
            and difflib.SequenceMatcher(None, a["text"], b["text"]).ratio() >= 0.9
            for b in got
        ):
            out.append(f"{a['number']} {a['status']} {a['text'][:50]}")
    return out


def test_an_image_only_report_is_read_with_ocr(tmp_path: Path, tesseract: None) -> None:
    path = scan(DEV / "pdf" / f"{TABLE_REPORT}.pdf", tmp_path / "scan.pdf", [0])
    result = extract_file(path)
    (page,) = result.pages
    assert page.text_source == "ocr"
    assert page.ocr_engine and re.fullmatch(r"tesseract \d+\.\d+.* swe", page.ocr_engine)
    assert page.ocr_confidence is not None and 80 <= page.ocr_confidence <= 100
    assert "Teckenförklaring" in page.text
    want = expected(TABLE_REPORT)
    got = assignments(result.data)
    assert len(want) == 7 and missing(want, got) == []
    assert result.data["page_sources"] == [
        {"page": 1, "source": "ocr", "engine": page.ocr_engine, "confidence": page.ocr_confidence}
    ]


def test_a_scanned_page_inside_a_text_pdf(tmp_path: Path, tesseract: None) -> None:
    src = DEV / "pdf" / f"{THREE_PAGES}.pdf"
    path = with_scanned_page(src, tmp_path / "mixed.pdf", 1, tmp_path)
    result = extract_file(path)
    assert [p.text_source for p in result.pages] == ["text_layer", "ocr", "text_layer"]
    assert [p.ocr_engine is not None for p in result.pages] == [False, True, False]
    got = assignments(result.data)
    assert missing(expected(THREE_PAGES), got) == []
    assert sorted(a["number"] for a in got if a["page"] == 2) == [13, 14, 15, 16, 17]
    # The text pages keep every line of the text PDF's own (a running header at a slightly
    # different height on the scan may no longer be recognised as furniture, so lines may be added).
    text = extract_file(src)
    for mine, theirs in zip(result.pages[::2], text.pages[::2], strict=True):
        assert set(theirs.text.splitlines()) <= set(mine.text.splitlines())


def test_cid_soup_page_is_read_with_ocr(tmp_path: Path, tesseract: None) -> None:
    """A font without a Unicode map: pdfminer reads every glyph as (cid:NN), pdfium draws it."""
    lines = [
        "Återrapportering av nämndens uppdrag 2024",
        "Nr 1 Att ta fram en plan för nya lekplatser. Status: Genomfört.",
        "Nr 2 Att utreda en simhall i Kärrby. Status: Ej påbörjat.",
    ]
    font = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    pdfmetrics.registerFont(TTFont("VeraNoAscii", str(font), asciiReadable=False))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("VeraNoAscii", 11)
    for i, line in enumerate(lines):
        c.drawString(72, 780 - 18 * i, line)
    c.save()
    # Blank out the font's ToUnicode reference (same length: the xref offsets stay right).
    data = re.sub(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group(0)), buf.getvalue())
    path = tmp_path / "cid.pdf"
    path.write_bytes(data)
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        assert pdf.pages[0].extract_text().count("(cid:") > 100
    (page,) = extract_file(path).pages
    assert page.text_source == "ocr"
    assert page.text.splitlines() == lines


@pytest.mark.parametrize(
    ("texts", "why"),
    [
        (["Sida 2"], "no text layer"),
        (["!#%&/()=?*^¨'<>|" * 4], "letters"),
        # a font whose codes are shifted three letters: letters, but no Swedish word
        ([" ".join(["Ehuhgqlqjhq", "kdu", "iùogd", "xssgudj", "ru", "uhjlrqihoogpdnwljh"] * 6)], "known"),
    ],
)
def test_text_that_is_not_language_is_unusable(texts: list[str], why: str) -> None:
    reason = unusable(texts, 0.0, default_rules().text_layer)
    assert reason is not None and why in reason


def test_swedish_text_is_usable() -> None:
    rules = default_rules().text_layer
    text = ["Beredningen har följt upp uppdraget vid två sammanträden och bedömer att det är genomfört."]
    assert unusable(text * 4, 0.0, rules) is None
    assert "mapping" in (unusable(text * 4, 0.6, rules) or "")


def test_without_tesseract_scanned_pages_are_flagged_needs_ocr(tmp_path: Path, no_tesseract: None) -> None:
    src = DEV / "pdf" / f"{THREE_PAGES}.pdf"
    result = extract_file(with_scanned_page(src, tmp_path / "mixed.pdf", 1, tmp_path))
    assert [p.text_source for p in result.pages] == ["text_layer", "needs_ocr", "text_layer"]
    assert result.pages[1].text == "" and result.pages[1].ocr_engine is None
    assert result.data["page_sources"][1] == {
        "page": 2,
        "source": "needs_ocr",
        "engine": None,
        "confidence": None,
    }
    path = scan(src, tmp_path / "scan.pdf", [0, 1, 2])
    with pytest.raises(PdfRejected) as err:
        extract_file(path)
    assert err.value.reason == "image_only" and err.value.needs_ocr == 3
    assert "needs_ocr: Tesseract not found" in err.value.detail


def test_cli_names_the_pages_read_and_those_needing_ocr(tmp_path: Path, tesseract: None) -> None:
    path = with_scanned_page(DEV / "pdf" / f"{THREE_PAGES}.pdf", tmp_path / "mixed.pdf", 1, tmp_path)
    env = {**os.environ, ocr.TESSERACT_ENV: str(tmp_path / "missing")}

    def cli(*args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pipelines.cli", "extract", *args]
        return subprocess.run(command, capture_output=True, text=True, cwd=PROJECT, timeout=300, **kw)

    read = cli(str(path))
    assert read.returncode == 0, read.stderr
    assert re.search(
        r"^page 2: read with OCR \(tesseract [\d.]+ swe, mean confidence \d+\.\d\)$", read.stdout, re.M
    )
    flagged = cli(str(path), env=env)
    assert flagged.returncode == 0 and "page 2: needs OCR" in flagged.stdout
    scanned = cli(str(scan(path, tmp_path / "scan.pdf", [1])), env=env)
    assert scanned.returncode == 1
    assert ": image_only: " in scanned.stderr and "needs_ocr" in scanned.stderr
