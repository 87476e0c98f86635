"""A page's characters in pdfplumber's format, answering the pdfplumber page calls the extraction
makes (``extract_text_lines``, ``within_bbox``, ``extract_words``, ``horizontal_edges``) with
pdfplumber's own functions, so lines and words are grouped exactly as pdfplumber groups them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pdfplumber.utils import chars_to_textmap, extract_words


class CharPage:
    """A page's characters with pdfplumber's line grouping (the calls `extractors.pdf` makes)."""

    def __init__(
        self,
        chars: list[dict[str, Any]],
        bbox: tuple[float, float, float, float],
        edges: Callable[[], list[dict[str, Any]]] | None = None,
    ) -> None:
        self.chars = chars
        self.bbox = bbox
        self._edges = edges

    @property
    def width(self) -> float:
        return self.bbox[2] - self.bbox[0]

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]

    def extract_text_lines(
        self, layout: bool = False, strip: bool = True, return_chars: bool = True
    ) -> list[dict[str, Any]]:
        # The arguments pdfplumber's Page.get_textmap passes for a page or a crop of one.
        textmap = chars_to_textmap(
            self.chars,
            layout=layout,
            layout_bbox=self.bbox,
            layout_width=self.width,
            layout_height=self.height,
        )
        return textmap.extract_text_lines(strip=strip, return_chars=return_chars)

    def within_bbox(
        self, bbox: tuple[float, float, float, float], relative: bool = False, strict: bool = True
    ) -> CharPage:
        """The characters wholly inside ``bbox``: pdfplumber's ``within_bbox`` test, written out."""
        left, top, right, bottom = bbox
        inside = [
            c
            for c in self.chars
            if left <= c["x0"] <= c["x1"] <= right
            and top <= c["top"] <= c["bottom"] <= bottom
            and c["x1"] - c["x0"] + c["bottom"] - c["top"] > 0
        ]
        return CharPage(inside, (left, top, right, bottom))

    def extract_words(self, **kwargs: Any) -> list[dict[str, Any]]:
        return extract_words(self.chars, **kwargs)

    @property
    def horizontal_edges(self) -> list[dict[str, Any]]:
        """Ruled lines, read from the page's paths only when a table asks for them."""
        return self._edges() if self._edges is not None else []


@dataclass(frozen=True)
class Frame:
    """pdfplumber's page coordinates: pdfminer moves the MediaBox corner to 0,0, pdfplumber shifts
    by its own (inverted) box and measures from the top."""

    height: float
    raw_x0: float
    raw_y0: float
    mb_x0: float
    mb_top: float
    doctop: float

    def x(self, x: float) -> float:
        x = x - self.raw_x0
        return x + self.mb_x0 if self.mb_x0 != 0 else x

    def top(self, y: float) -> float:
        return (self.height - (y - self.raw_y0)) + self.mb_top
