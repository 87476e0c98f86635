"""Asset checks that catch a silent breakage: the run succeeds, but the data is wrong.

The logic lives in plain functions over DataFrames / dicts (tested on data built to break them);
the `@asset_check`s only fetch the data. Checks never block the run: a nightly ingestion should
still publish, and the failed check is what the operator sees in the UI and the CLI summary.
"""

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
import pandas as pd

from pipelines.assets import discovered_files, published_warehouse
from pipelines.assets.common import md_table
from pipelines.resources import WarehouseResource

OKANT_MAX_SHARE = 0.5  # PROTOKOLL_OKANT_MAX_SHARE overrides
OKANT_MIN_ASSIGNMENTS = 5  # a document with fewer is too small to judge on its own
YEAR_TOLERANCE = 1

ERROR = dg.AssetCheckSeverity.ERROR
WARN = dg.AssetCheckSeverity.WARN


def _sample(df: pd.DataFrame, limit: int = 20) -> dg.MetadataValue:
    return dg.MetadataValue.md(
        md_table(df.head(limit).astype(str).to_dict("records"), [str(c) for c in df.columns])
    )


def reports_without_assignments(documents: pd.DataFrame, assignments: pd.DataFrame) -> dg.AssetCheckResult:
    reports = documents[documents["doc_type"] == "aterrapportering"]
    empty = reports[~reports["document_id"].isin(set(assignments["document_id"]))]
    return dg.AssetCheckResult(
        passed=empty.empty,
        severity=ERROR,
        metadata={
            "reports": len(reports),
            "reports_without_assignments": len(empty),
            "examples": _sample(empty[[c for c in ("document_id", "organ", "year", "title") if c in empty]]),
        },
    )


def okant_share(
    assignments: pd.DataFrame,
    max_share: float = OKANT_MAX_SHARE,
    min_assignments: int = OKANT_MIN_ASSIGNMENTS,
    documents: pd.DataFrame | None = None,
) -> dg.AssetCheckResult:
    if documents is not None:
        # Status is a report's judgment: plan items of an aktivitetsplan are okant by nature.
        reports = documents.loc[documents["doc_type"] == "aterrapportering", "document_id"]
        assignments = assignments[assignments["document_id"].isin(set(reports))]
    if "reference_only" in assignments:
        # "Uppdrag 13 riktas till andra beredningar" is a pointer, not an assignment left unjudged.
        assignments = assignments[~assignments["reference_only"].fillna(False).astype(bool)]
    total = len(assignments)
    share = float((assignments["status"] == "okant").mean()) if total else 0.0
    per_doc = (
        assignments.assign(okant=assignments["status"] == "okant")
        .groupby("document_id")["okant"]
        .agg(["size", "mean"])
        .reset_index()
        .rename(columns={"size": "assignments", "mean": "okant_share"})
    )
    bad = per_doc[(per_doc["assignments"] >= min_assignments) & (per_doc["okant_share"] > max_share)]
    return dg.AssetCheckResult(
        passed=share <= max_share and bad.empty,
        severity=WARN,
        metadata={
            "assignments": total,
            "okant_share": round(share, 3),
            "max_share": max_share,
            "documents_over_threshold": len(bad),
            "examples": _sample(bad),
        },
    )


def duplicate_keys(tables: dict[str, pd.DataFrame]) -> dg.AssetCheckResult:
    keys: dict[str, list[str]] = {
        "source_files": ["sha256"],
        "documents": ["document_id"],
        "assignments": ["assignment_id"]
        if "assignment_id" in tables.get("assignments", pd.DataFrame())
        else ["document_id", "ordinal"],
        "meeting_dates": ["document_id", "date"],
    }
    found: dict[str, int] = {}
    examples: list[dict[str, Any]] = []
    for table, cols in keys.items():
        df = tables.get(table)
        if df is None or df.empty or not set(cols) <= set(df.columns):
            continue
        dup = df[df.duplicated(cols, keep=False)]
        found[f"{table}({', '.join(cols)})"] = int(dup.duplicated(cols).sum())
        examples += [
            {"table": table, "key": str(tuple(r))}
            for r in dup[cols].drop_duplicates().head(5).itertuples(index=False)
        ]
    # Two assignments with the same printed number in one document: a split or parse went wrong.
    a = tables.get("assignments")
    if a is not None and not a.empty and {"document_id", "number"} <= set(a.columns):
        numbered = a[a["number"].notna()]
        dup = numbered[numbered.duplicated(["document_id", "number"], keep=False)]
        found["assignments(document_id, number)"] = int(dup.duplicated(["document_id", "number"]).sum())
        examples += [
            {"table": "assignments", "key": str(tuple(r))}
            for r in dup[["document_id", "number"]].drop_duplicates().head(5).itertuples(index=False)
        ]
    return dg.AssetCheckResult(
        passed=not any(found.values()),
        severity=ERROR,
        metadata={
            "duplicates": dg.MetadataValue.json(found),
            "examples": dg.MetadataValue.json(examples[:20]),
        },
    )


