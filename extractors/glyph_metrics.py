"""pdfminer's own font metrics for the fonts of one page, looked up by glyph text.

pdfium positions glyphs with integer widths (it truncates a ``/Widths`` entry of 633.79 to 633) and
rounds descents; pdfplumber's character boxes come from pdfminer, which keeps the exact values. To
give the same boxes, the pdfium reader takes each font's widths and descent from pdfminer's font
object (built from the font dictionary only: no content stream is parsed), keyed by the text a
glyph maps to, since pdfium does not expose character codes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from pdfminer.pdffont import PDFCIDFont, PDFFont, PDFType3Font
from pdfminer.pdftypes import PDFObjRef, dict_value, resolve1
from pdfminer.psparser import literal_name

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_MAX_FORM_DEPTH = 8


def base_name(name: str) -> str:
    """A font's name without its subset tag ("AAAAAA+DejaVuSans" -> "DejaVuSans")."""
    return _SUBSET_TAG.sub("", name)


@dataclass
class FontMetrics:
    """What pdfminer would use for one font: descent (text space), widths by glyph text."""

    fontname: str
    descent: float  # per unit of font size, negative
    widths: dict[str, float] = field(default_factory=dict)  # glyph text -> width per unit of font size
    # glyph text -> what pdfium's integer width (633 for 633.79) loses, per unit of font size
    losses: dict[str, float] = field(default_factory=dict)
    fonts: list[PDFFont] = field(default_factory=list)

    def truncation(self, text: str) -> float:
        return self.losses.get(text, 0.0)

    def cid_width(self, cid: int) -> float:
        """The width pdfminer gives an unmapped glyph, printed "(cid:N)"."""
        return float(self.fonts[0].char_width(cid))


def _text_widths(font: PDFFont) -> tuple[dict[str, float], dict[str, float]]:
    """Glyph text -> (pdfminer's width, the width as written), over the codes the font can show."""
    widths: dict[str, float] = {}
    raw: dict[str, float] = {}
    codes: set[int] = {k for k in font.widths if isinstance(k, int)}
    if isinstance(font, PDFCIDFont):
        umap = getattr(font.unicode_map, "cid2unichr", None) or {}
        codes |= set(umap)
    else:
        codes |= set(range(256))
    for cid in sorted(codes):
        try:
            text = font.to_unichr(cid)
        except Exception:  # PDFUnicodeNotDefined and any odd map: pdfminer prints "(cid:N)"
            continue
        if text in widths:
            continue
        widths[text] = float(font.char_width(cid))
        written = font.widths.get(cid, font.widths.get(text))
        raw[text] = float(written) if isinstance(written, int | float) else widths[text] * 1000.0
    for key, value in font.widths.items():  # the standard 14 fonts: widths keyed by text already
        if isinstance(key, str) and isinstance(value, int | float) and key not in widths:
            widths[key] = float(value) * font.hscale
            raw[key] = float(value)
    return widths, raw


def _fonts_of(resources: Any, rsrcmgr: Any, seen: set[int], depth: int) -> list[PDFFont]:
    out: list[PDFFont] = []
    resources = dict_value(resources)
    for ref in dict_value(resources.get("Font", {})).values():
        objid = ref.objid if isinstance(ref, PDFObjRef) else None
        out.append(rsrcmgr.get_font(objid, dict_value(ref)))
    if depth >= _MAX_FORM_DEPTH:
        return out
    for ref in dict_value(resources.get("XObject", {})).values():
        if isinstance(ref, PDFObjRef):
            if ref.objid in seen:
                continue
            seen.add(ref.objid)
        xobj = resolve1(ref)
        attrs = getattr(xobj, "attrs", {})
        if literal_name(attrs.get("Subtype")) == "Form" and "Resources" in attrs:
            out.extend(_fonts_of(attrs["Resources"], rsrcmgr, seen, depth + 1))
    return out


class PageFonts:
    """The fonts a pdfplumber page names (its own and its forms'), by name without subset tag."""

    def __init__(
        self, plumber_page: Any, cache: dict[int, tuple[PDFFont, dict[str, float], dict[str, float]]]
    ):
        page_obj = plumber_page.page_obj
        fonts = _fonts_of(page_obj.resources or {}, plumber_page.pdf.rsrcmgr, set(), 0)
        self.usable = not any(isinstance(f, PDFType3Font) or f.is_vertical() for f in fonts)
        self.by_name: dict[str, FontMetrics] = {}
        for font in fonts:
            name = base_name(str(getattr(font, "basefont", None) or font.fontname))
            if id(font) not in cache:  # the font is kept in the cache: its id stays its own
                cache[id(font)] = (font, *_text_widths(font))
            _font, widths, raw = cache[id(font)]
            metrics = self.by_name.get(name)
            if metrics is None:
                metrics = self.by_name[name] = FontMetrics(str(font.fontname), float(font.get_descent()))
            for text, w in widths.items():
                metrics.widths.setdefault(text, w)
                metrics.losses.setdefault(text, (raw[text] - math.trunc(raw[text])) / 1000.0)
            metrics.fonts.append(font)

    def get(self, name: str) -> FontMetrics | None:
        return self.by_name.get(base_name(name))
