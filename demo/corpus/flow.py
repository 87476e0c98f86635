"""A tiny text-flow layout engine on the reportlab canvas for the sample corpus.

It places wrapped paragraphs, headings and simple tables on A4 pages (lines are broken, and
some long words hyphenated, by `wrap.py`), and draws running headers (`Region Exempel  Title
2 (5)`) and footers at render time, when the page count of each logical document is known.
Every call that places text returns the 1-based PDF page where the text starts, which is what
the ground truth needs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from demo.corpus.wrap import wrap_words

BOLD = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "Courier": "Courier-Bold"}


@dataclass(frozen=True)
class Style:
    font: str = "Helvetica"
    size: float = 10.0
    leading: float = 13.0
    margin_left: float = 70.0
    margin_right: float = 70.0
    margin_top: float = 72.0
    margin_bottom: float = 80.0
    hyphenate: float = 0.5  # chance of hyphenating a long word that does not fit
    header: bool = True  # running header on pages after the first of a document
    footer_every_page: bool = False

    @property
    def bold(self) -> str:
        return BOLD.get(self.font, self.font)


@dataclass
class _Op:
    x: float
    y: float
    font: str
    size: float
    text: str


@dataclass
class _PageMeta:
    doc_index: int
    header_title: str


@dataclass
class Flow:
    style: Style
    rng: random.Random
    site: str = "Region Exempel"
    footer_lines: tuple[str, ...] = ()
    pages: list[list[_Op]] = field(default_factory=list)
    meta: list[_PageMeta] = field(default_factory=list)
    _doc: int = -1
    _title: str = ""
    _y: float = 0.0

    # ------------------------------------------------------------------ geometry
    @property
    def width(self) -> float:
        return A4[0] - self.style.margin_left - self.style.margin_right

    @property
    def top(self) -> float:
        return A4[1] - self.style.margin_top

    @property
    def page(self) -> int:
        """1-based number of the current page."""
        return len(self.pages)

    def _room(self) -> float:
        return self._y - self.style.margin_bottom

    # ------------------------------------------------------------------ structure
    def begin_document(self, header_title: str) -> int:
        """Start a logical document on a fresh page; returns its first page."""
        self._doc += 1
        self._title = header_title
        self.new_page()
        return self.page

    def new_page(self) -> None:
        self.pages.append([])
        self.meta.append(_PageMeta(self._doc, self._title))
        self._y = self.top

    def ensure(self, height: float) -> None:
        if self._room() < height:
            self.new_page()

    def gap(self, points: float) -> None:
        if self._y != self.top:
            self._y -= points

    # ------------------------------------------------------------------ text
    def _put(self, x: float, font: str, size: float, text: str) -> None:
        self.pages[-1].append(_Op(x, self._y, font, size, text))

    def heading(self, text: str, size: float | None = None, keep: int = 3) -> int:
        size = size or self.style.size + 2
        lead = size * 1.35
        self.gap(lead * 0.5)
        lines = self.wrap(text, self.style.bold, size, self.width, hyphenate=False)
        self.ensure(lead * len(lines) + self.style.leading * keep)
        start = self.page
        for line in lines:
            self._y -= lead
            self._put(self.style.margin_left, self.style.bold, size, line)
        self._y -= lead * 0.25
        return start

    def para(
        self,
        text: str,
        *,
        bold: bool = False,
        indent: float = 0.0,
        keep_with_next: int = 0,
        space: float = 0.45,
        hyphenate: bool = True,
    ) -> int:
        """Wrap and place a paragraph; returns the page of its first line."""
        font = self.style.bold if bold else self.style.font
        size, lead = self.style.size, self.style.leading
        lines = self.wrap(text, font, size, self.width - indent, hyphenate=hyphenate)
        self.gap(lead * space)
        # keep the first two lines (and any lines that must follow) together
        self.ensure(lead * (min(2, len(lines)) + keep_with_next))
        start = self.page
        for line in lines:
            if self._room() < lead:
                self.new_page()
            self._y -= lead
            self._put(self.style.margin_left + indent, font, size, line)
        return start

    def lines(self, rows: list[str], *, bold: bool = False, size: float | None = None) -> int:
        """Place short lines as they are (no wrapping, no hyphenation)."""
        font = self.style.bold if bold else self.style.font
        size = size or self.style.size
        lead = size * 1.3
        self.ensure(lead * min(2, len(rows)))
        start = self.page
        for row in rows:
            if self._room() < lead:
                self.new_page()
            self._y -= lead
            self._put(self.style.margin_left, font, size, row)
        return start

    def table(self, widths: list[float], header: list[str], rows: list[list[str]]) -> int:
        """A borderless table; cells wrap inside their column, rows never split."""
        size, lead = self.style.size, self.style.leading
        total = sum(widths)
        cols = [w / total * self.width for w in widths]
        xs = [self.style.margin_left + sum(cols[:i]) for i in range(len(cols))]

        def cell_lines(text: str, font: str, w: float) -> list[str]:
            out: list[str] = []
            for part in text.split("\n"):
                out.extend(self.wrap(part, font, size, w - 8, hyphenate=False))
            return out

        def draw_row(cells: list[str], font: str) -> None:
            wrapped = [cell_lines(c, font, cols[i]) for i, c in enumerate(cells)]
            height = max(len(w) for w in wrapped) * lead + lead * 0.6
            if self._room() < height:
                self.new_page()
            y0 = self._y
            for i, lines in enumerate(wrapped):
                self._y = y0
                for line in lines:
                    self._y -= lead
                    self.pages[-1].append(_Op(xs[i], self._y, font, size, line))
            self._y = y0 - height

        self.gap(lead * 0.5)
        self.ensure(lead * 4)
        start = self.page
        draw_row(header, self.style.bold)
        for row in rows:
            draw_row(row, self.style.font)
        return start

    # ------------------------------------------------------------------ wrapping
    def wrap(self, text: str, font: str, size: float, width: float, *, hyphenate: bool) -> list[str]:
        return wrap_words(
            text, font, size, width, hyphenate=hyphenate, chance=self.style.hyphenate, rng=self.rng
        )

    # ------------------------------------------------------------------ output
    def render(self, path: Path) -> int:
        """Write the PDF (byte-identical for identical input); returns the page count."""
        path.parent.mkdir(parents=True, exist_ok=True)
        c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=0)
        c.setTitle(self.meta[0].header_title if self.meta else "")
        c.setAuthor(self.site)
        per_doc: dict[int, int] = {}
        for m in self.meta:
            per_doc[m.doc_index] = per_doc.get(m.doc_index, 0) + 1
        seen: dict[int, int] = {}
        small = max(self.style.size - 2, 7)
        for ops, m in zip(self.pages, self.meta, strict=True):
            seen[m.doc_index] = seen.get(m.doc_index, 0) + 1
            k, n = seen[m.doc_index], per_doc[m.doc_index]
            if self.style.header and k > 1:
                y = A4[1] - self.style.margin_top + 28
                c.setFont(self.style.font, small)
                c.drawString(self.style.margin_left, y, f"{self.site}  {m.header_title}")
                c.drawRightString(A4[0] - self.style.margin_right, y, f"{k} ({n})")
            if self.footer_lines and (k == 1 or self.style.footer_every_page):
                c.setFont(self.style.font, small)
                y = self.style.margin_bottom - 30
                for line in self.footer_lines:
                    c.drawString(self.style.margin_left, y, line)
                    y -= small * 1.3
            elif not self.style.header:
                c.setFont(self.style.font, small)
                c.drawCentredString(A4[0] / 2, self.style.margin_bottom - 40, f"Sida {k} av {n}")
            for op in ops:
                c.setFont(op.font, op.size)
                c.drawString(op.x, op.y, op.text)
            c.showPage()
        c.save()
        return len(self.pages)
