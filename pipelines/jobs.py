"""The ingestion job: the whole asset graph (and its checks) in one run."""

from typing import Any

import dagster as dg

from pipelines.assets.common import GROUP, WAREHOUSE_TAG

INGEST_JOB = "ingest"

ingest_job = dg.define_asset_job(
    INGEST_JOB,
    selection=dg.AssetSelection.groups(GROUP),
    description="Discover, download, archive, parse, extract, load and publish; only what is new or changed.",
    tags={
        # dagster.yaml limits runs with this tag to one at a time: one writer of the warehouse.
        WAREHOUSE_TAG: "write",
        # Daemon-launched runs that fail (portal down, network) are retried, from the failed step.
        "dagster/max_retries": "2",
        "dagster/retry_strategy": "FROM_FAILURE",
    },
    # Steps run one after another anyway; in-process keeps the run cheap on small machines.
    executor_def=dg.in_process_executor,
)


def ingest_run_config(
    sources: list[str] | None = None, since: str | None = None, until: str | None = None, force: bool = False
) -> dict[str, Any]:
    """Run config for one ingest: what to fetch (`fetched_originals`), whether to trust earlier
    extractions (`extraction_plan`)."""
    fetch: dict[str, Any] = {"sources": list(sources or [])}
    if since:
        fetch["since"] = since
    if until:
        fetch["until"] = until
    return {
        "ops": {
            "fetched_originals": {"config": fetch},
            "extraction_plan": {"config": {"force": force}},
        }
    }
