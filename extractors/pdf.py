"""PDF -> pages of positioned lines, with clear reasons for files that cannot be read.

pdfplumber opens the file (its errors give the reasons) and reads every page pdfium cannot read the
same way; pdfium reads the characters of the other pages, several times faster, and pdfplumber's own
code groups them into lines, words and table rows (``extractors.pdfium_pages``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from extractors.budget import Limits, PageTooSlow, budget_spent, page_budget
from extractors.char_page import CharPage
from extractors.cleanup import repair_glyphs
from extractors.columns import bands, find_gutter
from extractors.errors import PdfRejected
from extractors.model import Line, Page
from extractors.ocr import PageRead, engine, page_text
from extractors.pdfium_pages import PdfiumDocument
from extractors.rules import RuleSet, default_rules
from extractors.tables import find_tables
from extractors.textlayer import unmapped_share, unusable
from vocab.digest import sha256_file

# pdfminer logs every odd object at WARNING; a corrupt file is reported once, by us.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


@dataclass
class RawPdf:
    path: Path
    sha256: str
    pages: list[Page]


def check_file(path: Path) -> None:
    """Cheap checks before pdfplumber: existence, size and the %PDF- signature."""
    if not path.exists():
        raise PdfRejected("missing", "no such file", str(path))
    if not path.is_file():
        raise PdfRejected("missing", "not a regular file", str(path))
    size = path.stat().st_size
    if size == 0:
        raise PdfRejected("empty", "file is empty (0 bytes)", str(path))
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise PdfRejected(
            "not_pdf", f"no %PDF- signature in the first bytes (starts {head[:8]!r})", str(path)
        )


# What `_page_lines` reads: a pdfplumber page or pdfium's characters in the same shape.
PageSource = pdfplumber.page.Page | CharPage


def _line(tl: dict[str, Any], page: PageSource, number: int) -> Line | None:
    text = repair_glyphs(tl["text"])
    if not text.strip():
        return None
    return Line(
        page=number,
        text=text,
        top=float(tl["top"]),
        bottom=float(tl["bottom"]),
        x0=float(tl["x0"]),
        x1=float(tl["x1"]),
        page_height=float(page.height),
        page_width=float(page.width),
    )


def _page_lines(page: PageSource, number: int) -> list[Line]:
    try:
        gutter = find_gutter(page.chars, float(page.width))
    except (ValueError, IndexError, KeyError, TypeError):
        gutter = None  # no column reading for this page rather than a rejected file
    if gutter is None:
        raw = page.extract_text_lines(layout=False, strip=True, return_chars=False)
        return [ln for tl in raw if (ln := _line(tl, page, number)) is not None]
    # Two columns: each band of the page left column first, then right; titles across both stay whole.
    full = page.extract_text_lines(layout=False, strip=True, return_chars=True)
    out: list[Line] = []
    # Boxes in the page's own frame (a MediaBox need not start at 0,0), clamped to it.
    left, page_top, right, page_bottom = (float(v) for v in page.bbox)
    for top, bottom, spans in bands(full, gutter):
        top, bottom = max(top, page_top), min(bottom, page_bottom)
        if bottom <= top:
            continue
        mid = min(max(gutter, left), right)
        boxes = (
            [(left, top, right, bottom)] if spans else [(left, top, mid, bottom), (mid, top, right, bottom)]
        )
        for box in boxes:
            crop = page.within_bbox(box, strict=False)
            for tl in crop.extract_text_lines(layout=False, strip=True, return_chars=False):
                if (ln := _line(tl, page, number)) is not None:
                    out.append(ln)
    return out


def _may_have_table(lines: list[Line], rules: RuleSet) -> bool:
    return any(rules.tables.may_be_header(ln.text) for ln in lines)


def _with_tables(page: PageSource | PageRead, out: Page, rules: RuleSet) -> Page:
    """Read tables on pages that print a header-like line; their lines leave the running text."""
    if not _may_have_table(out.lines, rules):
        return out
    try:
        out.tables = find_tables(page, out.number, rules.tables)
    except (ValueError, IndexError, KeyError, ZeroDivisionError) as exc:
        # A fault of the table reader on one page: that page is read as running text instead
        # of rejecting the whole file as if the PDF were corrupt.
        logging.getLogger(__name__).warning(
            "page %s: tables not read (%s: %s)", out.number, type(exc).__name__, exc
        )
        out.tables = []
    if out.tables:
        inside = [ln for ln in out.lines if any(t.top - 1.5 <= ln.top <= t.bottom + 1.5 for t in out.tables)]
        out.table_lines = inside
        out.lines = [ln for ln in out.lines if ln not in inside]
    return out


def _open_pdfium(path: Path, pages: int) -> PdfiumDocument | None:
    """pdfium's view of the file, or None: pdfplumber then reads every page (and names any fault)."""
    try:
        doc = PdfiumDocument(str(path))
    except Exception:
        return None
    if len(doc) != pages:  # the two parsers disagree on the page tree: trust the one we always used
        doc.close()
        return None
    return doc


