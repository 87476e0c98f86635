"""The plan of a sample corpus: bodies, meetings, assignments, and the generator's summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from vocab.labels import DONE as DONE  # the one status vocabulary; planning reads it from here


@dataclass(frozen=True)
class Body:
    index: int
    slug: str
    name: str
    short: str
    committee_id: int


@dataclass(frozen=True)
class Meeting:
    date: dt.date
    start: str
    end: str
    place: str
    cancelled: bool = False


@dataclass
class Item:
    """One planned assignment of a body-year report."""

    obj: str
    template: int
    status: str
    thread: str | None = None
    multi_year: bool = False
    beredning: str = "behandlat"
    number: int | None = None
    label: str | None = None
    text: str = ""


@dataclass
class CorpusSummary:
    out: Path
    seed: int
    bodies: list[str]
    years: list[int]
    scale: float
    pdfs: int = 0
    pages: int = 0
    documents: int = 0
    assignments: int = 0
    meetings: int = 0
    seconds: float = 0.0
    low_year: int | None = None
    done_share: dict[str, dict[int, float]] = field(default_factory=dict)
    threads: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["out"] = str(self.out)
        return d
