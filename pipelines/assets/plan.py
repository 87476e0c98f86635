"""Step 2, `extraction_plan`: decide which archived originals this run must (re)extract.

A file is work when its content (sha256) is not in the published warehouse at the current
extractor version: new or changed content, or an original loaded by an older extractor. Originals
the warehouse holds at an older version are taken from the archive even when no source listed them
this run, so an extractor upgrade re-extracts everything once without downloading anything.
"""

from collections import Counter
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.assets.common import GROUP, extractor_version
from pipelines.resources import ArchiveResource, WarehouseResource
from pipelines.values import ExtractionPlan, FetchedOriginals


class PlanConfig(dg.Config):
    """Run choices of this step (`protokoll ingest --force`; the Launchpad in the UI)."""

    force: bool = False  # re-extract every archived original, even if already loaded at this version


def plan(
    files: list[dict[str, Any]], known: dict[str, str], version: str, force: bool
) -> list[dict[str, Any]]:
    """One work item per distinct sha256 (or per failed fetch): action "extract", "reject" or "skip"."""
    items: dict[str, dict[str, Any]] = {}
    for f in files:
        if f["status"] == "rejected" or not f.get("sha256"):
            # A fetch that produced no usable original: recorded as a rejected row when its key
            # is not yet loaded at this version (so a second run changes nothing).
            key = f.get("sha256") or rejected_key(f)
            action = "reject" if known.get(key) != version else "skip"
            items.setdefault(key, {**_item(f, key), "action": action, "origin": "fetch"})
            continue
        sha = f["sha256"]
        if sha in items:
            continue  # the same content under a second URL or folder: extracted once
        action = "extract" if force or known.get(sha) != version else "skip"
        items[sha] = {**_item(f, sha), "action": action, "origin": "source"}
    return list(items.values())


def rejected_key(f: dict[str, Any]) -> str:
    """Stable key for a fetch failure without content, so its row is replaced, not duplicated."""
    import hashlib

    where = f.get("url") or f"{f.get('source')}/{f.get('file_name')}"
    return "fetch:" + hashlib.sha256(where.encode("utf-8")).hexdigest()


def unloaded_originals(
    manifest: list[dict[str, Any]], sources: set[str], known: dict[str, str], listed: set[str], store: Any
) -> list[dict[str, Any]]:
    """Work items for archived documents of these sources that the warehouse does not hold."""
    out: dict[str, dict[str, Any]] = {}
    for row in manifest:
        sha = row.get("sha256")
        if (
            row.get("kind") not in ("document", "file")
            or row.get("source") not in sources
            or not sha
            or sha in known
            or sha in listed
            or sha in out
            or not store.has(sha)
        ):
            continue
        name = row.get("file_name") or Path(str(row.get("path") or row.get("url") or sha)).name
        out[sha] = archived_item(store, sha, row.get("url"), name, row.get("source"), row.get("time"))
    return list(out.values())


def archived_item(
    store: Any, sha: str, url: str | None, file_name: str | None, source: str | None, fetched_at: Any
) -> dict[str, Any]:
    """A work item for an original taken from the archive (no source listed it this run)."""
    return {
        "sha256": sha,
        "archive_path": str(store.path_for(sha)),
        "url": url,
        "file_name": file_name,
        "source": source,
        "fetched_at": fetched_at,
        "fetch_status": "archived",
        "error": None,
        "action": "extract",
        "origin": "archive",
    }


def _item(f: dict[str, Any], key: str) -> dict[str, Any]:
    return {
        "sha256": key,
        "archive_path": f.get("archive_path"),
        "url": f.get("url"),
        "file_name": f.get("file_name"),
        "source": f.get("source"),
        "fetched_at": f.get("fetched_at"),
        "fetch_status": f.get("status"),
        "error": f.get("error"),
    }


@dg.asset(
    group_name=GROUP,
    kinds={"python"},
    description="The archived originals this run extracts: new or changed content, and originals "
    "loaded by an older extractor version (taken from the archive, not downloaded again).",
)
def extraction_plan(
    context: dg.AssetExecutionContext,
    config: PlanConfig,
    fetched_originals: FetchedOriginals,
    archive: ArchiveResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    from warehouse.query import loaded_files

    store = archive.archive()
    version = extractor_version()
    force = config.force
    rows = loaded_files(warehouse.published())
    known = {sha: row["extractor_version"] for sha, row in rows.items()}
    items = plan(fetched_originals.files, known, version, force)

    # Originals in the warehouse at another version (or all, with force) that no source listed.
    listed = {i["sha256"] for i in items}
    stale = [
        sha for sha, v in known.items() if sha not in listed and (force or v != version) and store.has(sha)
    ]
    for item in items:
        if item["action"] == "skip" and item["sha256"] in rows:
            # Up to date, but the summary still names a file the warehouse holds as rejected.
            item["loaded_status"] = rows[item["sha256"]]["status"]
            item["loaded_error"] = rows[item["sha256"]]["error"]
    for sha in stale:
        if sha not in rows:
            continue
        row = rows[sha]
        items.append(archived_item(store, sha, row["url"], row["file_name"], None, row["fetched_at"]))
    # Originals this run's sources fetched earlier that the warehouse does not hold at all (a lost
    # or replaced warehouse): a portal does not list meetings past its lookback window again, so
    # without this a fresh warehouse would get only the recent files. Taken from the archive.
    listed |= set(stale)
    items += unloaded_originals(store.read_manifest(), set(fetched_originals.sources), known, listed, store)

    for item in items:
        # `force` means "do not trust earlier results": the extract step ignores its cache too.
        item["forced"] = force and item["action"] == "extract"
    actions = Counter(i["action"] for i in items)
    reextract = sum(1 for i in items if i["action"] == "extract" and i["sha256"] in known)
    archived_bytes = sum(
        Path(i["archive_path"]).stat().st_size
        for i in items
        if i.get("archive_path") and Path(i["archive_path"]).exists()
    )
    context.log.info(
        f"extractor {version}: {actions.get('extract', 0)} to extract ({reextract} re-extractions), {actions.get('skip', 0)} up to date"
    )
    return dg.MaterializeResult(
        value=ExtractionPlan(items=items, extractor_version=version),
        metadata={
            "dagster/row_count": len(items),
            "originals": sum(1 for i in items if i.get("archive_path")),
            "to_extract": actions.get("extract", 0),
            "re_extract": reextract,
            "from_archive_only": sum(1 for i in items if i["origin"] == "archive"),
            "up_to_date": actions.get("skip", 0),
            "fetch_rejections": actions.get("reject", 0),
            "bytes": archived_bytes,
            "extractor_version": version,
            "force": force,
            "archive": dg.MetadataValue.path(str(archive.path())),
        },
    )
