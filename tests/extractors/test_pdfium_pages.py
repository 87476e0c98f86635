"""pdfium's characters give the lines and tables pdfplumber gives: real PDFs written here with
reportlab (our own Swedish text), each read by both engines."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

from extractors.model import Table as TableModel
from extractors.pdf import read_pdf
from extractors.pdfium_pages import PdfiumDocument
from extractors.rules import default_rules
from extractors.tables import find_tables

TEXT = [
    "Nämnden beslutade att ge förvaltningen i uppdrag att utreda frågan om öppettider.",
    "Uppdraget är påbörjat och en första redovisning lämnas i höst.",
    "Sammanträdet hölls den 3 mars 2024 i Kommunhuset, sal Ådalen.",
]
FONTS = Path(reportlab.__file__).parent / "fonts"
# Bold and italic Vera: reportlab keeps state per font file, and test_ocr.py registers Vera.ttf.
VERA_BOLD, VERA_ITALIC = FONTS / "VeraBd.ttf", FONTS / "VeraIt.ttf"


def _one_column(path: Path, font: str = "Helvetica") -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(font, 10)
    for i, text in enumerate(TEXT * 6):
        c.drawString(56, 780 - 14 * i, text)
    c.setFont(font, 10)
    c.drawString(56, 420, "Rad med  dubbla   mellanslag efter ett ord.")
    c.showPage()
    c.save()
    return path


def _two_columns(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(56, 800, "Verksamhetsberättelse för socialnämnden år 2024")
    c.setFont("Helvetica", 9)
    words = [
        "Nämnden",
        "har",
        "under",
        "året",
        "arbetat",
        "med",
        "uppdragen",
        "från",
        "fullmäktige",
        "och",
        "följt",
        "upp",
        "dem",
    ]
    for i in range(48):
        line = " ".join(words[(i + k) % len(words)] for k in range(5))
        c.drawString(56, 770 - 13 * i, line)
        c.drawString(320, 770 - 13 * i, line.upper())
    c.showPage()
    c.save()
    return path


def _ruled_table(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(56, 800, "Uppföljning av nämndens uppdrag 2024")
    rows = [["Nr", "Uppdrag", "Status", "Kommentar"]] + [
        [str(k), f"Utreda behovet av fler platser nr {k}", "Pågår" if k % 2 else "Klart", "Redovisas i maj"]
        for k in range(1, 9)
    ]
    table = Table(rows, colWidths=[30, 220, 60, 150])
    table.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONT", (0, 0), (-1, -1), "Helvetica", 9)]
        )
    )
    _w, h = table.wrapOn(c, 500, 700)
    table.drawOn(c, 56, 780 - h)
    c.showPage()
    c.save()
    return path


def _rotated_margin(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    for i, text in enumerate(TEXT):
        c.drawString(56, 780 - 14 * i, text)
    c.saveState()
    c.translate(30, 300)
    c.rotate(90)
    c.drawString(0, 0, "Diarienummer KS 2024/12")
    c.restoreState()
    c.showPage()
    c.save()
    return path


def _pages(
    path: Path, use_pdfium: bool
) -> list[tuple[list[tuple[str, float, float, float, float]], list[object]]]:
    raw = read_pdf(path, default_rules(), use_pdfium=use_pdfium)
    return [
        ([(ln.text, ln.top, ln.bottom, ln.x0, ln.x1) for ln in p.lines + p.table_lines], list(p.tables))
        for p in raw.pages
    ]


def _read_by_pdfium(path: Path) -> list[bool]:
    doc = PdfiumDocument(str(path))
    try:
        with pdfplumber.open(path) as pdf:
            return [doc.read_page(k, page) is not None for k, page in enumerate(pdf.pages)]
    finally:
        doc.close()


# pdfium keeps positions as 32-bit floats, and drops the second of two spaces in a row (its width
# then no longer counts towards the letters after it: a few hundredths of a point in a font whose
# widths are fractions).
TOLERANCE = 0.05


def _same_tables(a: list[TableModel], b: list[TableModel]) -> None:
    assert [(t.fields, [r.cells for r in t.rows]) for t in a] == [
        (t.fields, [r.cells for r in t.rows]) for t in b
    ]
    for ta, tb in zip(a, b, strict=True):
        assert [ta.top, ta.bottom] == pytest.approx([tb.top, tb.bottom], abs=TOLERANCE)
        assert [r.top for r in ta.rows] == pytest.approx([r.top for r in tb.rows], abs=TOLERANCE)


def _same(a: list, b: list) -> None:  # type: ignore[type-arg]
    assert len(a) == len(b)
    for (lines_a, tables_a), (lines_b, tables_b) in zip(a, b, strict=True):
        assert [t for t, *_ in lines_a] == [t for t, *_ in lines_b]
        for (_, *box_a), (_, *box_b) in zip(lines_a, lines_b, strict=True):
            assert box_a == pytest.approx(box_b, abs=TOLERANCE)
        _same_tables(tables_a, tables_b)


@pytest.mark.parametrize("make", [_one_column, _two_columns, _ruled_table])
def test_pdfium_lines_and_tables_are_pdfplumbers(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "doc.pdf")
    assert all(_read_by_pdfium(path)), "the page was meant to be read by pdfium"
    _same(_pages(path, use_pdfium=True), _pages(path, use_pdfium=False))


def test_embedded_font_with_fractional_widths_keeps_pdfminer_positions(tmp_path: Path) -> None:
    # pdfium moves the pen by integer widths (Vera's are fractions); the boxes follow pdfminer's.
    pdfmetrics.registerFont(TTFont("VeraTest", str(VERA_BOLD)))
    path = _one_column(tmp_path / "vera.pdf", font="VeraTest")
    assert all(_read_by_pdfium(path))
    _same(_pages(path, use_pdfium=True), _pages(path, use_pdfium=False))


def test_ruled_rows_come_from_the_same_edges(tmp_path: Path) -> None:
    path = _ruled_table(tmp_path / "table.pdf")
    doc = PdfiumDocument(str(path))
    try:
        with pdfplumber.open(path) as pdf:
            page = pdf.pages[0]
            chars = doc.read_page(0, page)
            assert chars is not None

            def tops(edges: list[dict]) -> list[float]:  # type: ignore[type-arg]
                return sorted({round(float(e["top"]), 1) for e in edges if e["width"] > 40})

            assert len(tops(page.horizontal_edges)) >= 9  # the grid: one rule per row and frame
            assert tops(chars.horizontal_edges) == tops(page.horizontal_edges)
            lex = default_rules().tables
            _same_tables(find_tables(chars, 1, lex), find_tables(page, 1, lex))
            assert find_tables(chars, 1, lex)[0].rows[0].cells["status"] == "Pågår"
    finally:
        doc.close()


def test_rotated_text_leaves_the_page_to_pdfplumber(tmp_path: Path) -> None:
    path = _rotated_margin(tmp_path / "rotated.pdf")
    assert _read_by_pdfium(path) == [False]
    pages = _pages(path, use_pdfium=True)
    _same(pages, _pages(path, use_pdfium=False))  # the rotated line as pdfplumber reads it
    assert [text for text, *_ in pages[0][0]][:3] == TEXT


def test_a_moved_mediabox_keeps_pdfplumbers_coordinates(tmp_path: Path) -> None:
    path = _ruled_table(tmp_path / "moved.pdf")
    data = path.read_bytes()
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in data
    path.write_bytes(
        data.replace(b"/MediaBox [ 0 0 595.2756 841.8898 ]", b"/MediaBox [ 9 5 604.2756 846.8898 ]")
    )
    assert all(_read_by_pdfium(path))
    _same(_pages(path, use_pdfium=True), _pages(path, use_pdfium=False))


def test_images_are_counted_as_pdfplumber_counts_them(tmp_path: Path) -> None:
    from PIL import Image

    img = tmp_path / "skanning.png"
    Image.new("RGB", (40, 60), "white").save(img)
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(str(img), 50, 50, width=300, height=400)
    c.beginForm("logo")
    c.drawImage(str(img), 10, 10, width=40, height=60)  # an image inside a form XObject
    c.endForm()
    c.doForm("logo")
    c.showPage()
    c.save()
    doc = PdfiumDocument(str(path))
    try:
        with pdfplumber.open(path) as pdf:
            assert len(pdf.pages[0].images) == 2
            assert doc.image_count(0) == 2
            assert _read_by_pdfium(path) == [True]  # a page without text is still pdfium's
    finally:
        doc.close()


def test_glyphs_without_a_unicode_map_read_as_pdfminer_reads_them(tmp_path: Path) -> None:
    # A subset font without ToUnicode: pdfminer prints every glyph "(cid:N)", code 2 included
    # (pdfium's own mark for a line-end hyphen is also 2).
    pdfmetrics.registerFont(TTFont("VeraUtanKarta", str(VERA_ITALIC), asciiReadable=False))
    path = tmp_path / "cid.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("VeraUtanKarta", 11)
    for i, text in enumerate(TEXT):
        c.drawString(72, 780 - 18 * i, text)
    c.showPage()
    c.save()
    data = re.sub(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group(0)), path.read_bytes())
    path.write_bytes(data)
    assert _read_by_pdfium(path) == [True]
    pages = _pages(path, use_pdfium=True)
    _same(pages, _pages(path, use_pdfium=False))
    doc = PdfiumDocument(str(path))
    try:
        with pdfplumber.open(path) as pdf:
            chars = doc.read_page(0, pdf.pages[0])
            assert chars is not None
            assert [c["text"] for c in chars.chars] == [c["text"] for c in pdf.pages[0].chars]
            assert "(cid:2)" in {c["text"] for c in chars.chars}
    finally:
        doc.close()
