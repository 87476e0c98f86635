"""Flattening of extraction results into column-oriented Arrow tables, one per warehouse table.

Pure Python + pyarrow: no database here, so the shapes can be tested on their own and a
load is one bulk INSERT per table.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import pyarrow as pa

TS = pa.timestamp("us", tz="UTC")

SCHEMAS: dict[str, pa.Schema] = {
    "source_files": pa.schema(
        [
            ("sha256", pa.string()),
            ("url", pa.string()),
            ("file_name", pa.string()),
            ("pages", pa.int32()),
            ("fetched_at", TS),
            ("status", pa.string()),
            ("error", pa.string()),
            ("extractor_version", pa.string()),
        ]
    ),
    "documents": pa.schema(
        [
            ("document_id", pa.string()),
            ("sha256", pa.string()),
            ("doc_index", pa.int32()),
            ("doc_type", pa.string()),
            ("title", pa.string()),
            ("organ", pa.string()),
            ("year", pa.int32()),
            ("page_start", pa.int32()),
            ("page_end", pa.int32()),
            ("meeting_date", pa.date32()),
            ("meeting_start", pa.string()),
            ("meeting_end", pa.string()),
            ("meeting_place", pa.string()),
            ("source_url", pa.string()),
            ("extractor_version", pa.string()),
        ]
    ),
    "assignments": pa.schema(
        [
            ("assignment_id", pa.string()),
            ("document_id", pa.string()),
            ("sha256", pa.string()),
            ("ordinal", pa.int32()),
            ("organ", pa.string()),
            ("year", pa.int32()),
            ("label", pa.string()),
            ("number", pa.int32()),
            ("text", pa.string()),
            ("section", pa.string()),
            ("status", pa.string()),
            ("beredning", pa.string()),
            ("multi_year", pa.bool_()),
            ("reference_only", pa.bool_()),
            ("evidence", pa.string()),
            ("page", pa.int32()),
            ("source_url", pa.string()),
            ("assignment_key", pa.string()),
            ("thread_id", pa.string()),
            ("is_duplicate", pa.bool_()),
            ("thread_first_year", pa.int32()),
            ("thread_last_year", pa.int32()),
            ("thread_years", pa.int32()),
            ("previous_year", pa.int32()),
            ("previous_status", pa.string()),
            ("extractor_version", pa.string()),
        ]
    ),
    "meeting_dates": pa.schema(
        [
            ("document_id", pa.string()),
            ("sha256", pa.string()),
            ("organ", pa.string()),
            ("date", pa.date32()),
            ("page", pa.int32()),
            ("kind", pa.string()),
            ("evidence", pa.string()),
            ("source_url", pa.string()),
            ("extractor_version", pa.string()),
        ]
    ),
    "diarienummer": pa.schema(
        [
            ("document_id", pa.string()),
            ("sha256", pa.string()),
            ("organ", pa.string()),
            ("year", pa.int32()),
            ("diarienummer", pa.string()),
            ("page", pa.int32()),
            ("source_url", pa.string()),
            ("extractor_version", pa.string()),
        ]
    ),
    "pages": pa.schema([("sha256", pa.string()), ("page", pa.int32()), ("text", pa.string())]),
    "coverage": pa.schema(
        [
            ("source", pa.string()),
            ("committee", pa.string()),
            ("year", pa.int32()),
            ("meetings_found", pa.int32()),
            ("meetings_cancelled", pa.int32()),
            ("meetings_visited", pa.int32()),
            ("documents_found", pa.int32()),
            ("downloaded", pa.int32()),
            ("unchanged", pa.int32()),
            ("failed", pa.int32()),
            ("failure_reasons", pa.string()),
            ("flagged", pa.bool_()),
            ("flag_reason", pa.string()),
            ("run_id", pa.string()),
        ]
    ),
    "fetches": pa.schema(
        [
            ("url", pa.string()),
            ("source", pa.string()),
            ("committee", pa.string()),
            ("meeting_date", pa.date32()),
            ("link_text", pa.string()),
            ("http_status", pa.int32()),
            ("etag", pa.string()),
            ("last_modified", pa.string()),
            ("sha256", pa.string()),
            ("bytes", pa.int64()),
            ("fetched_at", TS),
            ("error", pa.string()),
            ("run_id", pa.string()),
            ("kind", pa.string()),
            ("final_url", pa.string()),
            ("path", pa.string()),
            ("file_name", pa.string()),
            ("attempts", pa.int32()),
            ("archive_status", pa.string()),
        ]
    ),
}

# Keys of the sources layer's rows that name a column differently.
ALIASES: dict[str, dict[str, str]] = {"fetches": {"fetched_at": "time"}}


def to_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def to_timestamp(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        ts = value
    elif isinstance(value, date):
        ts = datetime(value.year, value.month, value.day)
    else:
        try:
            ts = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None
    # Naive times from the sources layer are UTC (FetchedFile.fetched_at is UTC).
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def to_int(value: Any) -> int | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def to_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def to_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


_CONVERT = {
    pa.string(): to_text,
    pa.int32(): to_int,
    pa.int64(): to_int,
    pa.bool_(): to_bool,
    pa.date32(): to_date,
    TS: to_timestamp,
}


class Columns:
    """Column lists for one table, appended row by row in Python, handed to Arrow at once."""

    def __init__(self, table: str) -> None:
        self.schema = SCHEMAS[table]
        self.data: dict[str, list[Any]] = {name: [] for name in self.schema.names}

    def append(self, **values: Any) -> None:
        for name, column in self.data.items():
            column.append(values.get(name))

    def __len__(self) -> int:
        return len(next(iter(self.data.values())))

    def arrow(self) -> pa.Table:
        return pa.table(self.data, schema=self.schema)


def from_dicts(table: str, rows: Iterable[Mapping[str, Any]], defaults: Mapping[str, Any]) -> pa.Table:
    """Arrow table from loosely typed dicts: missing keys become NULL, values are coerced."""
    schema = SCHEMAS[table]
    aliases = ALIASES.get(table, {})
    data: dict[str, list[Any]] = {name: [] for name in schema.names}
    for row in rows:
        for field in schema:
            value = row.get(field.name)
            if value is None and field.name in aliases:
                value = row.get(aliases[field.name])
            if value is None:
                value = defaults.get(field.name)
            data[field.name].append(_CONVERT[field.type](value))
    return pa.table(data, schema=schema)


def page_pairs(page_texts: Sequence[Any]) -> list[tuple[int, str]]:
    """Accept (page, text) tuples or objects with .page/.text (extractors' PageText)."""
    out = []
    for item in page_texts:
        if isinstance(item, tuple | list):
            out.append((int(item[0]), str(item[1])))
        else:
            out.append((int(item.page), str(item.text)))
    return out
