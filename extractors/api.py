"""extract_file(path) -> the EXTRACTION.md object for one PDF, plus the cleaned text of each page."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from extractors.assignments import (
    ASSIGNMENT_DOC_TYPES,
    extract_assignments,
    inline_assignments,
    merge_repeats,
)
from extractors.cleanup import join_lines, strip_furniture
from extractors.header import diarienummer_of, header_meeting_dates, meeting_header
from extractors.model import PageText, Segment
from extractors.nlp import analyse, build_nlp
from extractors.organ import organ_of
from extractors.pdf import Limits, read_pdf
from extractors.rules import RuleSet, default_rules
from extractors.segment import split_documents
from extractors.structure import line_kind, paragraph_breaks
from extractors.table_items import (
    legend_of,
    table_assignments,
    table_cell_meeting_dates,
    table_meeting_dates,
)
from extractors.titles import classify, title_of, year_of

_NLP: Language | None = None


def default_nlp() -> Language:
    global _NLP
    if _NLP is None:
        _NLP = build_nlp()
        # The pipeline's objects live as long as the process: keep them out of every later
        # garbage collection (which otherwise re-scans them, a third of the extraction's CPU).
        gc.freeze()
    return _NLP


@dataclass
class ExtractionResult:
    data: dict[str, Any]
    pages: list[PageText] = field(default_factory=list)


def _document(seg: Segment, nlp: Language, rules: RuleSet, bundle: dict[str, Any]) -> dict[str, Any]:
    lines = seg.body_lines()
    plain = "\n".join(ln.text for ln in lines)
    doc_type = classify(seg, plain, rules)
    title = title_of(seg, rules)
    organ = organ_of(seg, plain, bundle.get("organ"))
    header_dates = header_meeting_dates(seg, doc_type)
    meeting = meeting_header(seg, doc_type, header_dates)
    # A notice or protocol belongs to the year of its meeting, a PM to the meeting it is for,
    # whatever budget years they mention.
    dated = meeting["date"] if meeting and meeting["date"] else (header_dates[0] if header_dates else None)
    year = int(dated[:4]) if dated else year_of(seg, title, plain, bundle.get("year"), rules, doc_type)
    kinds = [line_kind(ln.text, doc_type, rules) for ln in lines]
    breaks = paragraph_breaks(lines, kinds)
    text, spans = join_lines(lines, breaks)
    doc = analyse(nlp, text, year=year, organ=organ, doc_type=doc_type)
    dates = list(header_dates)
    if meeting and meeting["date"] and meeting["date"] not in dates:
        dates.insert(0, meeting["date"])
    for label in {sp.label_ for sp in doc.spans["meeting_dates"]}:
        if label not in dates:
            dates.append(label)
    tables = seg.tables()
    for iso in table_meeting_dates(tables, year, rules) + table_cell_meeting_dates(
        tables, year, organ, rules
    ):
        if iso not in dates:
            dates.append(iso)
    assignments = extract_assignments(doc, text, lines, kinds, breaks, spans, doc_type, rules)
    if doc_type in ASSIGNMENT_DOC_TYPES:
        inline = inline_assignments(text, spans, rules, unnumbered=not assignments and not seg.tables())
        tabled = table_assignments(seg.tables(), rules, legend_of(lines, rules)) if seg.tables() else []
        if inline or tabled:
            assignments = merge_repeats(tabled + inline + assignments)
    # A document without a known title is typed by what it holds: judged assignments make it a
    # report on them, a list of meetings a plan of them (EXTRACTION.md: "when their subject is ...").
    if doc_type == "ovrigt":
        judged = sum(1 for a in assignments if a["status"] != "okant" and not a.get("reference_only"))
        if judged >= 2:
            doc_type = "aterrapportering"
        elif not assignments and len(dates) >= 4:
            doc_type = "aktivitetsplan"
    return {
        "doc_type": doc_type,
        "title": title,
        "organ": organ,
        "year": year,
        "page_start": seg.page_start,
        "page_end": seg.page_end,
        "diarienummer": diarienummer_of(seg, rules),
        "meeting": meeting,
        "meeting_dates": sorted(dates),
        "assignments": assignments,
    }


def extract_file(
    path: str | Path, nlp: Language | None = None, rules: RuleSet | None = None, limits: Limits | None = None
) -> ExtractionResult:
    """Extract one PDF. Raises extractors.errors.PdfRejected for files that cannot yield facts."""
    path = Path(path)
    nlp = nlp or default_nlp()
    rules = rules or default_rules()
    raw = read_pdf(path, rules, limits)
    pages = strip_furniture(raw.pages)
    documents: list[dict[str, Any]] = []
    bundle: dict[str, Any] = {}
    for seg in split_documents(pages, rules):
        d = _document(seg, nlp, rules, bundle)
        if not bundle and d["organ"]:
            bundle = {"organ": d["organ"], "year": d["year"]}
        documents.append(d)
    data = {"source": path.name, "sha256": raw.sha256, "pages": len(raw.pages), "documents": documents}
    page_texts = [
        PageText(
            p.number,
            "\n".join(ln.text for ln in sorted(p.lines + p.table_lines, key=lambda x: x.top)),
            p.text_source,
            p.ocr_engine,
            p.ocr_confidence,
        )
        for p in pages
    ]
    # Only files with a page not read from its text layer say how each page was read, so the
    # output of every text PDF stays as it was.
    if any(p.text_source != "text_layer" for p in pages):
        data["page_sources"] = [
            {"page": p.page, "source": p.text_source, "engine": p.ocr_engine, "confidence": p.ocr_confidence}
            for p in page_texts
        ]
    return ExtractionResult(data=data, pages=page_texts)
