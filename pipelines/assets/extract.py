"""Steps 4 and 5: the documents found inside each file, and the facts extracted from them.

Both read the extraction cache written by `parsed_pages` (only for this run's files) and pass on
small summaries; the facts themselves travel to the warehouse from the cache, not through Dagster.
"""

from collections import Counter
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.assets.common import GROUP, counts_md, md_table, read_cache


def cached_extractions(parsed: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(work item, extraction data) for every file of this run that was extracted."""
    out = []
    for item in parsed["files"]:
        if item["status"] != "ok" or not item.get("cache"):
            continue
        entry = read_cache(Path(item["cache"]))
        if entry is None:
            raise RuntimeError(f"extraction cache entry vanished: {item['cache']}")
        out.append((item, entry["data"]))
    return out


@dg.asset(
    group_name=GROUP,
    kinds={"python"},
    description="Logical documents split out of each new or changed file (a kallelse bundles its "
    "attachments), with doc_type, organ, year and page range.",
)
def classified_documents(parsed_pages: dict[str, Any]) -> dg.MaterializeResult:
    rows: list[dict[str, Any]] = []
    for item, data in cached_extractions(parsed_pages):
        for index, doc in enumerate(data.get("documents", [])):
            rows.append(
                {
                    "sha256": item["sha256"],
                    "file_name": item.get("file_name"),
                    "doc_index": index,
                    "doc_type": doc.get("doc_type"),
                    "organ": doc.get("organ"),
                    "year": doc.get("year"),
                    "pages": f"{doc.get('page_start')}-{doc.get('page_end')}",
                    "title": (doc.get("title") or "")[:80],
                    "assignments": len(doc.get("assignments") or []),
                    "meeting_dates": len(doc.get("meeting_dates") or []),
                }
            )
    return dg.MaterializeResult(
        value=rows,
        metadata={
            "dagster/row_count": len(rows),
            "documents": len(rows),
            "files": len({r["sha256"] for r in rows}),
            "by_doc_type": dg.MetadataValue.md(counts_md(Counter(r["doc_type"] for r in rows), "doc_type")),
            "by_organ_year": dg.MetadataValue.md(
                counts_md(Counter(f"{r['organ']} {r['year']}" for r in rows), "organ year")
            ),
            "preview": dg.MetadataValue.md(
                md_table(
                    rows,
                    ["file_name", "doc_index", "doc_type", "organ", "year", "pages", "assignments", "title"],
                )
            ),
        },
    )


@dg.asset(
    group_name=GROUP,
    kinds={"python"},
    description="Assignments (with status, beredning, evidence), meeting dates and diarienummer of "
    "the new or changed documents.",
)
def extracted_facts(
    parsed_pages: dict[str, Any], classified_documents: list[dict[str, Any]]
) -> dg.MaterializeResult:
    statuses: Counter[str] = Counter()
    beredning: Counter[str] = Counter()
    meeting_dates = diarienummer = 0
    reports_without = []
    for item, data in cached_extractions(parsed_pages):
        for doc in data.get("documents", []):
            assignments = doc.get("assignments") or []
            statuses.update(str(a.get("status")) for a in assignments)
            beredning.update(str(a.get("beredning")) for a in assignments)
            meeting_dates += len(doc.get("meeting_dates") or [])
            diarienummer += len(doc.get("diarienummer") or [])
            if doc.get("doc_type") == "aterrapportering" and not assignments:
                reports_without.append(f"{item.get('file_name')}: {doc.get('title')}")
    total = sum(statuses.values())
    counts = {
        "documents": len(classified_documents),
        "assignments": total,
        "meeting_dates": meeting_dates,
        "diarienummer": diarienummer,
        "statuses": dict(statuses),
    }
    return dg.MaterializeResult(
        value=counts,
        metadata={
            "dagster/row_count": total + meeting_dates,
            "assignments": total,
            "meeting_dates": meeting_dates,
            "diarienummer": diarienummer,
            "okant_share": round(statuses.get("okant", 0) / total, 3) if total else 0.0,
            "by_status": dg.MetadataValue.md(counts_md(statuses, "status")),
            "by_beredning": dg.MetadataValue.md(counts_md(beredning, "beredning")),
            "reports_without_assignments": dg.MetadataValue.json(reports_without),
        },
    )
