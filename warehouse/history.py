"""Lineages matching a phrase, with their years, for `protokoll history` and notebooks.

    from warehouse.history import history
    for lineage in history("warehouse/protokoll.duckdb", "nära vård"):
        print(lineage.organ, [(y.year, y.status) for y in lineage.years])

The phrase is normalised like every assignment's wording (warehouse/normalise.py): a
lineage matches when one of its members' normalised wordings holds every word of it, so
"Nära vården" finds "omställningen till nära vård", and filler words are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from warehouse.normalise import lemmas
from warehouse.query import connect_readonly
from warehouse.sql import statement


class EmptyPhrase(ValueError):
    """The phrase has no word that identifies an assignment (only stop words)."""


class NoLineages(RuntimeError):
    """The warehouse predates lineages (schema version 5 or older, not loaded since)."""


@dataclass(frozen=True)
class Year:
    year: int
    label: str | None
    text: str | None
    status: str | None
    evidence: str | None
    document: str
    page: int | None
    link_method: str | None
    link_score: float | None


@dataclass
class Lineage:
    lineage_id: str
    organ: str
    first_year: int
    last_year: int
    n_years: int
    years: list[Year] = field(default_factory=list)


def history(path: str | Path, phrase: str) -> list[Lineage]:
    """Every lineage matching `phrase`, earliest first, each with its years oldest first."""
    words = list(lemmas(phrase))
    if not words:
        raise EmptyPhrase(f"{phrase!r} has no word that identifies an assignment (only filler words)")
    with connect_readonly(path) as con:
        if not con.execute(statement("lineage", "has_lineages")).fetchone():
            raise NoLineages(f"{path} has no lineages yet: run `protokoll ingest` once to build them")
        ids = [r[0] for r in con.execute(statement("lineage", "find"), [words]).fetchall()]
        if not ids:
            return []
        rows = con.execute(statement("lineage", "history"), [ids]).fetchall()
    found: dict[str, Lineage] = {}
    for (
        lineage_id,
        year,
        organ,
        label,
        text,
        status,
        evidence,
        document,
        page,
        method,
        score,
        y0,
        y1,
        n,
    ) in rows:
        entry = found.setdefault(lineage_id, Lineage(lineage_id, organ, y0, y1, n))
        entry.years.append(Year(year, label, text, status, evidence, document, page, method, score))
    return list(found.values())
