"""Horizontal edges of a page read by pdfium, as pdfplumber gives them (``page.horizontal_edges``).

The table reader cuts rows at ruled lines. pdfplumber's edges come from pdfminer's shapes: every
painted path is split at each ``m``; a two-point path is a line, a closed axis-aligned four-point
path a rectangle (top and bottom edges), anything else a curve (each pair of consecutive points).
The same rules are applied here to pdfium's path objects, in pdfplumber's page coordinates.

pdfium keeps coordinates as 32-bit floats; each is turned back into the shortest decimal that
gives the same float (the number as the content stream wrote it) and transformed in 64 bits with
pdfminer's own functions, so a rule at 88.25 stays at 88.25 and rounds as pdfplumber's does.
"""

from __future__ import annotations

import ctypes
import itertools
import struct
from collections.abc import Callable, Iterator
from typing import Any

import pypdfium2.raw as pdfium_c
from pdfminer.utils import apply_matrix_pt, mult_matrix

Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_FORM_DEPTH = 8


def _written(value: float) -> float:
    """The shortest decimal that is this 32-bit float: the number the content stream wrote."""
    for digits in range(6, 10):
        text = f"{value:.{digits}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == value:
            return float(text)
    return value


def _matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    a, b, c, d, e, f = (_written(v) for v in (m.a, m.b, m.c, m.d, m.e, m.f))
    return (a, b, c, d, e, f)


def _then(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` applied first, then ``outer`` (pdfminer's product, as its ``cm`` makes it)."""
    return mult_matrix(inner, outer)


def _paths(
    holder: Any, count: Callable[..., int], get: Callable[..., Any], outer: Matrix, depth: int
) -> Iterator[tuple[Any, Matrix]]:
    for k in range(count(holder)):
        obj = get(holder, k)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj, _then(_matrix(obj), outer)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
            inner = _then(_matrix(obj), outer)
            yield from _paths(
                obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, inner, depth + 1
            )


def _painted(path: Any) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(path, fill, stroke):
        return False
    return bool(fill.value or stroke.value)


def _operations(path: Any, m: Matrix) -> list[tuple[str, Point]]:
    """pdfminer's view of a path: (operator, end point) with ``h`` at its subpath's start."""
    ops: list[tuple[str, Point]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    start: Point = (0.0, 0.0)
    bezier = 0
    for k in range(pdfium_c.FPDFPath_CountSegments(path)):
        seg = pdfium_c.FPDFPath_GetPathSegment(path, k)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        pt = apply_matrix_pt(m, (_written(x.value), _written(y.value)))
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            ops.append(("m", pt))
            start, bezier = pt, 0
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:  # a curve is three points; pdfminer keeps its end point
                ops.append(("c", pt))
        else:
            ops.append(("l", pt))
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            ops.append(("h", start))
    return ops


def _edges_of_subpath(ops: list[tuple[str, Point]]) -> Iterator[tuple[str, float, float, float, float]]:
    """(kind, x0, x1, y, height) of each horizontal edge pdfplumber finds in one subpath, in pdfminer's
    coordinates; a rectangle's bottom edge carries the rectangle's height (pdfplumber adds it)."""
    shape = "".join(op for op, _ in ops)
    pts = [pt for _, pt in ops]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in {"mlh", "ml"}:
        (x0, y0), (x1, y1) = pts[0], pts[1]
        if y0 == y1:
            yield "line", min(x0, x1), max(x0, x1), y0, 0.0
        return
    if shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            left, right = min(x0, x1, x2, x3), max(x0, x1, x2, x3)
            low, high = min(y0, y1, y2, y3), max(y0, y1, y2, y3)
            yield "line", left, right, high, 0.0
            yield "rect_bottom", left, right, high, high - low
            return
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        if y0 == y1 and x0 != x1:
            yield "curve", min(x0, x1), max(x0, x1), y0, 0.0


def horizontal_edges(page: Any, frame: Any) -> list[dict[str, Any]]:
    """pdfplumber's horizontal edges (x0, x1, top, width, orientation) of one pdfium page."""
    out: list[dict[str, Any]] = []
    height, mb_x0, mb_top = frame.height, frame.mb_x0, frame.mb_top
    ctm = (1.0, 0.0, 0.0, 1.0, -frame.raw_x0, -frame.raw_y0)  # pdfminer's page matrix
    for path, m in _paths(page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, ctm, 0):
        if not _painted(path):
            continue
        ops = _operations(path, m)
        if not ops or ops[0][0] != "m":
            continue  # pdfminer ignores a path that does not start with m
        starts = [k for k, (op, _) in enumerate(ops) if op == "m"] + [len(ops)]
        for s, t in itertools.pairwise(starts):
            if t - s < 2:
                continue  # a lone m: no subpath
            for kind, x0, x1, y, rise in _edges_of_subpath(ops[s:t]):
                # pdfplumber's arithmetic, in its order: lines and rectangles from their boxes,
                # curve points through point2coord.
                if kind == "curve":
                    top = mb_top + height - y
                else:
                    top = (height - y) + mb_top + rise if kind == "rect_bottom" else (height - y) + mb_top
                if mb_x0 != 0:
                    x0, x1 = x0 + mb_x0, x1 + mb_x0
                out.append(
                    {"x0": x0, "x1": x1, "top": top, "bottom": top, "width": x1 - x0, "orientation": "h"}
                )
    return out
