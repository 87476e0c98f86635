"""Load a generated corpus's ground truth straight into a warehouse (no PDF parsing).

Used by the notebook and demo tests to get a realistic warehouse in a second: every truth JSON
is loaded as if the extractor had produced exactly the truth.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

TRUTH_VERSION = "truth"


def truth_file_loads(corpus: Path) -> list[Any]:
    from warehouse.load import FileLoad

    loads = []
    for p in sorted((Path(corpus) / "truth").glob("*.json")):
        data = json.loads(p.read_text(encoding="utf-8"))
        # Optional gold entries are bare references ("Uppdrag 6 riktas till en annan beredning."):
        # loaded the way the extractor reports them, as reference_only rows without a status share.
        for doc in data["documents"]:
            for a in doc["assignments"]:
                if a.get("optional"):
                    a["reference_only"] = True
        loads.append(
            FileLoad(
                sha256=data["sha256"],
                url=None,
                file_name=data["source"],
                fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
                status="ok",
                error=None,
                pages=data["pages"],
                extraction=data,
                page_texts=(),
                extractor_version=TRUTH_VERSION,
            )
        )
    return loads


def load_truth_warehouse(corpus: Path, warehouse: Path) -> Any:
    """Publish the truth of `corpus` into the warehouse file `warehouse`; returns the LoadSummary."""
    from warehouse.load import load_and_publish

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    return load_and_publish(
        warehouse, truth_file_loads(corpus), run_id="truth-load", extractor_version=TRUTH_VERSION
    )
