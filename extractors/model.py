"""Typed values passed between the extraction steps."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One printed line, after glyph repair, with its position for furniture detection."""

    page: int  # 1-based
    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    page_height: float
    page_width: float


@dataclass(frozen=True)
class TableRow:
    page: int
    top: float
    cells: dict[str, str]  # column field (label, text, status, comment, meeting, other, colN) -> text


@dataclass(frozen=True)
class Table:
    """A table with a recognised header row, as read from one page's geometry."""

    page: int
    top: float
    bottom: float
    fields: tuple[str, ...]
    rows: list[TableRow]


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line]
    furniture: list[Line] = field(default_factory=list)  # running headers, footers, letterhead
    tables: list[Table] = field(default_factory=list)
    table_lines: list[Line] = field(default_factory=list)  # lines inside tables, kept for page text
    # How the text was obtained: "text_layer", "ocr" (engine and version, mean word confidence
    # 0-100), or "needs_ocr" (no usable text layer and no OCR engine: the text is what the layer had).
    text_source: str = "text_layer"
    ocr_engine: str | None = None
    ocr_confidence: float | None = None


@dataclass(frozen=True)
class PageText:
    page: int
    text: str
    text_source: str = "text_layer"
    ocr_engine: str | None = None
    ocr_confidence: float | None = None


@dataclass
class Segment:
    """A logical document inside a (possibly bundled) PDF, as a run of pages."""

    page_start: int
    page_end: int
    pages: list[Page]

    def body_lines(self) -> list[Line]:
        return [ln for p in self.pages for ln in p.lines]

    def tables(self) -> list[Table]:
        return [t for p in self.pages for t in p.tables]

    def furniture_lines(self) -> list[Line]:
        return [ln for p in self.pages for ln in p.furniture]
