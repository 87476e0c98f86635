"""Asset checks that catch a silent breakage: the run succeeds, but the data is wrong.

The warehouse checks are SQL (warehouse/sql/checks.sql) that returns the offending rows; a check
passes when there are none, and its metadata shows how many and the first of them. Checks never
block the run: a nightly ingestion should still publish, and the failed check is what the
operator sees in the UI and the CLI summary.
"""

import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import dagster as dg

from pipelines.assets import fetched_originals, published_warehouse
from pipelines.assets.common import md_table
from pipelines.resources import WarehouseResource
from pipelines.values import FetchedOriginals

OKANT_MAX_SHARE = 0.5  # PROTOKOLL_OKANT_MAX_SHARE overrides
OKANT_MIN_ASSIGNMENTS = 5  # a document with fewer is too small to judge on its own
YEAR_TOLERANCE = 1

ERROR = dg.AssetCheckSeverity.ERROR
WARN = dg.AssetCheckSeverity.WARN

# name -> (severity, description); the SQL of each is the statement of the same name.
WAREHOUSE_CHECKS: dict[str, tuple[dg.AssetCheckSeverity, str]] = {
    "reports_have_assignments": (ERROR, "Every återrapportering yields at least one assignment."),
    "okant_share": (
        WARN,
        "Share of assignments with status okant stays under the threshold (overall and per report).",
    ),
    "unique_keys": (
        ERROR,
        "No duplicate sha256, document_id, assignment, (document, date) or (document, number).",
    ),
    "meeting_dates_near_year": (WARN, "Meeting dates fall within the document's year +-1."),
}


def check_params() -> dict[str, dict[str, Any]]:
    max_share = float(os.environ.get("PROTOKOLL_OKANT_MAX_SHARE") or OKANT_MAX_SHARE)
    return {
        "okant_share": {"max_share": max_share, "min_assignments": OKANT_MIN_ASSIGNMENTS},
        "meeting_dates_near_year": {"tolerance": YEAR_TOLERANCE},
    }


def check_result(rows: Any, params: Mapping[str, Any]) -> dg.AssetCheckResult:
    """An AssetCheckResult from a warehouse.checks.CheckRows: the offending rows as metadata."""
    severity, _ = WAREHOUSE_CHECKS[rows.name]
    examples = [dict(zip(rows.columns, map(str, r), strict=True)) for r in rows.rows[:20]]
    return dg.AssetCheckResult(
        check_name=rows.name,
        asset_key=published_warehouse.key,
        passed=rows.passed,
        severity=severity,
        metadata={
            "offending_rows": len(rows.rows),
            "examples": dg.MetadataValue.md(md_table(examples, rows.columns, limit=20)),
            **{k: v for k, v in params.items()},
        },
    )


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(name, asset=published_warehouse, description=description)
        for name, (_, description) in WAREHOUSE_CHECKS.items()
    ],
)
def warehouse_checks(warehouse: WarehouseResource) -> Iterator[dg.AssetCheckResult]:
    from warehouse.checks import run_checks

    published = warehouse.published()
    if not published.exists():
        for name in WAREHOUSE_CHECKS:
            yield dg.AssetCheckResult(check_name=name, passed=True, metadata={"note": "no warehouse yet"})
        return
    params = check_params()
    for rows in run_checks(published, params):
        if rows.name in WAREHOUSE_CHECKS:
            yield check_result(rows, params.get(rows.name, {}))


def sources_yield_files(
    current: dict[str, int], previous: dict[str, int] | None, coverage: Sequence[Mapping[str, Any]] = ()
) -> dg.AssetCheckResult:
    """A source that yielded files last time and none now, or a coverage row the sources layer
    flagged (a committee or year that went to zero): a portal change or a broken crawler."""
    silent = sorted(name for name, n in current.items() if n == 0 and (previous or {}).get(name, 0) > 0)
    flagged = [r for r in coverage if r.get("flagged")]
    return dg.AssetCheckResult(
        passed=not silent and not flagged,
        severity=ERROR,
        metadata={
            "silent_sources": dg.MetadataValue.json(silent),
            "flagged_coverage": dg.MetadataValue.json(
                [{k: r.get(k) for k in ("source", "committee", "year", "flag_reason")} for r in flagged][:50]
            ),
            "per_source": dg.MetadataValue.json(current),
            "previous": dg.MetadataValue.json(previous or {}),
        },
    )


@dg.asset_check(asset=fetched_originals, description="No source that yielded files before goes silent.")
def source_yields_files(
    context: dg.AssetCheckExecutionContext, fetched_originals: FetchedOriginals
) -> dg.AssetCheckResult:
    # Runs differ in their sources (nightly: the portal; the inbox sensor: dropped files), so each
    # source is compared with the latest earlier run that included it, not just the last run.
    previous: dict[str, int] = {}
    records = context.instance.fetch_materializations(fetched_originals_key(), limit=50).records
    for record in records:
        if record.run_id == context.run.run_id:
            continue  # this run's own materialization
        materialization = record.asset_materialization
        entry = materialization.metadata.get("per_source") if materialization else None
        if entry is not None and isinstance(entry.value, dict):
            for name, count in entry.value.items():
                previous.setdefault(str(name), int(count))
    return sources_yield_files(fetched_originals.per_source, previous or None, fetched_originals.coverage)


def fetched_originals_key() -> dg.AssetKey:
    return dg.AssetKey("fetched_originals")


CHECKS = [warehouse_checks, source_yields_files]
