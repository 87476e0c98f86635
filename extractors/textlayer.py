"""Does a page's text layer hold language? If not, the page is read with OCR (extractors/ocr.py).

A page has no usable text layer when it has (almost) no text, when most of its glyphs have no
Unicode mapping (pdfminer's ``(cid:NN)`` soup), or when what it prints is not language: few
letters (symbol garbage from a broken font encoding) or, on a page of many words, none of the
commonest Swedish words. The thresholds are data (``rules/text_layer.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TEXT_SOURCES = ("text_layer", "ocr", "needs_ocr")
_WORD = re.compile(r"[^\W\d_]+")
_UNMAPPED = ("(cid:", "\ufffd")


@dataclass(frozen=True)
class OcrSettings:
    language: str
    dpi: int
    max_megapixels: float
    min_mark_confidence: float
    fixes: tuple[tuple[re.Pattern[str], str], ...] = ()

    def fix(self, text: str) -> str:
        for pattern, replacement in self.fixes:
            text = pattern.sub(replacement, text)
        return text


@dataclass(frozen=True)
class TextLayerRules:
    min_chars: int
    max_unmapped_share: float
    min_letter_share: float
    known_words_from: int
    min_known_share: float
    ocr_gain: float
    known_words: frozenset[str]
    ocr: OcrSettings


def unmapped_share(glyphs: Iterable[str]) -> float:
    """Share of a page's glyphs that carry no character (pdfminer writes them as ``(cid:NN)``)."""
    total = unmapped = 0
    for g in glyphs:
        if g.isspace():
            continue
        total += 1
        unmapped += g.startswith(_UNMAPPED)
    return unmapped / total if total else 0.0


def unusable(texts: Sequence[str], unmapped: float, rules: TextLayerRules) -> str | None:
    """Why a page's text (its lines, glyphs repaired) is not a usable text layer, or None."""
    chars = [c for t in texts for c in t if not c.isspace()]
    if len(chars) < rules.min_chars:
        return f"no text layer ({len(chars)} characters)"
    if unmapped > rules.max_unmapped_share:
        return f"{unmapped:.0%} of the glyphs have no character mapping"
    letters = sum(1 for c in chars if c.isalpha()) / len(chars)
    if letters < rules.min_letter_share:
        return f"not language: {letters:.0%} letters"
    words = [w.lower() for t in texts for w in _WORD.findall(t)]
    if len(words) >= rules.known_words_from:
        known = sum(1 for w in words if w in rules.known_words) / len(words)
        if known < rules.min_known_share:
            return f"not language: {known:.0%} of {len(words)} words are known Swedish words"
    return None


def char_count(texts: Iterable[str]) -> int:
    return sum(1 for t in texts for c in t if not c.isspace())