def _page_source(page: pdfplumber.page.Page, number: int, fast: PdfiumDocument | None) -> PageSource:
    """pdfium's characters of the page where it can give pdfplumber's, else the pdfplumber page."""
    chars = fast.read_page(number - 1, page) if fast is not None else None
    return page if chars is None else chars


def read_pdf(
    path: Path, rules: RuleSet | None = None, limits: Limits | None = None, *, use_pdfium: bool = True
) -> RawPdf:
    """Parse every page; raise PdfRejected with a reason for unusable files."""
    path = Path(path)
    rules = rules or default_rules()
    limits = limits or Limits()
    check_file(path)
    digest = sha256_file(path)
    pages: list[Page] = []
    images = 0
    unread: list[str] = []  # why each page left for OCR was not read with it
    fast: PdfiumDocument | None = None
    try:
        with pdfplumber.open(path) as pdf:
            if not pdf.pages:
                raise PdfRejected("corrupt", "PDF has no pages", str(path))
            if limits.max_pages and len(pdf.pages) > limits.max_pages:
                raise PdfRejected(
                    "too_many_pages",
                    f"{len(pdf.pages)} pages, more than the limit of {limits.max_pages}",
                    str(path),
                )
            fast = _open_pdfium(path, len(pdf.pages)) if use_pdfium else None
            for i, page in enumerate(pdf.pages, start=1):
                try:
                    size = (float(page.width), float(page.height))
                    with page_budget(limits.page_seconds):
                        source = _page_source(page, i, fast)
                        lines = _page_lines(source, i)
                        glyphs = (c["text"] for c in source.chars)
                        why = unusable([ln.text for ln in lines], unmapped_share(glyphs), rules.text_layer)
                except (Exception, PageTooSlow):
                    if not budget_spent():
                        raise
                    raise PdfRejected(
                        "too_slow", f"page {i} took more than {limits.page_seconds:g} s to read", str(path)
                    ) from None
                # A page whose text layer is not language is read with OCR (ocr.py), after the parse
                # budget and on a budget of its own: Tesseract's seconds are not a pathological page.
                read = page_text(path, i, lines, why, size, rules.text_layer, limits.ocr_page_seconds)
                if read.source == "needs_ocr":
                    unread.append(f"page {i}: {read.note}")
                if not read.lines:
                    pdfium_read = fast is not None and isinstance(source, CharPage)
                    images += (
                        fast.image_count(i - 1) if fast is not None and pdfium_read else len(page.images)
                    )
                geometry = read if read.source == "ocr" else source
                pages.append(_with_tables(geometry, Page(i, *size, read.lines, **read.provenance), rules))
                page.close()  # drop pdfplumber's per-page object cache: flat memory on long files
    except PdfRejected:
        raise
    except Exception as exc:
        # pdfplumber wraps pdfminer's errors: look at the original too.
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc.__cause__
        for e in (exc, inner):
            if isinstance(e, MemoryError):
                raise PdfRejected("too_large", "ran out of memory while parsing", str(path)) from exc
            if isinstance(e, PDFPasswordIncorrect | PDFEncryptionError):
                raise PdfRejected(
                    "encrypted", f"encrypted PDF, no password available ({type(e).__name__})", str(path)
                ) from exc
        shown = inner if isinstance(inner, BaseException) else exc
        raise PdfRejected(
            "corrupt", f"cannot parse PDF: {type(shown).__name__}: {shown}"[:300], str(path)
        ) from exc
    finally:
        if fast is not None:
            fast.close()
    found = engine(rules.text_layer.ocr) if unread else None
    if unread and not isinstance(found, str):
        # Tesseract is here but did not read these pages (over the OCR budget, or it failed): said
        # here; the file is read again by the next ingest (pipelines/assets/extract.py).
        for note in unread:
            logging.getLogger(__name__).warning("%s: %s", path.name, note)
    if not any(p.lines for p in pages):
        what = f"{images} image(s)" if images else "no images either"
        if not unread:
            reason = "OCR read no text"
        elif isinstance(found, str):
            reason = f"needs_ocr: {found}"
        else:
            more = f" (and {len(unread) - 1} more)" if len(unread) > 1 else ""
            reason = f"needs_ocr: {unread[0]}{more}"
        raise PdfRejected(
            "image_only",
            f"no text layer on any of {len(pages)} page(s) ({what}); {reason}",
            str(path),
            len(unread),
        )
    return RawPdf(path=path, sha256=digest, pages=pages)
