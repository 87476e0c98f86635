"""What each step of the ingestion graph hands to the next (pickled by Dagster's IO manager).

Typed, so a step reads named fields instead of guessing at dict keys; rows inside stay plain
dicts because they are flat records headed for the warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FetchedOriginals:
    """Output of `fetched_originals`: every file the sources offered, archived or rejected."""

    files: list[dict[str, Any]]  # FetchedFile rows (archive_path as str)
    coverage: list[dict[str, Any]]
    fetches: list[dict[str, Any]]
    sources: list[str]
    per_source: dict[str, int]  # documents each source yielded (read by source_yields_files)
    found: int  # documents found, counting those a portal did not revisit
    unchanged: int


@dataclass(frozen=True)
class ExtractionPlan:
    """Output of `extraction_plan`: one work item per distinct original, with its action."""

    items: list[
        dict[str, Any]
    ]  # sha256, archive_path, url, file_name, source, fetched_at, action, origin ...
    extractor_version: str


@dataclass(frozen=True)
class ExtractedFiles:
    """Output of `extracted_files`: per worked file its status and what it yielded."""

    files: list[dict[str, Any]]  # plan item + status, error, pages, cache (path or None), counts
    extractor_version: str
    parsed_now: int = 0
    from_cache: int = 0
    seconds: float = 0.0
    counts: dict[str, Any] = field(default_factory=dict)  # summed fact_counts of the ok files
