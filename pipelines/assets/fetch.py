"""Step 1, `fetched_originals`: discover what the sources offer and keep every original.

Folders, PDF URLs and meeting portals are listed; each new original is downloaded once into the
content-addressed archive (known ones are recognised by their manifest entry or sha256), and every
fetch lands in the manifest and the coverage rows.
"""

import json
from collections import Counter
from datetime import date
from typing import Any

import dagster as dg

from pipelines.assets.common import GROUP, as_dict, counts_md, md_table
from pipelines.resources import ArchiveResource, HttpResource, SourcesResource
from pipelines.values import FetchedOriginals


class FetchConfig(dg.Config):
    """Run choices of this step (`protokoll ingest --from/--since/--until`; the Launchpad in the UI)."""

    sources: list[str] = []  # noqa: RUF012  (pydantic copies defaults) `--from` values; empty = sources.yaml
    since: str | None = None  # YYYY-MM-DD: only meetings on or after (backfill window)
    until: str | None = None  # YYYY-MM-DD: only meetings on or before


def source_counts(
    names: list[str], files: list[dict[str, Any]], coverage: list[dict[str, Any]]
) -> dict[str, int]:
    """Documents each source yielded this run. A portal lists no file for a meeting it does not
    revisit (past its lookback window) but counts its documents in coverage, so take the larger."""
    listed: Counter[str] = Counter(f["source"] for f in files)
    covered: Counter[str] = Counter()
    for row in coverage:
        covered[str(row.get("source"))] += int(row.get("documents_found") or 0)
    return {name: max(listed[name], covered[name]) for name in dict.fromkeys([*names, *listed])}


def fetch_totals(files: list[dict[str, Any]], coverage: list[dict[str, Any]]) -> dict[str, int]:
    """found / unchanged over all sources, counting documents a portal did not revisit."""
    status = Counter(f["status"] for f in files)
    found = sum(int(r.get("documents_found") or 0) for r in coverage)
    unchanged = sum(int(r.get("unchanged") or 0) for r in coverage)
    return {"found": max(len(files), found), "unchanged": max(status["unchanged"], unchanged)}


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dg.asset(
    group_name=GROUP,
    kinds={"python"},
    description="Discover and archive: the files the sources offer (folders, PDF URLs, meeting "
    "portals), each new original downloaded once into the content-addressed archive; known ones "
    "are recognised by their manifest entry or sha256 and not fetched again.",
    # Portals and networks fail transiently; the archive makes a retried step cheap.
    retry_policy=dg.RetryPolicy(max_retries=2, delay=20, backoff=dg.Backoff.EXPONENTIAL),
)
def fetched_originals(
    context: dg.AssetExecutionContext,
    config: FetchConfig,
    sources: SourcesResource,
    archive: ArchiveResource,
    http: HttpResource,
) -> dg.MaterializeResult:
    from pipelines.sources.config import SourcesConfigError
    from pipelines.sources.fetch import fetch_all

    try:
        specs, file_http = sources.load(config.sources or None)
    except SourcesConfigError as exc:
        # A configuration mistake does not heal by waiting: fail at once, no retries.
        raise dg.Failure(description=str(exc), allow_retries=False) from exc
    report = fetch_all(
        specs,
        archive.archive(),
        http.settings(file_http),
        since=_date(config.since),
        until=_date(config.until),
    )
    files = [as_dict(f) for f in report.files]
    for f in files:
        f["archive_path"] = str(f["archive_path"]) if f.get("archive_path") else None

    by_status = Counter(f["status"] for f in files)
    totals = fetch_totals(files, report.coverage)
    per_source = source_counts([s.name for s in specs], files, report.coverage)
    reasons = Counter((f.get("error") or "unknown").split(":")[0] for f in files if f["status"] == "rejected")
    flagged = [row for row in report.coverage if row.get("flagged")]
    for row in flagged:
        context.log.warning(
            f"coverage flag: {row.get('source')} {row.get('committee')} {row.get('year')}: {row.get('flag_reason')}"
        )

    value = FetchedOriginals(
        files=files,
        coverage=list(report.coverage),
        fetches=list(report.fetches),
        sources=[s.name for s in specs],
        per_source=per_source,
        found=totals["found"],
        unchanged=totals["unchanged"],
    )
    return dg.MaterializeResult(
        value=value,
        metadata={
            "dagster/row_count": len(files),
            "files_found": totals["found"],
            "new": by_status.get("new", 0),
            "unchanged": totals["unchanged"],
            "rejected": by_status.get("rejected", 0),
            "sources": len(specs),
            # Read back by the `source_yields_files` check to spot a source that goes silent.
            "per_source": dg.MetadataValue.json(per_source),
            "rejected_reasons": dg.MetadataValue.md(counts_md(reasons, "reason")),
            "coverage_flags": len(flagged),
            "coverage": dg.MetadataValue.md(
                md_table(
                    report.coverage,
                    [
                        "source",
                        "committee",
                        "year",
                        "documents_found",
                        "downloaded",
                        "unchanged",
                        "failed",
                        "flag_reason",
                    ],
                )
            ),
            "window": json.dumps({"since": config.since, "until": config.until}),
        },
    )
