"""Small real PDFs for tests, written with reportlab from our own Swedish text."""

from __future__ import annotations

from pathlib import Path

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
