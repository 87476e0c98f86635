"""Run the code location's ingestion job in-process (for `protokoll ingest` and the demo).

    summary = run_ingest(sources=None, config=None, warehouse=None, archive=None)
    print(summary.render())

The job is the one of `pipelines.definitions.defs` (the same Definitions the UI and the daemon
load); command-line paths reach its resources as the settings' environment variables, which the
resources resolve when the run executes. The summary is the value of the last step
(`published_warehouse`), completed with what only the run knows: success, checks, error, time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from pipelines import settings
from pipelines.instance import ensure_dagster_home
from pipelines.summary import IngestSummary


@contextmanager
def _environment(values: Mapping[str, str | None]) -> Iterator[None]:
    """Set the given variables for the run, restoring the caller's environment afterwards."""
    saved = {k: os.environ.get(k) for k in values}
    try:
        for key, value in values.items():
            if value is not None:
                os.environ[key] = value
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


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

    from pipelines.jobs import INGEST_JOB, ingest_run_config
    from pipelines.runguard import fail_orphaned_runs, ingest_lock, owner_tags

    started = time.monotonic()
    home = ensure_dagster_home()
    published = settings.warehouse_path(warehouse)
    paths = {
        "PROTOKOLL_WAREHOUSE": str(published),
        "PROTOKOLL_ARCHIVE": str(settings.archive_dir(archive)),
        "PROTOKOLL_SOURCES": str(settings.sources_file(config)),
    }
    run_config = ingest_run_config(
        sources=sources,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        force=force,
    )
    # The summary tells the story; the console shows only errors (the UI keeps the full event log).
    run_config["loggers"] = {"console": {"config": {"log_level": log_level}}}
    with _environment(paths), ingest_lock(home), dg.DagsterInstance.get() as instance:
        from pipelines.definitions import defs

        fail_orphaned_runs(instance)
        result = defs.resolve_job_def(INGEST_JOB).execute_in_process(
            run_config=run_config,
            instance=instance,
            raise_on_error=False,
            tags={"protokoll/trigger": "cli", **owner_tags(), **settings.run_tags()},
        )
    summary = _last_step_value(result) or IngestSummary(
        success=False, run_id=result.run_id, seconds=0.0, warehouse=str(published)
    )
    summary.success = bool(result.success)
    summary.checks = [
        (e.check_name, bool(e.passed), str(e.severity.value)) for e in result.get_asset_check_evaluations()
    ]
    if not result.success:
        summary.error = _failures(result)
    summary.seconds = time.monotonic() - started
    return summary


def _last_step_value(result: Any) -> IngestSummary | None:
    try:
        value = result.output_for_node("published_warehouse")
    except Exception:  # the step did not run (an earlier one failed)
        return None
    return value if isinstance(value, IngestSummary) else None


def _failures(result: Any) -> str:
    failures = [ev for ev in result.all_events if ev.event_type_value == "STEP_FAILURE"]
    return "; ".join(f"{ev.step_key}: {_root_cause(ev.event_specific_data.error)}" for ev in failures) or (
        "run failed"
    )


def _root_cause(error: Any) -> str:
    # Dagster wraps the user's exception ("Error occurred while executing op ..."); the
    # innermost cause is the message that tells the operator what to fix.
    while error is not None and getattr(error, "cause", None) is not None:
        error = error.cause
    return error.message.strip().splitlines()[-1] if error is not None and error.message else "unknown error"
