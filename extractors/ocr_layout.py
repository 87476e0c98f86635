"""OCR'd words -> printed lines in reading order, the way the text layer's lines come out.

pdfplumber joins the words printed at one height into one line (a table's header row is one line
whatever its columns), and pdf.py reads a two-column page column by column. Tesseract's own lines
follow its layout blocks instead, so its lines at the same height are joined here, and a page with
a gutter (columns.find_gutter on the words' letters) is read band by band, left column first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import median
from typing import Any

from extractors.columns import bands, find_gutter


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float
    key: tuple[int, int, int]  # Tesseract's (block, paragraph, line)

    def scaled(self, sx: float, sy: float) -> Word:
        return replace(self, x0=self.x0 * sx, x1=self.x1 * sx, top=self.top * sy, bottom=self.bottom * sy)

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class _Row:
    top: float
    bottom: float
    words: list[Word]

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2


def _rows(words: Sequence[Word]) -> list[_Row]:
    """Tesseract's lines, those at one height joined (their centres within half a line)."""
    units: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        units.setdefault(w.key, []).append(w)
    pieces = sorted(
        (_Row(median(w.top for w in ws), median(w.bottom for w in ws), ws) for ws in units.values()),
        key=lambda r: r.top,
    )
    rows: list[_Row] = []
    for piece in pieces:
        height = piece.bottom - piece.top
        match = next(
            (r for r in reversed(rows) if abs(r.centre - piece.centre) < 0.5 * min(height, r.bottom - r.top)),
            None,
        )
        if match is None:
            rows.append(piece)
        else:
            match.words += piece.words
            match.top, match.bottom = min(match.top, piece.top), max(match.bottom, piece.bottom)
    for r in rows:
        r.words.sort(key=lambda w: w.x0)
    return rows


def _letters(row: _Row) -> list[dict[str, Any]]:
    """A word's letters spread evenly over its box: what columns.py reads a gutter from."""
    out = []
    for w in row.words:
        step = (w.x1 - w.x0) / max(1, len(w.text))
        out += [{"text": c, "x0": w.x0 + i * step, "x1": w.x0 + (i + 1) * step} for i, c in enumerate(w.text)]
    return out


def reading_order(words: Sequence[Word], width: float) -> list[list[Word]]:
    """The page's printed lines (words left to right), top to bottom, column by column."""
    rows = _rows(words)
    letters = {id(r): _letters(r) for r in rows}
    gutter = find_gutter([c for r in rows for c in letters[id(r)]], width)
    if gutter is None:
        return [r.words for r in rows]
    dicts = [
        {"top": r.top, "bottom": r.bottom, "x0": r.words[0].x0, "x1": r.words[-1].x1, "chars": letters[id(r)]}
        for r in rows
    ]
    out: list[list[Word]] = []
    left_over = list(rows)
    for top, bottom, spans in bands(dicts, gutter):
        inside = [r for r in left_over if top <= r.top <= bottom]
        left_over = [r for r in left_over if not top <= r.top <= bottom]
        if spans:
            out += [r.words for r in inside]
            continue
        left = [[w for w in r.words if w.middle < gutter] for r in inside]
        right = [[w for w in r.words if w.middle >= gutter] for r in inside]
        out += [ws for ws in left + right if ws]
    return out


_NUMBER = re.compile(r"^\d{1,3}[.)]?$")


def _label_start(row: _Row) -> tuple[Word, Word] | None:
    """A row's first word when a wide gap (a label column, a hanging indent) follows it."""
    if len(row.words) < 2 or len(row.words[0].text) > 3:
        return None
    first, second = row.words[0], row.words[1]
    return (first, second) if second.x0 - first.x1 > row.bottom - row.top else None


def label_suspects(words: Sequence[Word]) -> list[Word]:
    """Item numbers Tesseract read as letters ("I" for 1, "z" for 7): a short non-number opening a
    row at the x where at least two other rows open with a number, their text starting at one x."""
    starts = [(s, r.bottom - r.top) for r in _rows(words) if (s := _label_start(r))]
    numbers = [(f, s) for (f, s), _h in starts if _NUMBER.match(f.text)]
    out = []
    for (first, second), height in starts:
        if _NUMBER.match(first.text):
            continue
        near = [
            n
            for n, t in numbers
            if abs(n.x0 - first.x0) < 0.6 * height and abs(t.x0 - second.x0) < 0.6 * height
        ]
        if len(near) >= 2:
            out.append(first)
    return out
