"""Why a file could not be extracted. Callers record the reason; a run never stops for one file."""

from __future__ import annotations

REJECT_REASONS = (
    "missing",
    "empty",
    "not_pdf",
    "corrupt",
    "encrypted",
    "image_only",
    # limits that keep one file from stopping, stalling or exhausting a run
    "too_many_pages",
    "too_slow",
    "too_large",
)


class PdfRejected(Exception):
    """A file that cannot yield facts, with a machine-readable reason and a human detail."""

    def __init__(self, reason: str, detail: str, path: str = "", needs_ocr: int = 0) -> None:
        if reason not in REJECT_REASONS:
            raise ValueError(f"unknown reject reason {reason!r}")
        self.reason = reason
        self.detail = detail
        self.path = path
        self.needs_ocr = needs_ocr  # pages that only OCR could read (image_only without Tesseract)
        super().__init__(f"{path}: {reason}: {detail}" if path else f"{reason}: {detail}")


class RuleFileError(ValueError):
    """A pattern file under extractors/rules/ is malformed; raised when the rules are loaded."""
