"""Pages without a usable text layer, read with Tesseract.

A page whose text layer is missing or not language (extractors/textlayer.py) is rendered with
pdfium and read by the ``tesseract`` program (its Swedish model, TSV output, one thread:
``OMP_THREAD_LIMIT=1``, since the workers already use every core). Its words become the same
``Line`` objects, in PDF points, that the text layer gives, so furniture, segmentation, tables and
assignments read a scanned page like any other; a two-column scan is read column by column with
the gutter finder of columns.py. Without Tesseract (or its Swedish model) the page is flagged
``needs_ocr`` and keeps what its text layer had.

``PROTOKOLL_TESSERACT`` names the program (default ``tesseract`` on PATH). The OCR of one page
(rendering and every Tesseract run) has its own time budget (``Limits.ocr_page_seconds``), apart
from the page's parse budget; Tesseract is killed when it is spent. Its start and end are told to
the watchers of ``budget.watch_ocr`` (the pipeline's workers: OCR is progress, not a hang).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from extractors.budget import ocr_span
from extractors.cleanup import repair_glyphs
from extractors.model import Line
from extractors.ocr_layout import Word, label_suspects, reading_order
from extractors.textlayer import OcrSettings, TextLayerRules, char_count

TESSERACT_ENV = "PROTOKOLL_TESSERACT"


@dataclass(frozen=True)
class Engine:
    binary: str
    version: str  # "tesseract 5.3.0"
    language: str

    @property
    def name(self) -> str:
        return f"{self.version} {self.language}"


@cache
def _probe(binary: str, language: str) -> Engine | str:
    """The engine behind ``binary``, or why there is none (asked once per process)."""
    found = shutil.which(binary)
    if found is None:
        return f"Tesseract not found ({TESSERACT_ENV}={binary})"
    try:
        version = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=30)
        langs = subprocess.run([found, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract at {found} does not run ({type(exc).__name__})"
    first = (version.stdout or version.stderr).strip().splitlines()
    if version.returncode != 0 or not first:
        return f"Tesseract at {found} does not run (exit {version.returncode})"
    if language not in (langs.stdout + langs.stderr).split():
        return f"Tesseract at {found} has no '{language}' model (Debian: tesseract-ocr-{language})"
    return Engine(found, first[0].strip(), language)


def engine(settings: OcrSettings) -> Engine | str:
    return _probe(os.environ.get(TESSERACT_ENV) or "tesseract", settings.language)


@dataclass
class PageRead:
    """How one page's text was obtained: its lines, and the word geometry tables are read from."""

    lines: list[Line]
    source: str = "text_layer"  # text_layer | ocr | needs_ocr
    engine: str | None = None
    confidence: float | None = None
    note: str = ""  # why the text layer was not used
    words: list[dict[str, Any]] = field(default_factory=list)
    horizontal_edges: list[dict[str, Any]] = field(default_factory=list)  # no ruled lines from a scan

    def extract_words(self, **_: Any) -> list[dict[str, Any]]:
        """The one call tables.find_tables makes on a page (the OCR'd page's words, in points)."""
        return self.words

    @property
    def provenance(self) -> dict[str, Any]:
        return {"text_source": self.source, "ocr_engine": self.engine, "ocr_confidence": self.confidence}


def page_text(
    path: Path,
    number: int,
    lines: list[Line],
    why: str | None,
    size: tuple[float, float],
    rules: TextLayerRules,
    seconds: float | None = None,
) -> PageRead:
    """The text layer's lines when ``why`` (textlayer.unusable) is None; else the page read with OCR
    within ``seconds`` (None: unbounded), or flagged ``needs_ocr`` with the reason in its note."""
    if why is None:
        return PageRead(lines)
    with ocr_span(number):
        return _ocr(path, number, lines, why, size, rules, seconds)


def _ocr(
    path: Path,
    number: int,
    lines: list[Line],
    why: str,
    size: tuple[float, float],
    rules: TextLayerRules,
    seconds: float | None,
) -> PageRead:
    deadline = None if seconds is None else time.monotonic() + seconds  # the render counts too
    try:
        image = _render(path, number, size, rules.ocr)
    except MemoryError:
        raise
    except Exception as exc:  # pdfium cannot draw what pdfplumber read: the page keeps its text
        return PageRead(lines, source="needs_ocr", note=f"{why}; cannot render: {exc}"[:300])
    if image is None:  # a blank page: nothing to read
        return PageRead(lines)
    found = engine(rules.ocr)
    if isinstance(found, str):
        return PageRead(lines, source="needs_ocr", note=f"{why}; {found}")
    dpi = round(image.width * 72 / size[0])
    try:
        words, confidence = _tesseract(image, dpi, found, rules.ocr, deadline)
    except subprocess.TimeoutExpired:
        # Flagged needs_ocr rather than rejecting the file too_slow: either way the next ingest
        # reads the file again (a page left for OCR: pipelines/assets/extract.py and publish's
        # retry version), but this way the file's other pages keep their facts meanwhile.
        return PageRead(lines, source="needs_ocr", note=f"{why}; OCR took more than {seconds:g} s")
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        return PageRead(lines, source="needs_ocr", note=f"{why}; OCR failed: {exc}"[:300])
    scale = (size[0] / image.width, size[1] / image.height)
    read = _assemble(number, words, scale, size, rules.ocr)
    if char_count(ln.text for ln in read.lines) < rules.ocr_gain * char_count(ln.text for ln in lines):
        return PageRead(lines)  # OCR reads no more than the page prints as text: keep the text
    read.engine, read.confidence, read.note = found.name, confidence, why
    return read


