"""pydantic validation errors of a sources.yaml as one `key: problem` line.

The key is written as in the file (`sources[0] (region).lookback_days`, `http.read_timeout`); the
problem comes from the field's description ("must be <description>, got <value>"), from an explicit
``json_schema_extra={"problem": ...}``, or from a cross-field check (config.problem). When several
things are wrong, the one an operator should fix first is reported: the file's shape, then unknown
keys, the kind and the name of a source, then its other fields, then the `http:` block.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from pipelines.sources.config import PROBLEM, HttpSettings, SourcesConfig, SourceSpec


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel]:
    """The model that owns the field at ``loc``, and how many loc items lead to it."""
    if loc[:1] == ("http",):
        return HttpSettings
    if loc[:1] == ("sources",) and len(loc) >= 2 and isinstance(loc[1], int):
        return SourceSpec
    return SourcesConfig


def _prefix_len(model: type[BaseModel]) -> int:
    return {HttpSettings: 1, SourceSpec: 2}.get(model, 0)


def _rank(err: ErrorDetails) -> tuple[int, ...]:
    loc = tuple(err["loc"])
    top = {"version": 1, "sources": 2, "http": 9}
    if not loc:
        return (8,)  # a check of the whole file (duplicate names): only when each source is fine
    if loc[0] not in top:
        return (0,)  # unknown top-level key
    if loc[0] == "sources" and len(loc) >= 2 and isinstance(loc[1], int):
        field = loc[2] if len(loc) > 2 else None
        order = list(SourceSpec.model_fields)
        if err["type"] == "model_type":
            sub = 0
        elif err["type"] == "extra_forbidden":
            sub = 1
        elif field in ("kind", "name"):
            sub = 2 if field == "kind" else 3
        else:
            sub = 4 + (order.index(field) if field in order else len(order))
        return (3, loc[1], sub)
    return (top[str(loc[0])],)


def _key(loc: tuple[int | str, ...], raw: Any, with_name: bool) -> str:
    if loc[:1] == ("sources",) and len(loc) >= 2 and isinstance(loc[1], int):
        at = f"sources[{loc[1]}]"
        items = raw.get("sources") if isinstance(raw, dict) else None
        item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        name = item.get("name") if isinstance(item, dict) else None
        if with_name and isinstance(name, str) and name.strip():
            at += f" ({name})"
        return ".".join([at, *(str(p) for p in loc[2:3])])
    return ".".join(str(p) for p in loc[:2])


def _describe(model: type[BaseModel], field: str, err: ErrorDetails) -> str:
    if err["type"] == "extra_forbidden":
        where = "top-level key" if model is SourcesConfig else "key"
        return f"unknown {where} (allowed: {sorted(model.model_fields)})"
    info = model.model_fields.get(field)
    extra = info.json_schema_extra if info is not None else None
    if isinstance(extra, dict) and "problem" in extra:
        return f"{extra['problem']}, got {err.get('input')!r}"
    description = (info.description if info is not None else None) or "valid"
    if err["type"] == "missing":
        return f"is required ({description})"
    if err["type"] == "model_type":
        return f"must be a mapping, got {type(err.get('input')).__name__}"
    return f"must be {description}, got {err.get('input')!r}"


def first_problem(exc: ValidationError, raw: Any) -> str:
    """`key: problem` for the most important error of a validation of ``raw`` (the parsed file)."""
    err = min(exc.errors(include_url=False), key=_rank)
    loc = tuple(err["loc"])
    if err["type"] == PROBLEM:
        ctx = err.get("ctx") or {}
        return f"{_key((*loc, ctx['key']), raw, True) if loc else ctx['key']}: {ctx['problem']}"
    model = _model_at(loc)
    depth = _prefix_len(model)
    if err["type"] == "model_type" and len(loc) == depth:
        return f"{_key(loc, raw, False)}: {_describe(model, '', err)}"
    field = str(loc[depth]) if len(loc) > depth else ""
    structural = err["type"] == "extra_forbidden" or field in ("kind", "name")
    return f"{_key(loc[: depth + 1], raw, not structural)}: {_describe(model, field, err)}"
