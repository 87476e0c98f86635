"""Page furniture, glyph repair and line joining (dehyphenation that keeps "hälso- och").

Furniture is found by position and repetition across pages, never by strings of one document:
  * lines in the top or bottom band that carry a page number (``4 (12)``, ``Sida 4 av 12``),
  * runs of two lines in a band that recur on several pages (letterheads, header rows),
  * single lines in a band that recur at the same height on several pages (running headers).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from extractors.model import Line, Page

TOP_BAND = 0.20
BOTTOM_BAND = 0.10

_CID = re.compile(r"\(cid:\d+\)")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
# Symbol-font bullets that pdfminer maps to letters (Wingdings check mark -> "ü", arrow -> "Ø").
# Not "§": a protocol's paragraphs start with it.
_SYMBOL_BULLET = re.compile(r"^[üØ]\s*(?=[\d(A-ZÅÄÖ])")
_PAGE_NUMBER = re.compile(
    r"(^|\s)(sida\s+)?\d{1,4}\s*(\(\s*\d{1,4}\s*\)|av\s+\d{1,4}|/\s*\d{1,4})\s*$|^\s*(sida\s+)?\d{1,4}\s*$",
    re.IGNORECASE,
)
SUSPENDED_FOLLOWERS = frozenset({"och", "eller", "samt", "respektive", "resp.", "till", "som", "&"})


def one_line(text: str) -> str:
    """Runs of white space (line breaks included) as one space, trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def repair_glyphs(text: str) -> str:
    """Replace unmapped glyph codes and symbol-font bullets with plain characters."""
    # A glyph code opening a line is a symbol-font bullet ("(cid:127) 21 januari").
    text = re.sub(r"^\(cid:\d+\)\s+", "• ", text)
    text = _CID.sub("", text)
    text = _PRIVATE_USE.sub("•", text)
    text = _SYMBOL_BULLET.sub("• ", text)
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\ufb01", "fi").replace("\ufb02", "fl")
    return re.sub(r"[ \t]+", " ", text).strip()


def is_page_number(text: str) -> bool:
    """A footer's page counter ("4 (12)", "Sida 4 av 12", "4/12"), not a diarienummer ("MBN 2024/27")."""
    m = _PAGE_NUMBER.search(text)
    if not m or len(text) >= 160:
        return False
    if re.fullmatch(r"\s*(19|20)\d\d\s*", text):
        return False  # a year alone on its line (a slide's timeline) is no page counter
    slash = re.search(r"(\d{1,4})\s*/\s*(\d{1,4})\s*$", m.group(0))
    return not slash or int(slash.group(1)) <= int(slash.group(2))


def _norm(text: str) -> str:
    """The text a running header repeats: the page number is the only part allowed to change
    ("Rapport 2024  3 (9)"); "Uppdrag 1" and "Uppdrag 2" at the same height are different lines."""
    text = re.sub(r"\s+", " ", text.strip().lower())
    return _PAGE_NUMBER.sub(" #", text) if is_page_number(text) else text


def _is_sentence(text: str) -> bool:
    """Running text (a sentence or a labelled statement) is never furniture by repetition alone."""
    t = text.strip()
    return len(t.split()) >= 5 and (
        t.endswith((".", "!", "?")) or bool(re.match(r"^[A-ZÅÄÖ][\wåäö ]{1,30}:\s", t))
    )


def _in_band(line: Line) -> bool:
    h = line.page_height or 842.0
    return line.top < h * TOP_BAND or line.bottom > h * (1 - BOTTOM_BAND)


def find_furniture(pages: list[Page]) -> set[tuple[int, int]]:
    """Return (page, line index) of every furniture line."""
    found: set[tuple[int, int]] = set()
    pair_pages: Counter[tuple[str, str]] = Counter()
    single_pos: Counter[tuple[str, int]] = Counter()
    for page in pages:
        seen_pairs: set[tuple[str, str]] = set()
        seen_single: set[tuple[str, int]] = set()
        for i, line in enumerate(page.lines):
            if not _in_band(line):
                continue
            key = _norm(line.text)
            seen_single.add((key, round(line.top / 4)))
            if i + 1 < len(page.lines) and _in_band(page.lines[i + 1]):
                seen_pairs.add((key, _norm(page.lines[i + 1].text)))
        pair_pages.update(seen_pairs)
        single_pos.update(seen_single)
    min_single = 3 if len(pages) >= 4 else 2
    for page in pages:
        for i, line in enumerate(page.lines):
            if not _in_band(line):
                continue
            key = _norm(line.text)
            if is_page_number(line.text):
                found.add((page.number, i))
                continue
            if _is_sentence(line.text):
                continue
            if single_pos[(key, round(line.top / 4))] >= min_single:
                found.add((page.number, i))
                continue
            nxt = _norm(page.lines[i + 1].text) if i + 1 < len(page.lines) else None
            prv = _norm(page.lines[i - 1].text) if i > 0 else None
            if (nxt is not None and pair_pages[(key, nxt)] >= 2) or (
                prv is not None and pair_pages[(prv, key)] >= 2
            ):
                found.add((page.number, i))
    return found


def strip_furniture(pages: list[Page]) -> list[Page]:
    """Move furniture lines out of ``page.lines`` into ``page.furniture`` (kept for header fields)."""
    furniture = find_furniture(pages)
    for page in pages:
        body: list[Line] = []
        furn: list[Line] = []
        for i, line in enumerate(page.lines):
            (furn if (page.number, i) in furniture else body).append(line)
        page.lines, page.furniture = body, furn
    return pages


@dataclass(frozen=True)
class TextSpan:
    """Where a line's text landed in the joined document text."""

    start: int
    end: int
    page: int


def join_hyphenated(prev: str, nxt: str) -> tuple[str, str] | None:
    """If ``prev`` ends in a line-break hyphen, return (prev', separator) to join with ``nxt``."""
    m = re.search(r"(\w)-$", prev)
    if not m:
        return None
    first = nxt.split(" ", 1)[0].lower().rstrip(",.;:")
    if first in SUSPENDED_FOLLOWERS or (not nxt[:1].isalpha() and not nxt[:1].isdigit()):
        return prev, " "  # "hälso- och sjukvård": a real, suspended hyphen
    if m.group(1).isupper() or m.group(1).isdigit() or nxt[:1].isdigit() or nxt[:1].isupper():
        return prev, ""  # "FUN-nämnd", "covid-19", "Hälso-Och": keep the hyphen
    return prev[:-1], ""  # "överenskommel-" + "sen"


def join_lines(lines: Iterable[Line], breaks_before: Iterable[bool]) -> tuple[str, list[TextSpan]]:
    """Join lines into text: '\\n' at paragraph breaks, a space or nothing otherwise."""
    parts: list[str] = []
    spans: list[TextSpan] = []
    pos = 0
    prev_text: str | None = None
    for line, brk in zip(lines, breaks_before, strict=True):
        text = line.text
        if prev_text is not None:
            sep = "\n" if brk else " "
            if not brk:
                joined = join_hyphenated(prev_text, text)
                if joined is not None:
                    new_prev, sep = joined
                    if new_prev != prev_text:  # drop the hyphen already emitted
                        parts[-1] = parts[-1][:-1]
                        pos -= 1
                        last = spans[-1]
                        spans[-1] = TextSpan(last.start, last.end - 1, last.page)
            parts.append(sep)
            pos += len(sep)
        parts.append(text)
        spans.append(TextSpan(pos, pos + len(text), line.page))
        pos += len(text)
        prev_text = text
    return "".join(parts), spans
