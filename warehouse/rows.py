"""Column-oriented Arrow tables, one per warehouse table, typed by the migrations' DDL.

Rows are appended in Python and handed to Arrow at once, so a load is one bulk INSERT per table.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import duckdb
import pyarrow as pa

TS = pa.timestamp("us", tz="UTC")

# The tables a load fills from Arrow. Their columns and types are read from the migrated DDL
# (warehouse/schema/*.sql), the one place a column is named: a migration that adds a column
# changes what the load writes, with no second list to keep in step.
LOADED_TABLES = (
    "source_files",
    "documents",
    "assignments",
    "meeting_dates",
    "diarienummer",
    "pages",
    "coverage",
    "fetches",
)
ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP WITH TIME ZONE": TS,
}


@functools.cache
def schemas() -> dict[str, pa.Schema]:
    """Arrow schema of every loaded table, in DDL column order, from an in-memory migrated database."""
    from warehouse.schema import migrate
    from warehouse.sql import statement

    with duckdb.connect() as con:
        migrate(con)
        found = con.execute(statement("load", "loaded_columns"), {"tables": list(LOADED_TABLES)}).fetchall()
    fields: dict[str, list[tuple[str, pa.DataType]]] = {t: [] for t in LOADED_TABLES}
    for table, column, data_type in found:
        if data_type not in ARROW_TYPES:
            raise TypeError(f"warehouse/schema: {table}.{column} has type {data_type}, unknown to the loader")
        fields[table].append((column, ARROW_TYPES[data_type]))
    return {table: pa.schema(cols) for table, cols in fields.items()}


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


def to_float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
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
    pa.float64(): to_float,
    pa.bool_(): to_bool,
    pa.date32(): to_date,
    TS: to_timestamp,
}


class Columns:
    """Column lists for one table, appended row by row in Python, handed to Arrow at once."""

    def __init__(self, table: str) -> None:
        self.schema = schemas()[table]
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
    schema = schemas()[table]
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


PageRow = tuple[int, str, str, str | None, float | None]


def page_rows(page_texts: Sequence[Any]) -> list[PageRow]:
    """(page, text, text_source, ocr_engine, ocr_confidence) from tuples of two to five items or
    objects with those attributes (extractors' PageText); a bare (page, text) is a text layer's."""
    out: list[PageRow] = []
    for item in page_texts:
        if isinstance(item, tuple | list):
            page, text, source, engine, confidence = (*item, None, None, None)[:5]
        else:
            page, text = item.page, item.text
            source = getattr(item, "text_source", None)
            engine, confidence = getattr(item, "ocr_engine", None), getattr(item, "ocr_confidence", None)
        conf = None if confidence is None else float(confidence)
        out.append((int(page), str(text), str(source or "text_layer"), to_text(engine), conf))
    return out
