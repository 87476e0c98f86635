"""Flattening of extraction results (EXTRACTION.md shape) into the warehouse's fact rows.

Pure Python + pyarrow: one Arrow table per fact table, built column by column, so a load
is one bulk INSERT per table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa

from warehouse import rows as R


@dataclass(frozen=True)
class FileLoad:
    """One original file and what was extracted from it (extraction in the EXTRACTION.md shape)."""

    sha256: str
    url: str | None
    file_name: str | None
    fetched_at: datetime | str | None
    status: str  # "ok" | "rejected"
    error: str | None = None
    pages: int | None = None
    extraction: Mapping[str, Any] | None = None
    page_texts: Sequence[Any] = ()
    extractor_version: str = ""


FACT_TABLES = ("source_files", "documents", "assignments", "meeting_dates", "diarienummer", "pages")


def document_id(sha256: str, page_start: int | None, index: int) -> str:
    return f"{sha256[:16]}:{page_start if page_start is not None else 0}-{index}"


def build_tables(files: Sequence[FileLoad], default_version: str) -> dict[str, pa.Table]:
    """The incoming rows of every fact table (source_files without history merging)."""
    t = {name: R.Columns(name) for name in FACT_TABLES}
    for f in files:
        version = f.extractor_version or default_version
        data = f.extraction or {}
        t["source_files"].append(
            sha256=f.sha256,
            url=f.url,
            file_name=f.file_name or data.get("source"),
            pages=R.to_int(f.pages if f.pages is not None else data.get("pages")),
            fetched_at=R.to_timestamp(f.fetched_at),
            status=f.status,
            error=f.error,
            extractor_version=version,
        )
        seen_pages: set[int] = set()
        for page, text, source, engine, confidence in R.page_rows(f.page_texts):
            if page not in seen_pages:
                seen_pages.add(page)
                t["pages"].append(
                    sha256=f.sha256,
                    page=page,
                    text=text,
                    text_source=source,
                    ocr_engine=engine,
                    ocr_confidence=confidence,
                )
        if f.status != "ok":
            continue
        for index, doc in enumerate(data.get("documents") or ()):
            _add_document(t, f, version, index, doc)
    return {name: cols.arrow() for name, cols in t.items()}


def _add_document(
    t: dict[str, R.Columns], f: FileLoad, version: str, index: int, doc: Mapping[str, Any]
) -> None:
    page_start = R.to_int(doc.get("page_start"))
    doc_id = document_id(f.sha256, page_start, index)
    organ = doc.get("organ") or None
    year = R.to_int(doc.get("year"))
    meeting = doc.get("meeting") or {}
    meeting_date = R.to_date(meeting.get("date"))
    common = {"document_id": doc_id, "sha256": f.sha256, "source_url": f.url, "extractor_version": version}
    t["documents"].append(
        **common,
        doc_index=index,
        doc_type=doc.get("doc_type"),
        title=doc.get("title"),
        organ=organ,
        year=year,
        page_start=page_start,
        page_end=R.to_int(doc.get("page_end")),
        meeting_date=meeting_date,
        meeting_start=R.to_text(meeting.get("start")),
        meeting_end=R.to_text(meeting.get("end")),
        meeting_place=R.to_text(meeting.get("place")),
    )
    _add_assignments(t["assignments"], doc.get("assignments") or (), doc_id, organ, year, f, version)
    # A meeting date stands once per document; the header's date comes first because
    # its page (the first) and kind are known.
    dates: dict[Any, dict[str, Any]] = {}
    if meeting_date is not None:
        dates[meeting_date] = {"page": page_start, "kind": "sammantradesdatum", "evidence": None}
    for item in doc.get("meeting_dates") or ():
        entry = item if isinstance(item, Mapping) else {"date": item}
        d = R.to_date(entry.get("date"))
        if d is not None and d not in dates:
            dates[d] = {
                "page": R.to_int(entry.get("page")),
                "kind": entry.get("kind") or "mention",
                "evidence": entry.get("evidence"),
            }
    for d in sorted(dates):
        t["meeting_dates"].append(**common, organ=organ, date=d, **dates[d])
    seen: set[str] = set()
    for item in doc.get("diarienummer") or ():
        entry = item if isinstance(item, Mapping) else {"diarienummer": item}
        number = R.to_text(entry.get("diarienummer") or entry.get("number"))
        if number and number not in seen:
            seen.add(number)
            t["diarienummer"].append(
                **common, organ=organ, year=year, diarienummer=number, page=R.to_int(entry.get("page"))
            )


def _add_assignments(
    cols: R.Columns,
    items: Sequence[Mapping[str, Any]],
    doc_id: str,
    organ: str | None,
    year: int | None,
    f: FileLoad,
    version: str,
) -> None:
    # Column at a time: this is the hot loop of a large load.
    n = len(items)
    if not n:
        return
    d = cols.data
    d["assignment_id"].extend(f"{doc_id}:{i}" for i in range(n))
    d["ordinal"].extend(range(n))
    for name, value in (
        ("document_id", doc_id),
        ("sha256", f.sha256),
        ("organ", organ),
        ("year", year),
        ("source_url", f.url),
        ("extractor_version", version),
        ("assignment_key", None),
        ("thread_id", None),
        ("is_duplicate", False),
        ("thread_first_year", None),
        ("thread_last_year", None),
        ("thread_years", None),
        ("previous_year", None),
        ("previous_status", None),
    ):
        d[name].extend([value] * n)
    for name in ("label", "text", "section", "beredning", "evidence"):
        d[name].extend([a.get(name) for a in items])
    d["status"].extend([a.get("status") or "okant" for a in items])
    d["multi_year"].extend([R.to_bool(a.get("multi_year")) for a in items])
    d["reference_only"].extend([bool(a.get("reference_only")) for a in items])
    for name in ("number", "page"):
        d[name].extend([v if type(v) is int else R.to_int(v) for v in (a.get(name) for a in items)])