def _render(path: Path, number: int, size: tuple[float, float], settings: OcrSettings) -> Any:
    """The page as an 8-bit grey image at the configured dpi (lower for huge pages); None when blank."""
    import pypdfium2 as pdfium

    scale = settings.dpi / 72
    pixels = size[0] * size[1] * scale * scale
    if pixels > settings.max_megapixels * 1e6:
        scale *= (settings.max_megapixels * 1e6 / pixels) ** 0.5
    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[number - 1]
        image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        page.close()
    finally:
        doc.close()
    low, _high = image.getextrema()
    return None if low >= 250 else image


def _run(found: Engine, image: Any, dpi: int, deadline: float | None, *args: str) -> str:
    """One tesseract run on an image piped in as binary PGM (no temporary file), on one thread,
    killed at ``deadline`` (time.monotonic(); subprocess.run kills and reaps it on its timeout)."""
    seconds = None if deadline is None else deadline - time.monotonic()
    if seconds is not None and seconds <= 0:
        raise subprocess.TimeoutExpired(found.binary, 0)
    buf = io.BytesIO()
    image.save(buf, format="PPM")
    run = subprocess.run(
        [found.binary, "stdin", "stdout", "-l", found.language, "--dpi", str(dpi), *args],
        input=buf.getvalue(),
        capture_output=True,
        timeout=seconds,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        check=False,
    )
    if run.returncode != 0:
        raise RuntimeError(f"tesseract exited {run.returncode}: {run.stderr.decode(errors='replace')[:200]}")
    return run.stdout.decode("utf-8", errors="replace")


def _tesseract(
    image: Any, dpi: int, found: Engine, settings: OcrSettings, deadline: float | None
) -> tuple[list[Word], float]:
    """Tesseract's words (pixels) and their mean confidence."""
    words = _tsv_words(_run(found, image, dpi, deadline, "tsv"), settings.min_mark_confidence)
    for suspect in label_suspects(words):
        # A suspected item number read again on its own, as one character from the digits only.
        pad = suspect.bottom - suspect.top
        crop = image.crop((suspect.x0 - pad, suspect.top - pad, suspect.x1 + pad, suspect.bottom + pad))
        digits = _run(found, crop, dpi, deadline, "--psm", "10", "-c", "tessedit_char_whitelist=0123456789")
        if digits.strip().isdigit() and len(digits.strip()) <= 3:
            words[words.index(suspect)] = replace(suspect, text=digits.strip())
    confidence = round(sum(w.conf for w in words) / len(words), 1) if words else 0.0
    return words, confidence


def _tsv_words(tsv: str, min_conf: float) -> list[Word]:
    out: list[Word] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        conf = float(cols[10])
        # A line's first mark is kept whatever its score: it is usually a bullet (fixes make it one).
        if conf < min_conf and cols[5] != "1" and not any(c.isalnum() for c in cols[11]):
            continue
        left, top, width, height = (int(c) for c in cols[6:10])
        key = (int(cols[2]), int(cols[3]), int(cols[4]))
        out.append(Word(cols[11].strip(), left, left + width, top, top + height, conf, key))
    return out


def _assemble(
    number: int,
    words: Sequence[Word],
    scale: tuple[float, float],
    size: tuple[float, float],
    ocr: OcrSettings,
) -> PageRead:
    sx, sy = scale
    width, height = size
    pt = [w.scaled(sx, sy) for w in words]
    rows = reading_order(pt, width)
    read = PageRead([], source="ocr")
    for row in rows:
        text = ocr.fix(repair_glyphs(" ".join(w.text for w in row)))
        if not text:
            continue
        top, bottom = min(w.top for w in row), max(w.bottom for w in row)
        read.lines.append(Line(number, text, top, bottom, row[0].x0, row[-1].x1, height, width))
        read.words += [{"text": w.text, "x0": w.x0, "x1": w.x1, "top": top, "bottom": bottom} for w in row]
    return read
