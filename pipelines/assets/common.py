"""Small helpers shared by the assets: the group, the extractor version, markdown tables."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

GROUP = "ingest"
# Every run of the ingestion job carries this tag; dagster.yaml allows one such run at a time.
WAREHOUSE_TAG = "protokoll/warehouse"


def extractor_version() -> str:
    # Read at call time, not import time: a test (or a hot-reloaded code location) that bumps
    # the version must see the new value.
    import extractors

    return str(extractors.EXTRACTOR_VERSION)


def as_dict(obj: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return dict(obj)
    return dict(vars(obj))


def md_table(rows: Iterable[Mapping[str, Any]], columns: list[str], limit: int = 50) -> str:
    rows = list(rows)
    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    body = "".join(
        "| " + " | ".join(str(r.get(c, "")).replace("|", "/") for c in columns) + " |\n" for r in rows[:limit]
    )
    more = f"\n... {len(rows) - limit} more rows\n" if len(rows) > limit else ""
    return head + body + more if rows else "(none)"


def counts_md(counts: Mapping[Any, int], key: str = "value") -> str:
    return md_table(
        [{key: k, "count": v} for k, v in sorted(counts.items(), key=lambda kv: -kv[1])], [key, "count"]
    )
