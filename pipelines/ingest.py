"""Run the Dagster ingestion job in-process and summarise it (used by `protokoll ingest` and `demo`).

    summary = run_ingest(sources=None, config=None, warehouse=None, archive=None)
    print(summary.render())

`python -m pipelines.ingest --home` prepares DAGSTER_HOME (project dagster.yaml copied in) and
prints its path, for `export DAGSTER_HOME=...; dagster dev`.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pipelines import settings

PROJECT_DAGSTER_YAML = Path(__file__).resolve().parent.parent / "dagster.yaml"


def ensure_dagster_home(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """Create DAGSTER_HOME (absolute, as Dagster requires) with the project's dagster.yaml in it."""
    home = settings.dagster_home(cli_value)
    home.mkdir(parents=True, exist_ok=True)
    target = home / "dagster.yaml"
    # An operator's own dagster.yaml (e.g. Postgres in production) is never overwritten.
    if not target.exists() and PROJECT_DAGSTER_YAML.exists():
        shutil.copyfile(PROJECT_DAGSTER_YAML, target)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


@dataclass
class IngestSummary:
    success: bool
    run_id: str
    seconds: float
    warehouse: str
    files_found: int = 0
    new: int = 0
    unchanged: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file or URL, reason)
    extracted: int = 0  # parsed by the extractor in this run
    from_cache: int = 0
    loaded: int = 0  # files written to the warehouse in this run
    documents: int = 0  # found in this run's files
    assignments: int = 0
    meeting_dates: int = 0
    totals: dict[str, int] = field(default_factory=dict)  # rows in the published warehouse
    coverage: list[dict[str, Any]] = field(default_factory=list)
    checks: list[tuple[str, bool, str]] = field(default_factory=list)  # (name, passed, severity)
    error: str | None = None

    def render(self) -> str:
        lines = [
            f"ingest {'succeeded' if self.success else 'FAILED'} in {self.seconds:.1f}s (run {self.run_id})",
            f"files: {self.files_found} found, {self.new} new, {self.unchanged} unchanged, {len(self.rejected)} rejected",
            f"extraction: {self.extracted} extracted, {self.from_cache} from cache; {self.loaded} files loaded",
            f"this run: {self.documents} documents, {self.assignments} assignments, {self.meeting_dates} meeting dates",
        ]
        if self.totals:
            lines.append(
                "warehouse: "
                + ", ".join(f"{n} {t}" for t, n in self.totals.items())
                + f"  ({self.warehouse})"
            )
        if self.rejected:
            lines.append("rejected:")
            lines += [f"  {name}: {reason}" for name, reason in self.rejected]
        if self.coverage:
            lines.append("coverage (source / committee / year: found, downloaded, unchanged, failed):")
            for r in self.coverage:
                flag = f"  FLAG: {r.get('flag_reason')}" if r.get("flagged") else ""
                lines.append(
                    f"  {r.get('source')} / {r.get('committee') or '-'} / {r.get('year') or '-'}: "
                    f"{r.get('documents_found', 0)}, {r.get('downloaded', 0)}, {r.get('unchanged', 0)}, {r.get('failed', 0)}{flag}"
                )
        failed = [c for c in self.checks if not c[1]]
        if self.checks:
            lines.append(f"checks: {len(self.checks) - len(failed)}/{len(self.checks)} passed")
            lines += [f"  FAILED ({sev}): {name}" for name, _, sev in failed]
        if self.error:
            lines.append(f"error: {self.error}")
        return "\n".join(lines)


def _output(result: Any, node: str) -> Any:
    try:
        return result.output_for_node(node)
    except Exception:  # the step did not run (an earlier one failed)
        return None


