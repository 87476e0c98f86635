"""The protokoll Dagster code location (`[tool.dagster] module_name`). Assembles only."""

import dagster as dg

from pipelines.assets import ASSETS
from pipelines.checks import CHECKS
from pipelines.jobs import ingest_job
from pipelines.resources import make_resources
from pipelines.schedules import nightly_ingest
from pipelines.sensors import inbox_sensor

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[ingest_job],
    schedules=[nightly_ingest],
    sensors=[inbox_sensor],
    resources=make_resources(),
)
