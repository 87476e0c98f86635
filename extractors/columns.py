"""Two-column pages read column by column.

pdfplumber joins words at the same height into one line, so a two-column page comes out with its
columns interleaved line by line. A gutter is a vertical strip near the middle of the page that
(almost) no character crosses while both sides carry a good share of the text; a line that does
cross it (a title over both columns) splits the page into bands, and each band is read left column
first, then right.
"""

from __future__ import annotations

from typing import Any

MIN_GUTTER = 8.0  # points of empty strip between the columns
MIN_SIDE_SHARE = 0.25  # each column carries at least this share of the characters


def find_gutter(chars: list[dict[str, Any]], width: float) -> float | None:
    """The x of a column gutter, or None for a one-column page."""
    glyphs = [c for c in chars if c.get("text", " ").strip()]
    if len(glyphs) < 400:
        return None
    cover = [0] * (int(width) + 2)
    for c in glyphs:
        for x in range(max(0, int(c["x0"])), min(len(cover), int(c["x1"]) + 1)):
            cover[x] += 1
    allowed = max(2, len(glyphs) // 200)  # a title over both columns may cross the gutter
    best: tuple[float, float] | None = None
    start: int | None = None
    for x in range(int(width * 0.3), int(width * 0.7) + 1):
        if cover[x] <= allowed:
            start = x if start is None else start
            if best is None or x - start > best[1] - best[0]:
                best = (start, x)
        else:
            start = None
    if best is None or best[1] - best[0] < MIN_GUTTER:
        return None
    mid = (best[0] + best[1]) / 2
    left = sum(1 for c in glyphs if c["x1"] <= mid)
    right = sum(1 for c in glyphs if c["x0"] >= mid)
    if min(left, right) < MIN_SIDE_SHARE * len(glyphs):
        return None
    return mid


def bands(lines: list[dict[str, Any]], gutter: float) -> list[tuple[float, float, bool]]:
    """Vertical bands (top, bottom, spans_both) of a page: a line across the gutter is its own band."""
    out: list[tuple[float, float, bool]] = []
    top = 0.0
    for ln in sorted(lines, key=lambda t: t["top"]):
        if ln["x0"] < gutter - 2 and ln["x1"] > gutter + 2 and _solid(ln, gutter):
            if ln["top"] > top:
                out.append((top, ln["top"] - 0.1, False))
            out.append((ln["top"] - 0.1, ln["bottom"] + 0.1, True))
            top = ln["bottom"] + 0.1
    out.append((top, float("inf"), False))
    return out


def _solid(line: dict[str, Any], gutter: float) -> bool:
    """A line printed across the gutter, not two column lines that happen to share a height."""
    chars = sorted((c for c in line.get("chars", []) if c.get("text", " ").strip()), key=lambda c: c["x0"])
    if any(c["x0"] < gutter < c["x1"] for c in chars):
        return True
    before = [c for c in chars if c["x1"] <= gutter]
    after = [c for c in chars if c["x0"] >= gutter]
    return bool(before and after) and after[0]["x0"] - before[-1]["x1"] < MIN_GUTTER
