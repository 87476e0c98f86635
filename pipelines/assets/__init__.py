"""The ingestion graph, one asset per visible step:

discovered_files -> archived_originals -> parsed_pages -> classified_documents -> extracted_facts
-> warehouse_tables -> published_warehouse
"""

from pipelines.assets.archive import archived_originals
from pipelines.assets.discover import IngestConfig, discovered_files
from pipelines.assets.extract import classified_documents, extracted_facts
from pipelines.assets.load import published_warehouse, warehouse_tables
from pipelines.assets.parse import parsed_pages

ASSETS = [
    discovered_files,
    archived_originals,
    parsed_pages,
    classified_documents,
    extracted_facts,
    warehouse_tables,
    published_warehouse,
]

__all__ = [
    "ASSETS",
    "IngestConfig",
    "archived_originals",
    "classified_documents",
    "discovered_files",
    "extracted_facts",
    "parsed_pages",
    "published_warehouse",
    "warehouse_tables",
]
