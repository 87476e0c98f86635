"""Small real PDFs for tests, written with reportlab from our own Swedish text, and scans of them."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def write_pdf(
    path: Path,
    pages: list[list[str]],
    header: str | None = None,
    footer: bool = True,
    encrypt: str | None = None,
) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    _width, height = A4
    for number, lines in enumerate(pages, start=1):
        if header:
            c.setFont("Helvetica", 8)
            c.drawString(56, height - 30, f"{header}   {number} ({len(pages)})")
        if footer:
            c.setFont("Helvetica", 8)
            c.drawString(56, 30, "Postadress: Region Exempel, Box 100, 701 00 Exempelstad")
        c.setFont("Helvetica", 10)
        y = height - 70
        for line in lines:
            c.drawString(56, y, line)
            y -= 13
        c.showPage()
    c.save()
    return path


def scan(src: Path, out: Path, pages: list[int], dpi: int = 300) -> Path:
    """Pages of a PDF as a scanner gives them: grey images at `dpi`, no text layer."""
    doc = pdfium.PdfDocument(str(src))
    images = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in pages]
    doc.close()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out


def with_scanned_page(src: Path, out: Path, index: int, tmp: Path) -> Path:
    """A text PDF whose page `index` (0-based) is replaced by its scan."""
    scanned = pdfium.PdfDocument(str(scan(src, tmp / "page.pdf", [index])))
    text = pdfium.PdfDocument(str(src))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(text, list(range(index)))
    mixed.import_pages(scanned, [0])
    mixed.import_pages(text, list(range(index + 1, len(text))))
    mixed.save(str(out))
    for doc in (mixed, text, scanned):
        doc.close()
    return out
