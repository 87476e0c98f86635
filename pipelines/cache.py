"""The extraction cache: one gzip JSON entry per (extractor version, sha256) under the archive.

Workers write an entry as each file finishes; a retried or repeated run, or a lost warehouse,
never parses the same content twice, and the load reads the facts from here (they never travel
through Dagster's IO manager).
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any


def cache_path(cache_dir: Path, sha256: str, version: str) -> Path:
    return cache_dir / version / sha256[:2] / f"{sha256}.json.gz"


def read_cache(path: Path) -> dict[str, Any] | None:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data: dict[str, Any] = json.load(fh)
            return data
    except (FileNotFoundError, OSError, ValueError):
        # A truncated or unreadable entry is just a cache miss: the file is extracted again.
        return None


def write_cache(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json.gz", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, default=str)
        # Readers see the old entry or the whole new one, never half of it.
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def fact_counts(data: dict[str, Any] | None) -> dict[str, Any]:
    """What one file's extraction found: documents by type, assignments by status, dates."""
    docs = (data or {}).get("documents") or []
    statuses: Counter[str] = Counter()
    doc_types: Counter[str] = Counter()
    meeting_dates = diarienummer = 0
    reports_without = 0
    # Present only when a page was not read from its text layer (extractors/api.py).
    sources = Counter(str(p.get("source")) for p in (data or {}).get("page_sources") or ())
    for doc in docs:
        assignments = doc.get("assignments") or []
        doc_types[str(doc.get("doc_type"))] += 1
        statuses.update(str(a.get("status")) for a in assignments)
        meeting_dates += len(doc.get("meeting_dates") or [])
        diarienummer += len(doc.get("diarienummer") or [])
        reports_without += int(doc.get("doc_type") == "aterrapportering" and not assignments)
    return {
        "documents": len(docs),
        "doc_types": dict(doc_types),
        "assignments": sum(statuses.values()),
        "statuses": dict(statuses),
        "meeting_dates": meeting_dates,
        "diarienummer": diarienummer,
        "reports_without_assignments": reports_without,
        "ocr_pages": sources["ocr"],
        "needs_ocr_pages": sources["needs_ocr"],
    }
