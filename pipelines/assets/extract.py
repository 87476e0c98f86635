"""Step 3, `extracted_files`: parse each planned original and extract its facts.

Each file is parsed (pdfplumber pages), split into documents and mined for assignments, statuses
and meeting dates in a worker process (pipelines/workers.py: one per core, each file under a
wall-time, memory and page limit). A worker writes the whole result to the extraction cache
(`.extractions/<version>/<sha>.json.gz` under the archive) and hands back only its status and
counts; the load reads the facts from the cache, so they never travel through Dagster.
"""

import time
from collections import Counter
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.assets.common import GROUP, counts_md
from pipelines.cache import cache_path, fact_counts, read_cache
from pipelines.progress import Progress
from pipelines.resources import ArchiveResource, NlpResource
from pipelines.values import ExtractedFiles, ExtractionPlan
from pipelines.workers import ocr_available

# A rejection for a bug or a dead worker says nothing about the file: counted apart.
EXTRACTOR_ERRORS = ("extract_failed", "worker_died")


def work_slots(plan: ExtractionPlan, cache_dir: Path) -> tuple[list[dict[str, Any]], list[int]]:
    """One slot per file to report (rejected fetches and files to extract); the indices still
    to extract (no cache entry at this version). Cached results fill their slot at once."""
    slots: list[dict[str, Any]] = []
    todo: list[int] = []
    for item in plan.items:
        if item["action"] == "skip":
            continue
        if item["action"] == "reject":
            error = item.get("error") or "fetch_failed"
            slots.append({**item, "status": "rejected", "error": error, "pages": None, "cache": None})
            continue
        target = cache_path(cache_dir, item["sha256"], plan.extractor_version)
        # `force` planned this file although it is loaded: parse again, do not trust the cache.
        entry = None if item.get("forced") else read_cache(target)
        if entry is not None and needs_ocr(entry) and ocr_available():
            entry = None  # pages left for OCR are read now that this machine can
        slot = {**item, "cache": str(target), "from_cache": entry is not None}
        if entry is not None:
            slot.update(
                status=entry["status"],
                error=entry.get("error"),
                pages=entry.get("pages"),
                counts=entry.get("counts") or fact_counts(entry.get("data")),
                needs_ocr=needs_ocr(entry),
            )
        else:
            todo.append(len(slots))
        slots.append(slot)
    return slots, todo


def needs_ocr(entry: dict[str, Any]) -> int:
    """Pages of a file left for an OCR engine: in an ok file, or all of an image-only one."""
    return int((entry.get("counts") or {}).get("needs_ocr_pages") or entry.get("needs_ocr") or 0)


def summed(slots: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals of the ok files' fact counts (documents, assignments, statuses, dates, OCR'd pages),
    and the pages needing OCR of every file (an image-only file is rejected for want of it)."""
    total: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    doc_types: Counter[str] = Counter()
    for slot in slots:
        total["needs_ocr_pages"] += int(slot.get("needs_ocr") or 0)
        counts = slot.get("counts") or {}
        if slot["status"] != "ok" or not counts:
            continue
        for key in (
            "documents",
            "assignments",
            "meeting_dates",
            "diarienummer",
            "reports_without_assignments",
            "ocr_pages",
        ):
            total[key] += int(counts.get(key) or 0)
        statuses.update(counts.get("statuses") or {})
        doc_types.update(counts.get("doc_types") or {})
    return {**dict(total), "statuses": dict(statuses), "doc_types": dict(doc_types)}


@dg.asset(
    group_name=GROUP,
    kinds={"python", "spacy"},
    description="Parse and extract: pages of every planned original (pdfplumber, cleaned), split into "
    "documents with doc_type, organ and year, and their assignments (status, beredning, evidence), "
    "meeting dates and diarienummer; one worker process per core, each file under its limits. "
    "Results are cached per (sha256, extractor version); unusable files are recorded with their reason.",
)
def extracted_files(
    context: dg.AssetExecutionContext,
    extraction_plan: ExtractionPlan,
    archive: ArchiveResource,
    nlp: NlpResource,
) -> dg.MaterializeResult:
    started = time.monotonic()
    slots, todo = work_slots(extraction_plan, archive.cache_dir())
    if todo:
        from pipelines.workers import ExtractionPool

        limits = nlp.limits()
        context.log.info(f"extracting {len(todo)} file(s) in {min(limits.pool_size, len(todo))} worker(s)")
        jobs = [(str(i), slots[i]["archive_path"], slots[i]["cache"]) for i in todo]
        progress = Progress("extracting files", len(jobs))
        with ExtractionPool(limits, spacy_model=nlp.spacy_model()) as pool:
            for job_id, entry in pool.run(jobs):
                slots[int(job_id)].update(
                    status=entry["status"],
                    error=entry.get("error"),
                    pages=entry.get("pages"),
                    counts=entry.get("counts") or {},
                    needs_ocr=needs_ocr(entry),
                )
                progress.update(pages=int(entry.get("pages") or 0))
        progress.close()
    reasons: Counter[str] = Counter()
    for slot in slots:
        if slot["status"] == "rejected":
            reasons[str(slot.get("error") or "unknown").split(":")[0]] += 1
            if slot.get("action") == "extract":
                context.log.warning(f"rejected {slot['file_name']}: {slot['error']}")
            # Only an ok file's cache entry is loaded; a rejection is stored from its error.
            slot["cache"] = None
    counts = summed(slots)
    pages = sum(int(s.get("pages") or 0) for s in slots)
    statuses = Counter(counts["statuses"])
    value = ExtractedFiles(
        files=slots,
        extractor_version=extraction_plan.extractor_version,
        parsed_now=len(todo),
        from_cache=sum(1 for s in slots if s.get("from_cache")),
        seconds=round(time.monotonic() - started, 2),
        counts=counts,
    )
    return dg.MaterializeResult(
        value=value,
        metadata={
            "dagster/row_count": pages,
            "files": len(slots),
            "pages": pages,
            "parsed_now": value.parsed_now,
            "from_cache": value.from_cache,
            "rejected": sum(1 for s in slots if s["status"] == "rejected"),
            "extractor_errors": sum(
                1 for s in slots if str(s.get("error") or "").startswith(EXTRACTOR_ERRORS)
            ),
            "rejected_reasons": dg.MetadataValue.md(counts_md(reasons, "reason")),
            "documents": int(counts.get("documents", 0)),
            "assignments": int(counts.get("assignments", 0)),
            "meeting_dates": int(counts.get("meeting_dates", 0)),
            "diarienummer": int(counts.get("diarienummer", 0)),
            "reports_without_assignments": int(counts.get("reports_without_assignments", 0)),
            "ocr_pages": int(counts.get("ocr_pages", 0)),
            "needs_ocr_pages": int(counts.get("needs_ocr_pages", 0)),
            "okant_share": round(statuses["okant"] / sum(statuses.values()), 3) if statuses else 0.0,
            "by_doc_type": dg.MetadataValue.md(counts_md(Counter(counts["doc_types"]), "doc_type")),
            "by_status": dg.MetadataValue.md(counts_md(statuses, "status")),
            "seconds": value.seconds,
            "extractor_version": extraction_plan.extractor_version,
        },
    )
