"""Pages read by pdfium (pypdfium2): characters in pdfplumber's format, lines by pdfplumber's code.

pdfplumber's parse (pdfminer, pure Python) was four fifths of the extraction. pdfium reads the same
characters several times faster; each one is given the box pdfminer would give it (pdfminer's font
metrics from ``glyph_metrics``, pdfplumber's coordinates) and ``char_page.CharPage`` groups them
with pdfplumber's own functions, so the extraction's few pdfplumber page calls give the same result.

A page this reader cannot give the same characters for is left to pdfplumber (``read_page``
returns None): rotated pages or text, Type 3 and vertical fonts, a font or glyph whose metrics
pdfminer does not know. Characters pdfium invents (spaces between words, line breaks) are dropped:
pdfminer has none.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.char_page import CharPage, Frame
from extractors.glyph_metrics import DocumentFonts, FontMetrics, PageFonts, font_named
from extractors.pdfium_edges import horizontal_edges

# pdfium is not thread-safe: one document operation at a time in this process.
LOCK = threading.RLock()

_GENERATED_CANDIDATES = frozenset({0x20, 0x0D, 0x0A})
_PDFIUM_HYPHEN = 0x02  # pdfium's mark for a hyphen that ends a line
_LIGATURES = {
    "ff": "\ufb00",
    "fi": "\ufb01",
    "fl": "\ufb02",
    "ffi": "\ufb03",
    "ffl": "\ufb04",
    "st": "\ufb06",
}
_NAME_BYTES = 256


def _direct(name: str, restype: Any, *argtypes: Any) -> Any:
    """A pdfium function taking plain pointers: ctypes then checks no structure types, which halves
    the cost of the calls made once per character."""
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    assert address, name
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_P, _I, _D = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)
_count_chars = _direct("FPDFText_CountChars", _I, _P)
_unicode = _direct("FPDFText_GetUnicode", ctypes.c_uint, _P, _I)
_generated = _direct("FPDFText_IsGenerated", _I, _P, _I)
_unmapped = _direct("FPDFText_HasUnicodeMapError", _I, _P, _I)
_text_object = _direct("FPDFText_GetTextObject", _P, _P, _I)
_origin = _direct("FPDFText_GetCharOrigin", _I, _P, _I, _D, _D)

# One glyph: [text object, text, x, y, (font metrics, font size, x scale, y scale)]
Glyph = list[Any]


def _font_name(font: Any) -> str:
    buf = ctypes.create_string_buffer(_NAME_BYTES)
    size = pdfium_c.FPDFFont_GetBaseFontName(font, buf, _NAME_BYTES)
    return buf.value.decode("utf-8", "replace") if size else ""


def _object_info(raw: Any, i: int, fonts: PageFonts) -> tuple[FontMetrics, float, float, float] | None:
    """(font metrics, font size, x scale, y scale) of the text object of char i; None: not upright."""
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFText_GetMatrix(raw, i, m):
        return None
    if abs(m.b) > 1e-9 or abs(m.c) > 1e-9 or m.a <= 0 or m.d <= 0:
        return None  # rotated, skewed or mirrored text: pdfplumber reads the page
    obj = pdfium_c.FPDFText_GetTextObject(raw, i)
    font = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
    metrics = font_named(fonts, _font_name(font)) if font else None
    if metrics is None:
        return None
    return metrics, float(pdfium_c.FPDFText_GetFontSize(raw, i)), float(m.a), float(m.d)


def _glyphs(raw: Any, fonts: PageFonts) -> list[Glyph] | None:
    """The page's glyphs in pdfium's order, a ligature pdfium split into letters made whole again."""
    out: list[Glyph] = []
    infos: dict[int, tuple[Any, ...] | None] = {}
    ox, oy = ctypes.c_double(), ctypes.c_double()
    px, py = ctypes.byref(ox), ctypes.byref(oy)
    tp = ctypes.cast(raw, ctypes.c_void_p).value
    last: Glyph = [None, "", None, None, None]
    for i in range(_count_chars(tp)):
        u = _unicode(tp, i)
        if u in _GENERATED_CANDIDATES and _generated(tp, i):
            continue
        key = _text_object(tp, i)
        info = infos[key] if key in infos else infos.setdefault(key, _object_info(raw, i, fonts))
        if info is None:
            return None
        _origin(tp, i, px, py)
        if u == 0 or _unmapped(tp, i):
            text = f"(cid:{u})"  # pdfminer's text for a glyph without a Unicode mapping
        elif u == _PDFIUM_HYPHEN:
            text = "-"  # a code 2 without a mapping is a "(cid:2)" above
        else:
            text = chr(u)
        x, y = ox.value, oy.value
        if last[0] == key and last[2] == x and last[3] == y:
            last[1] += text  # one glyph that pdfium gave as several letters ("ﬁ" -> "f", "i")
            continue
        last = [key, text, x, y, info]
        out.append(last)
    return out


def _measure(metrics: FontMetrics, text: str) -> tuple[str, float, float] | None:
    """(pdfminer's text, its width, pdfium's loss) per unit of font size; None when pdfminer would
    measure the glyph otherwise (pdfplumber then reads the page)."""
    if text.startswith("(cid:"):
        unmapped = metrics.cid_width(int(text[5:-1]))  # None: pdfium does not say which subset's
        return None if unmapped is None else (text, *unmapped)
    width = metrics.width(text)
    if width is None and text in _LIGATURES:
        text = _LIGATURES[text]
        width = metrics.width(text)
    if width is None:
        return (text, 0.0, 0.0) if text.isspace() else None  # a space's width is never read
    return text, width, metrics.truncation(text)


def _chars(glyphs: list[Glyph], frame: Frame) -> list[dict[str, Any]] | None:
    """pdfplumber's char dicts (the keys its text functions read): pdfminer's box for each glyph,
    in pdfplumber's page coordinates."""
    out: list[dict[str, Any]] = []
    key, drift = -1, 0.0
    for g_key, g_text, gx, gy, (metrics, size, sx, sy) in glyphs:
        if g_key != key:
            key, drift = g_key, 0.0
        measured = _measure(metrics, g_text)
        if measured is None:
            return None
        text, width, loss = measured
        x0 = frame.x(gx + drift)
        drift += loss * size * sx  # pdfium moved the pen by the width cut to an integer
        y0 = gy + metrics.descent * size * sy
        top = frame.top(y0 + size * sy)
        out.append(
            {
                "text": text,
                "fontname": metrics.fontname,
                "size": size * sy,
                "upright": True,
                "x0": x0,
                "x1": x0 + width * size * sx,
                "top": top,
                "bottom": frame.top(y0),
                "doctop": frame.doctop + top,
            }
        )
    return out


