"""The ingestion graph, one asset per real step:

fetched_originals (discover + archive) -> extraction_plan -> extracted_files (parse + extract)
-> published_warehouse (load + atomic publish; its value is the run's IngestSummary)
"""

from pipelines.assets.extract import extracted_files
from pipelines.assets.fetch import FetchConfig, fetched_originals
from pipelines.assets.plan import PlanConfig, extraction_plan
from pipelines.assets.publish import published_warehouse

ASSETS = [fetched_originals, extraction_plan, extracted_files, published_warehouse]

__all__ = [
    "ASSETS",
    "FetchConfig",
    "PlanConfig",
    "extracted_files",
    "extraction_plan",
    "fetched_originals",
    "published_warehouse",
]
