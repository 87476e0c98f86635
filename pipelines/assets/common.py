"""Small helpers shared by the assets: the extractor version, the extraction cache, markdown tables."""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
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


def cache_path(cache_dir: Path, sha256: str, version: str) -> Path:
    return cache_dir / version / sha256[:2] / f"{sha256}.json.gz"


def read_cache(path: Path) -> dict[str, Any] | None:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data: dict[str, Any] = json.load(fh)
            return data
    except (FileNotFoundError, OSError, ValueError):
        # A truncated or unreadable entry is just a cache miss: the file is extracted again.
        return None


def write_cache(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json.gz", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, default=str)
        # Readers see the old entry or the whole new one, never half of it.
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


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