class PdfiumDocument:
    """One PDF opened by pdfium beside pdfplumber; pages are read on request and closed at once."""

    def __init__(self, path: str) -> None:
        with LOCK:
            self.doc = pdfium.PdfDocument(path)
        self._fonts = DocumentFonts()

    def __len__(self) -> int:
        return len(self.doc)

    def close(self) -> None:
        with LOCK:
            self.doc.close()

    def read_page(self, index: int, plumber_page: Any) -> CharPage | None:
        """The page's characters as pdfplumber would give them, or None to let pdfplumber read it."""
        if plumber_page.rotation:
            return None
        raw_box = [float(v) for v in plumber_page.page_obj.mediabox]
        if raw_box[0] > raw_box[2] or raw_box[1] > raw_box[3]:
            return None
        try:
            fonts = self._fonts.page(plumber_page)
        except MemoryError:
            raise
        except Exception:  # a font pdfminer cannot build: pdfplumber reads the page (and says why)
            return None
        if fonts is None:
            return None
        mediabox = plumber_page.mediabox
        frame = Frame(
            float(plumber_page.height),
            raw_box[0],
            raw_box[1],
            float(mediabox[0]),
            float(mediabox[1]),
            float(plumber_page.initial_doctop),
        )
        with LOCK:
            try:
                page = self.doc[index]
            except pdfium.PdfiumError:
                return None
            try:
                textpage = page.get_textpage()
                try:
                    glyphs = _glyphs(textpage.raw, fonts)
                finally:
                    textpage.close()
            except pdfium.PdfiumError:
                return None
            finally:
                page.close()
        if glyphs is None:
            return None
        chars = _chars(glyphs, frame)
        if chars is None:
            return None
        bbox = tuple(float(v) for v in plumber_page.bbox)
        return CharPage(chars, bbox, lambda: self._edges(index, frame))  # type: ignore[arg-type]

    def _edges(self, index: int, frame: Frame) -> list[dict[str, Any]]:
        with LOCK:
            try:
                page = self.doc[index]
            except pdfium.PdfiumError:
                return []  # it loaded a moment ago; rows are then cut without ruled lines
            try:
                return horizontal_edges(page.raw, frame)
            finally:
                page.close()

    def image_count(self, index: int) -> int:
        """Images on a page, those inside forms too (what pdfplumber's ``page.images`` counts)."""
        with LOCK:
            page = self.doc[index]
            try:
                return _count_images(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject)
            finally:
                page.close()


def _count_images(holder: Any, count: Any, get: Any, depth: int = 0) -> int:
    n = 0
    for k in range(count(holder)):
        obj = get(holder, k)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            n += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
            n += _count_images(
                obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, depth + 1
            )
    return n