def meeting_dates_in_year(
    documents: pd.DataFrame, meeting_dates: pd.DataFrame, tolerance: int = YEAR_TOLERANCE
) -> dg.AssetCheckResult:
    joined = meeting_dates.merge(documents[["document_id", "year"]], on="document_id", how="inner")
    joined = joined[joined["year"].notna()]
    years = pd.to_datetime(joined["date"]).dt.year
    outside = joined[(years - joined["year"].astype(int)).abs() > tolerance]
    return dg.AssetCheckResult(
        passed=outside.empty,
        severity=WARN,
        metadata={
            "meeting_dates": len(joined),
            "outside_year": len(outside),
            "tolerance_years": tolerance,
            "examples": _sample(
                outside[[c for c in ("document_id", "organ", "year", "date", "page") if c in outside]]
            ),
        },
    )


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


# ---- the checks Dagster runs -------------------------------------------------------------------


def _frames(published: Path) -> dict[str, pd.DataFrame]:
    from warehouse.query import connect_readonly

    con = connect_readonly(published)
    try:
        return {
            t: con.execute(f"SELECT * FROM {t}").df()
            for t in ("source_files", "documents", "assignments", "meeting_dates")
        }
    finally:
        con.close()


def _max_share() -> float:
    return float(os.environ.get("PROTOKOLL_OKANT_MAX_SHARE") or OKANT_MAX_SHARE)


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            "reports_have_assignments",
            asset=published_warehouse,
            description="Every återrapportering yields at least one assignment.",
        ),
        dg.AssetCheckSpec(
            "okant_share",
            asset=published_warehouse,
            description="Share of assignments with status okant stays under the threshold (overall and per report).",
        ),
        dg.AssetCheckSpec(
            "unique_keys",
            asset=published_warehouse,
            description="No duplicate sha256, document_id, assignment or (document, date) keys.",
        ),
        dg.AssetCheckSpec(
            "meeting_dates_near_year",
            asset=published_warehouse,
            description="Meeting dates fall within the document's year +-1.",
        ),
    ],
)
def warehouse_checks(warehouse: WarehouseResource) -> Any:
    # One read of the published file for the four checks; the tables are small enough for pandas.
    published = warehouse.published()
    if not published.exists():
        for name in ("reports_have_assignments", "okant_share", "unique_keys", "meeting_dates_near_year"):
            yield dg.AssetCheckResult(check_name=name, passed=True, metadata={"note": "no warehouse yet"})
        return
    t = _frames(published)
    for name, result in (
        ("reports_have_assignments", reports_without_assignments(t["documents"], t["assignments"])),
        ("okant_share", okant_share(t["assignments"], _max_share(), documents=t["documents"])),
        ("unique_keys", duplicate_keys(t)),
        ("meeting_dates_near_year", meeting_dates_in_year(t["documents"], t["meeting_dates"])),
    ):
        yield dg.AssetCheckResult(
            check_name=name,
            asset_key=published_warehouse.key,
            passed=result.passed,
            severity=result.severity,
            metadata=result.metadata,
        )


@dg.asset_check(asset=discovered_files, description="No source that yielded files before goes silent.")
def source_yields_files(
    context: dg.AssetCheckExecutionContext, discovered_files: dict[str, Any]
) -> dg.AssetCheckResult:
    # Runs differ in their sources (nightly: the portal; the inbox sensor: dropped files), so each
    # source is compared with the latest earlier run that included it, not just the last run.
    previous: dict[str, int] = {}
    records = context.instance.fetch_materializations(dg.AssetKey("discovered_files"), limit=50).records
    for record in records:
        if record.run_id == context.run.run_id:
            continue  # this run's own materialization
        materialization = record.asset_materialization
        entry = materialization.metadata.get("per_source") if materialization else None
        if entry is not None and isinstance(entry.value, dict):
            for name, count in entry.value.items():
                previous.setdefault(str(name), int(count))
    return sources_yield_files(
        discovered_files["per_source"], previous or None, discovered_files.get("coverage") or []
    )


CHECKS = [warehouse_checks, source_yields_files]
