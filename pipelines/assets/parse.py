"""Step 3: parse each original to work on, at most once per (sha256, extractor version).

`extractors.api.extract_file` reads the pages, splits the bundle and extracts the facts in one
call; its result is cached on disk under the archive (`.extractions/<version>/<sha>.json.gz`), so
a retried or repeated run, or a lost warehouse, never parses the same content twice. The steps
after this one read the cache and report documents and facts separately.
"""

import time
from collections import Counter
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.assets.common import GROUP, cache_path, counts_md, read_cache, write_cache
from pipelines.resources import ArchiveResource, NlpResource


def extract_to_cache(path: Path, target: Path, nlp: NlpResource) -> dict[str, Any]:
    """Run the extractor on one original and store the outcome (also a rejection) in the cache."""
    from extractors.api import extract_file
    from extractors.errors import PdfRejected

    try:
        result = extract_file(path, nlp=nlp.get())
    except PdfRejected as exc:
        entry: dict[str, Any] = {"status": "rejected", "error": f"{exc.reason}: {exc.detail}", "pages": None}
        write_cache(target, entry)
        return entry
    entry = {
        "status": "ok",
        "error": None,
        "pages": result.data.get("pages"),
        "data": result.data,
        "page_texts": [[p.page, p.text] for p in result.pages],
    }
    write_cache(target, entry)
    return entry


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
    for item in archived_originals["items"]:
        if item["action"] == "skip":
            continue
        if item["action"] == "reject":
            out.append({**item, "status": "rejected", "pages": None, "cache": None})
            reasons[(item.get("error") or "fetch_failed").split(":")[0]] += 1
            continue
        target = cache_path(cache_dir, item["sha256"], version)
        # `force` means "do not trust earlier results": parse again even when cached.
        entry = None if force else read_cache(target)
        cache_ref: str | None = str(target)
        if entry is not None:
            cached += 1
        else:
            try:
                entry = extract_to_cache(Path(item["archive_path"]), target, nlp)
                parsed += 1
            except Exception as exc:
                # One pathological PDF must not stop a nightly run over thousands: record it as
                # rejected (not cached, so a fixed extractor retries it) and carry on.
                context.log.error(f"extractor failed on {item['file_name']} ({item['sha256'][:12]}): {exc!r}")
                entry = {
                    "status": "rejected",
                    "error": f"extract_failed: {type(exc).__name__}: {exc}",
                    "pages": None,
                }
                failed += 1
                cache_ref = None
        if entry["status"] == "rejected":
            reasons[str(entry["error"]).split(":")[0]] += 1
            context.log.warning(f"rejected {item['file_name']}: {entry['error']}")
        out.append(
            {
                **item,
                "status": entry["status"],
                "error": entry.get("error"),
                "pages": entry.get("pages"),
                "cache": cache_ref if entry["status"] == "ok" else None,
            }
        )
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
