"""Nightly ingestion at 02:00 Swedish time (daylight saving handled by the timezone)."""

import dagster as dg

from pipelines import settings
from pipelines.jobs import ingest_job
from pipelines.runguard import fail_orphaned_runs

NIGHTLY_CRON = "0 2 * * *"
TIMEZONE = "Europe/Stockholm"


@dg.schedule(
    job=ingest_job,
    cron_schedule=NIGHTLY_CRON,
    execution_timezone=TIMEZONE,
    # Running as soon as the daemon runs: a nightly ingestion nobody switched on is no ingestion.
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Ingest the configured sources every night at 02:00 Europe/Stockholm.",
)
def nightly_ingest(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    fail_orphaned_runs(context.instance)  # a killed run must not hold the queue tonight
    when = context.scheduled_execution_time
    day = when.strftime("%Y-%m-%d") if when else "manual"
    return dg.RunRequest(
        # One run per night, even if the daemon evaluates the tick twice after a restart.
        run_key=f"nightly-{day}",
        tags={"protokoll/trigger": "schedule", "protokoll/night": day, **settings.run_tags()},
    )
