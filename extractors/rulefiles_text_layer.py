"""The shape of rules/text_layer.yaml: when a page's text layer is unusable, and how OCR reads it.

Strict like every rule file (``rulefiles.py``): an unknown key, a value out of range or an invalid
regex is an error when the file is loaded.
"""

from __future__ import annotations

import re
from typing import Annotated, TypeVar

from pydantic import AfterValidator, Field, PlainValidator

from extractors.rulefiles import Phrases, Strict, compile_regex

T = TypeVar("T")


def _between(low: float, high: float) -> AfterValidator:
    def check(value: T) -> T:
        if not low <= value <= high:  # type: ignore[operator]
            raise ValueError(f"must be from {low:g} to {high:g}")
        return value

    return AfterValidator(check)


def _model_name(value: str) -> str:
    if not re.fullmatch(r"[a-z_+]+", value):
        raise ValueError("must be a Tesseract model name such as swe")
    return value


Share = Annotated[float, _between(0, 1)]
Count = Annotated[int, _between(1, 10_000)]


class FixSpec(Strict):
    pattern: Annotated[re.Pattern[str], PlainValidator(lambda s: compile_regex(s, 0))]
    replace: str


class UsableSpec(Strict):
    min_chars: Count
    max_unmapped_share: Share
    min_letter_share: Share
    known_words_from: Count
    min_known_share: Share
    ocr_gain: Annotated[float, _between(1, 100)]


class OcrSpec(Strict):
    language: Annotated[str, AfterValidator(_model_name)]
    dpi: Annotated[int, _between(72, 1200)]
    max_megapixels: Annotated[float, _between(1, 1000)]
    min_mark_confidence: Annotated[float, _between(0, 100)]
    fixes: list[FixSpec] = Field(default_factory=list)


class TextLayerFile(Strict):
    """When a page's text layer is unusable and how it is read with OCR (textlayer.py, ocr.py)."""

    usable: UsableSpec
    known_words: Phrases
    ocr: OcrSpec
