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
    default: float | None = None  # the width of any other text (standard 14 fonts), else unknown

    def width(self, text: str) -> float | None:
        return self.widths.get(text, self.default)

    def truncation(self, text: str) -> float:
        return self.losses.get(text, 0.0)

    def cid_width(self, cid: int) -> tuple[float, float] | None:
        """(width, pdfium's loss) of an unmapped glyph, printed "(cid:N)"; None when several subsets
        of the font share the name (their codes mean different glyphs)."""
        if len(self.fonts) != 1:
            return None
        font = self.fonts[0]
        written = font.widths.get(cid)
        loss = (written - math.trunc(written)) / 1000.0 if isinstance(written, int | float) else 0.0
        return float(font.char_width(cid)), loss


Widths = tuple[dict[str, float], dict[str, float], float | None]  # widths, losses, default
_STANDARD: dict[str, Widths] = {}  # the standard 14 fonts' metrics, the same in every document


def _standard_widths(font: PDFFont) -> Widths | None:
    """pdfminer measures a standard font (its own AFM table, keyed by text) by the glyph's text."""
    if not any(isinstance(k, str) for k in font.widths):
        return None
    name = str(getattr(font, "basefont", ""))
    if name not in _STANDARD:
        widths = {k: float(v) * font.hscale for k, v in font.widths.items() if isinstance(k, str)}
        _STANDARD[name] = (widths, {}, float(font.default_width) * font.hscale)
    return _STANDARD[name]


def _text_widths(font: PDFFont) -> Widths:
    """Glyph text -> pdfminer's width and pdfium's loss, over the codes the font can show."""
    standard = _standard_widths(font)
    if standard is not None:
        return standard
    widths: dict[str, float] = {}
    losses: dict[str, float] = {}
    codes: set[int] = {k for k in font.widths if isinstance(k, int)}
    if isinstance(font, PDFCIDFont):
        codes |= set(getattr(font.unicode_map, "cid2unichr", None) or {})
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
        written = font.widths.get(cid)
        if isinstance(written, int | float):
            losses[text] = (written - math.trunc(written)) / 1000.0
    return widths, losses, None


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


PageFonts = dict[str, FontMetrics]  # a page's fonts by name without subset tag


class DocumentFonts:
    """pdfminer's metrics of the fonts a document's pages name (their own and their forms'), built
    once per font and once per set of fonts (most pages of a file share one)."""

    def __init__(self) -> None:
        self._widths: dict[int, tuple[PDFFont, Widths]] = {}  # the font is kept: its id stays its own
        self._pages: dict[tuple[int, ...], PageFonts | None] = {}

    def page(self, plumber_page: Any) -> PageFonts | None:
        """The page's fonts, or None when one of them is a Type 3 or vertical font."""
        fonts = _fonts_of(plumber_page.page_obj.resources or {}, plumber_page.pdf.rsrcmgr, set(), 0)
        key = tuple(id(f) for f in fonts)
        if key not in self._pages:
            self._pages[key] = self._build(fonts)
        return self._pages[key]

    def _build(self, fonts: list[PDFFont]) -> PageFonts | None:
        if any(isinstance(f, PDFType3Font) or f.is_vertical() for f in fonts):
            return None
        by_name: PageFonts = {}
        for font in fonts:
            if id(font) not in self._widths:
                self._widths[id(font)] = (font, _text_widths(font))
            widths, losses, default = self._widths[id(font)][1]
            name = base_name(str(getattr(font, "basefont", None) or font.fontname))
            metrics = by_name.get(name)
            if metrics is None:
                metrics = by_name[name] = FontMetrics(
                    str(font.fontname), float(font.get_descent()), dict(widths), dict(losses), [], default
                )
            else:  # another subset of the same font: its glyphs join the first's
                for text, w in widths.items():
                    metrics.widths.setdefault(text, w)
                for text, loss in losses.items():
                    metrics.losses.setdefault(text, loss)
            metrics.fonts.append(font)
        return by_name


def font_named(fonts: PageFonts, name: str) -> FontMetrics | None:
    return fonts.get(base_name(name))