def run_ingest(
    sources: list[str] | None,
    config: Path | None,
    warehouse: Path | None,
    archive: Path | None,
    since: date | None = None,
    until: date | None = None,
    force: bool = False,
    log_level: str = "ERROR",
) -> IngestSummary:
    """Run the `ingest` job once, in-process, on the instance under DAGSTER_HOME."""
    import dagster as dg

    from pipelines.assets import ASSETS
    from pipelines.checks import CHECKS
    from pipelines.jobs import INGEST_JOB, ingest_job, ingest_run_config
    from pipelines.resources import make_resources
    from pipelines.runguard import fail_orphaned_runs, ingest_lock, owner_tags

    started = time.monotonic()
    home = ensure_dagster_home()
    published = settings.warehouse_path(warehouse)
    defs = dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[ingest_job],
        resources=make_resources(warehouse=published, archive=settings.archive_dir(archive), config=config),
    )
    job = defs.resolve_job_def(INGEST_JOB)
    run_config = ingest_run_config(
        sources=sources,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        force=force,
    )
    # The summary tells the story; the console shows only errors (the UI keeps the full event log).
    run_config["loggers"] = {"console": {"config": {"log_level": log_level}}}
    with ingest_lock(home), dg.DagsterInstance.get() as instance:
        fail_orphaned_runs(instance)
        result = job.execute_in_process(
            run_config=run_config,
            instance=instance,
            raise_on_error=False,
            tags={"protokoll/trigger": "cli", **owner_tags()},
        )
    summary = IngestSummary(
        success=result.success, run_id=result.run_id, seconds=0.0, warehouse=str(published)
    )
    _fill(summary, result)
    summary.seconds = time.monotonic() - started
    return summary


def _fill(summary: IngestSummary, result: Any) -> None:
    discovered = _output(result, "discovered_files") or {}
    files = discovered.get("files", [])
    status = Counter(f["status"] for f in files)
    totals = discovered.get("totals") or {"found": len(files), "unchanged": status["unchanged"]}
    summary.files_found, summary.new, summary.unchanged = totals["found"], status["new"], totals["unchanged"]
    summary.coverage = discovered.get("coverage", [])
    rejected = {
        (f.get("url") or f.get("file_name"), f.get("error") or "unknown")
        for f in files
        if f["status"] == "rejected"
    }
    planned = _output(result, "archived_originals") or {}
    for item in planned.get("items", []):
        if (
            item["action"] == "skip"
            and item.get("loaded_status") == "rejected"
            and item.get("origin") != "fetch"
        ):
            rejected.add((item.get("url") or item.get("file_name"), item.get("loaded_error") or "unknown"))
    parsed = _output(result, "parsed_pages") or {}
    for item in parsed.get("files", []):
        if item["status"] == "rejected" and item.get("origin") != "fetch":
            rejected.add((item.get("url") or item.get("file_name"), item.get("error") or "unknown"))
    summary.rejected = sorted((str(a), str(b)) for a, b in rejected)
    for ev in result.get_asset_materialization_events():
        if ev.step_key == "parsed_pages":
            meta = ev.event_specific_data.materialization.metadata
            summary.extracted = int(meta["parsed_now"].value) if "parsed_now" in meta else 0
            summary.from_cache = int(meta["from_cache"].value) if "from_cache" in meta else 0
    facts = _output(result, "extracted_facts") or {}
    summary.documents = int(facts.get("documents", 0))
    summary.assignments = int(facts.get("assignments", 0))
    summary.meeting_dates = int(facts.get("meeting_dates", 0))
    summary.loaded = int((_output(result, "warehouse_tables") or {}).get("files", 0))
    summary.totals = dict((_output(result, "published_warehouse") or {}).get("counts", {}))
    for evaluation in result.get_asset_check_evaluations():
        summary.checks.append(
            (evaluation.check_name, bool(evaluation.passed), str(evaluation.severity.value))
        )
    if not result.success:
        failures = [ev for ev in result.all_events if ev.event_type_value == "STEP_FAILURE"]
        summary.error = (
            "; ".join(f"{ev.step_key}: {_root_cause(ev.event_specific_data.error)}" for ev in failures)
            or "run failed"
        )


def _root_cause(error: Any) -> str:
    # Dagster wraps the user's exception ("Error occurred while executing op ..."); the
    # innermost cause is the message that tells the operator what to fix.
    while error is not None and getattr(error, "cause", None) is not None:
        error = error.cause
    return error.message.strip().splitlines()[-1] if error is not None and error.message else "unknown error"


if __name__ == "__main__":
    if sys.argv[1:] == ["--home"]:
        print(ensure_dagster_home())
    else:
        print("usage: python -m pipelines.ingest --home", file=sys.stderr)
        sys.exit(2)
