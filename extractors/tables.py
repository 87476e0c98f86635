"""Tables read from the page's geometry: a header row names the columns, words fall into the
columns by their x position, rows are cut by ruled lines, by a label column, or by vertical gaps.

Ruled and borderless tables go through the same reader; a header row repeated on the next page
starts the table again there. The header words and what each column means are data
(``rules/tables.yaml``). Nothing here knows a document: a table ends where a line of text crosses
a column boundary (running text), or at the page's end.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from extractors.model import Table, TableRow

TABLE_FIELDS = ("label", "text", "status", "comment", "meeting", "other")
HEADER_GAP = 7.0
INFLECTIONS = "en|et|n|na|ar|er|erna|arna|s|ens|ets|ns"  # points between two header cells' words
EDGE_SLACK = 3.0


@dataclass(frozen=True)
class TableLexicon:
    columns: dict[str, tuple[str, ...]]  # field -> header words/phrases (lower-case)
    needs: tuple[frozenset[str], ...]  # a header is a table's when its fields include one of these sets

    def may_be_header(self, text: str) -> bool:
        """Cheap test on a printed line before any geometry is read."""
        words = set(re.sub(r"[^\wåäö ]", " ", text.lower()).split())
        firsts = {p.split()[0] for ps in self.columns.values() for p in ps}
        return len(words & firsts) >= 2 and len(words) <= 14


@dataclass
class _Cell:
    x0: float
    x1: float
    text: str
    field: str | None = None


@dataclass
class _Row:
    top: float
    words: dict[int, list[dict[str, Any]]] = field(default_factory=dict)


def _field_of(text: str, lex: TableLexicon) -> str | None:
    """The column a header cell names: the longest lexicon phrase that starts one of its words
    ("Nämndens sammanträde" -> meeting, "Presidiets beredning" -> other)."""
    joined = " ".join(re.sub(r"[^\wåäö ]", " ", text.lower()).split())
    best: tuple[int, str] | None = None
    for name, phrases in lex.columns.items():
        for p in phrases:
            # a whole word, or the word with an inflection ("sammanträden", "nämndens"), not a compound's
            # first half ("sammanträdesrum")
            if re.search(rf"(^|\s){re.escape(p)}({INFLECTIONS})?(\s|$)", joined) and (
                best is None or len(p) > best[0]
            ):
                best = (len(p), name)
    return best[1] if best else None


def _group_line(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words of one printed line, grouped into lines by their top (within 2 pt)."""
    lines: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= 2.0:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(ln, key=lambda w: w["x0"]) for ln in lines]


def _header_cells(line: list[dict[str, Any]], lex: TableLexicon) -> list[_Cell] | None:
    cells: list[_Cell] = []
    for w in line:
        if cells and w["x0"] - cells[-1].x1 < HEADER_GAP:
            cells[-1].x1, cells[-1].text = w["x1"], f"{cells[-1].text} {w['text']}"
        else:
            cells.append(_Cell(w["x0"], w["x1"], w["text"]))
    if len(cells) < 2:
        return None
    # A header row's cells are short names; a label with its value ("Plats och tid  Kommunhuset,
    # tisdagen ...") is a form field, not a table.
    if any(len(c.text.split()) > 5 or len(c.text) > 40 for c in cells):
        return None
    for c in cells:
        c.field = _field_of(c.text, lex)
    named = {c.field for c in cells if c.field}
    if sum(1 for c in cells if c.field) < max(2, int(0.75 * len(cells) + 0.5)):
        return None
    if not any(need <= named for need in lex.needs):
        return None
    return cells


def _straddles(line: list[dict[str, Any]], bounds: list[float]) -> bool:
    return any(w["x0"] < b - EDGE_SLACK and w["x1"] > b + EDGE_SLACK for w in line for b in bounds)


def _column(x0: float, bounds: list[float]) -> int:
    k = 0
    for i, b in enumerate(bounds):
        if x0 >= b - EDGE_SLACK:
            k = i + 1
    return k


def _rows(
    body: list[list[dict[str, Any]]], bounds: list[float], label_col: int | None, rules_y: list[float]
) -> list[_Row]:
    rows: list[_Row] = []
    tops = [ln[0]["top"] for ln in body]
    deltas = sorted(b - a for a, b in itertools.pairwise(tops) if b - a > 1)
    leading = deltas[0] if deltas else 12.0
    prev_bottom: float | None = None
    prev_top = 0.0
    for ln in body:
        top = ln[0]["top"]
        cols = {_column(w["x0"], bounds) for w in ln}
        if not rows:
            new = True
        elif rules_y:
            new = any(prev_bottom is not None and prev_bottom - 1 <= y <= top + 1 for y in rules_y)
        elif label_col is not None:
            new = label_col in cols
        else:
            new = top - prev_top > 1.35 * leading  # a row's padding is wider than a line's leading
        if new:
            rows.append(_Row(top))
        for w in ln:
            rows[-1].words.setdefault(_column(w["x0"], bounds), []).append(w)
        prev_bottom = max(w["bottom"] for w in ln)
        prev_top = top
    return rows


def _cell_text(words: list[dict[str, Any]]) -> str:
    return " ".join(" ".join(w["text"] for w in ln) for ln in _group_line(words))


def find_tables(page: Any, number: int, lex: TableLexicon) -> list[Table]:
    """Tables with a recognised header row on one pdfplumber page."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
    lines = _group_line(words)
    rules_y = sorted({round(float(e["top"]), 1) for e in page.horizontal_edges if e["width"] > 40})
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        cells = _header_cells(lines[i], lex)
        if cells is None:
            i += 1
            continue
        bounds = [c.x0 for c in cells[1:]]
        body: list[list[dict[str, Any]]] = []
        j = i + 1
        # A header wrapped over two lines ("Sista dag för" / "ärenden"): its second line is no row.
        height = lines[i][0]["bottom"] - lines[i][0]["top"]
        if (
            j < len(lines)
            and lines[j][0]["top"] - lines[i][0]["top"] < 1.6 * height
            and all(w["text"][:1].islower() or _field_of(w["text"], lex) for w in lines[j])
        ):
            j += 1
        while j < len(lines) and not _straddles(lines[j], bounds) and _header_cells(lines[j], lex) is None:
            gap = lines[j][0]["top"] - (body[-1][0]["top"] if body else lines[i][0]["top"])
            if gap > 60:  # a wide empty band: the table has ended
                break
            body.append(lines[j])
            j += 1
        label_col = next((k for k, c in enumerate(cells) if c.field == "label"), None)
        region = [
            y for y in rules_y if lines[i][0]["top"] - 2 <= y <= (body[-1][-1]["bottom"] + 3 if body else 0)
        ]
        rows = _rows(body, bounds, label_col, region[1:] if len(region) >= 3 else [])
        # Column names: the field, and the field with its position when two columns share one
        # (a calendar's "Sista dag" and "Presidium" are both "other").
        names: list[str] = []
        for k, c in enumerate(cells):
            name = c.field or f"col{k}"
            names.append(name if name not in names else f"{name}{k}")
        out_rows = [
            TableRow(
                page=number, top=r.top, cells={names[k]: _cell_text(ws) for k, ws in sorted(r.words.items())}
            )
            for r in rows
        ]
        top, bottom = lines[i][0]["top"], (body[-1][0]["bottom"] if body else lines[i][0]["bottom"])
        tables.append(
            Table(
                page=number, top=top, bottom=bottom, fields=tuple(c.field or "" for c in cells), rows=out_rows
            )
        )
        i = j
    return tables
