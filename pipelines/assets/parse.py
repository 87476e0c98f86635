"""Step 3: parse each original to work on, at most once per (sha256, extractor version).

Files are extracted in worker processes (pipelines/workers.py: one per core, each file under a
wall-time, memory and page limit); each writes its result to the cache under the archive
(`.extractions/<version>/<sha>.json.gz`), so a retried or repeated run, or a lost warehouse, never
parses the same content twice. The steps after this one read the cache.
"""

import time
from collections import Counter
from typing import Any

import dagster as dg

from pipelines.assets.common import GROUP, cache_path, counts_md, read_cache
from pipelines.resources import ArchiveResource, NlpResource


@dg.asset(
    group_name=GROUP,
    kinds={"python", "spacy"},
    description="Pages of every new or changed original (pdfplumber, cleaned), with the extraction "
    "cached per (sha256, extractor version). Unusable files are recorded with their reason.",
)
def parsed_pages(
    context: dg.AssetExecutionContext,
    archived_originals: dict[str, Any],
    archive: ArchiveResource,
    nlp: NlpResource,
) -> dg.MaterializeResult:
    version = archived_originals["extractor_version"]
    force = bool(archived_originals.get("force"))
    cache_dir = archive.cache_dir()
    out: list[dict[str, Any]] = []
    parsed = cached = failed = 0
    reasons: Counter[str] = Counter()
    started = time.monotonic()
    jobs: list[tuple[str, str, str]] = []
    for item in archived_originals["items"]:
        if item["action"] == "skip":
            continue
        if item["action"] == "reject":
            out.append(
                {**item, "status": "rejected", "error": item.get("error") or "fetch_failed", "pages": None}
            )
            continue
        target = cache_path(cache_dir, item["sha256"], version)
        # `force` means "do not trust earlier results": parse again even when cached.
        entry = None if force else read_cache(target)
        slot = {**item, "_target": str(target)}
        if entry is not None:
            cached += 1
            slot.update(status=entry["status"], error=entry.get("error"), pages=entry.get("pages"))
        else:
            jobs.append((str(len(out)), item["archive_path"], str(target)))
        out.append(slot)
    if jobs:
        from pipelines.workers import ExtractionPool

        limits = nlp.limits()
        context.log.info(f"extracting {len(jobs)} file(s) in {min(limits.pool_size, len(jobs))} worker(s)")
        with ExtractionPool(limits, spacy_model=nlp.model) as pool:
            for job_id, entry in pool.run(jobs):
                out[int(job_id)].update(
                    status=entry["status"], error=entry.get("error"), pages=entry.get("pages")
                )
                parsed += 1
                failed += (
                    1 if str(entry.get("error") or "").startswith(("extract_failed", "worker_died")) else 0
                )
    for slot in out:
        target_ref = slot.pop("_target", None)
        if slot["status"] == "rejected":
            reasons[str(slot.get("error") or "unknown").split(":")[0]] += 1
            if target_ref:
                context.log.warning(f"rejected {slot['file_name']}: {slot['error']}")
        # A rejection for a bug or a dead worker is not cached (a fixed extractor retries it).
        slot["cache"] = target_ref if slot["status"] == "ok" else None
    pages = sum(int(o["pages"] or 0) for o in out)
    return dg.MaterializeResult(
        value={"files": out, "extractor_version": version},
        metadata={
            "dagster/row_count": pages,
            "files": len(out),
            "pages": pages,
            "parsed_now": parsed,
            "from_cache": cached,
            "rejected": sum(1 for o in out if o["status"] == "rejected"),
            "extractor_errors": failed,
            "rejected_reasons": dg.MetadataValue.md(counts_md(reasons, "reason")),
            "seconds": round(time.monotonic() - started, 2),
            "extractor_version": version,
        },
    )
