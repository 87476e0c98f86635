"""Hand-written extraction results in the EXTRACTION.md shape, and warehouse helpers."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from warehouse.load import FileLoad

ORGAN_A = "Beredning för somatisk specialistvård och högspecialiserad vård"
ORGAN_B = "Hälso- och sjukvårdsnämnden"
VERSION = "test-1"


def sha(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def assignment(
    number: int | None,
    text: str,
    status: str = "pagar",
    multi_year: bool = False,
    page: int = 1,
    beredning: str = "behandlat",
) -> dict[str, Any]:
    return {
        "label": None if number is None else f"Nr {number}",
        "number": number,
        "text": text,
        "section": "2.1 Uppdrag inom perspektiv: invånare och samhälle",
        "status": status,
        "beredning": beredning,
        "multi_year": multi_year,
        "evidence": {
            "pagar": "Uppdraget har startat.",
            "genomfort": "Uppdraget bedöms vara genomfört vid årets slut.",
            "ej_genomfort": "Uppdraget bedöms inte vara genomfört vid årets slut.",
            "arsdel_genomford": "Uppdragets del av innevarande år bedöms vara genomfört vid årets slut.",
        }.get(status),
        "page": page,
    }


def report(organ: str, year: int, assignments: list[dict[str, Any]], page_start: int = 1) -> dict[str, Any]:
    return {
        "doc_type": "aterrapportering",
        "title": f"Återrapportering av uppdrag {year}",
        "organ": organ,
        "year": year,
        "page_start": page_start,
        "page_end": page_start + 3,
        "diarienummer": [f"{year % 100}RS1{year}"],
        "meeting": None,
        "meeting_dates": [f"{year}-05-27", {"date": f"{year}-11-05", "page": page_start + 1}],
        "assignments": assignments,
    }


def kallelse(organ: str, date: str, page_start: int = 1) -> dict[str, Any]:
    return {
        "doc_type": "kallelse",
        "title": "Kallelse",
        "organ": organ,
        "year": int(date[:4]),
        "page_start": page_start,
        "page_end": page_start,
        "diarienummer": ["20RS10323", "20RS10323"],
        "meeting": {"date": date, "start": "09:00", "end": "15:30", "place": "Linden"},
        "meeting_dates": [date],
        "assignments": [],
    }


def file_load(
    name: str,
    documents: list[dict[str, Any]],
    url: str | None = None,
    fetched_at: str = "2024-01-02T03:04:05+00:00",
    version: str = VERSION,
) -> FileLoad:
    digest = sha(name)
    pages = max((d["page_end"] for d in documents), default=1)
    return FileLoad(
        sha256=digest,
        url=url,
        file_name=name,
        fetched_at=fetched_at,
        status="ok",
        error=None,
        pages=pages,
        extraction={"source": name, "sha256": digest, "pages": pages, "documents": documents},
        page_texts=[(p, f"{name} sida {p}\nUppdraget har startat.") for p in range(1, pages + 1)],
        extractor_version=version,
    )


def rejected(name: str, reason: str = "encrypted") -> FileLoad:
    return FileLoad(sha(name), None, name, "2024-01-02T03:04:05Z", "rejected", f"{reason}: cannot read", None)


def corpus() -> list[FileLoad]:
    """Three years of one organ's reports (one reworded, one report twice), a kallelse bundle."""
    r2022 = report(
        ORGAN_A,
        2022,
        [
            assignment(
                1, "Att följa implementeringen av nationella riktlinjer för cancervård.", "pagar", True
            ),
            assignment(2, "Att utreda tillgängligheten till specialistvård i länets norra del.", "genomfort"),
            assignment(3, "Att kartlägga väntetider inom ortopedi.", "okant"),
        ],
    )
    r2023 = report(
        ORGAN_A,
        2023,
        [
            assignment(
                1,
                "Att följa implementeringen av nationella riktlinjer för cancervård.",
                "arsdel_genomford",
                True,
            ),
            # Reworded, same assignment as 2022 Nr 3.
            assignment(2, "Kartlägga och analysera väntetider inom ortopedi i regionen.", "ej_genomfort"),
            assignment(3, "Att stärka samverkan med kommunerna kring äldres hälsa.", "pagar"),
        ],
    )
    r2024 = report(
        ORGAN_A,
        2024,
        [
            assignment(
                1, "Att följa implementeringen av nationella riktlinjer för cancervården.", "genomfort", True
            ),
            assignment(2, "Att införa digitala vårdmöten i primärvården.", "genomfort"),
        ],
    )
    empty_report = report(ORGAN_B, 2024, [])
    bundle = [kallelse(ORGAN_A, "2024-03-12"), {**r2024, "page_start": 2, "page_end": 5}]
    return [
        file_load("rapport-2022.pdf", [r2022], url="https://example.org/rapport-2022.pdf"),
        file_load("rapport-2023.pdf", [r2023]),
        file_load("rapport-2024.pdf", [r2024], url="https://example.org/rapport-2024.pdf"),
        file_load("kallelse-2024-03-12.pdf", bundle, url="https://example.org/kallelse.pdf"),
        file_load("kallelse-2023-09-01.pdf", [kallelse(ORGAN_A, "2023-09-01")]),
        file_load("hsn-2024.pdf", [empty_report]),
        rejected("trasig.pdf"),
    ]


@pytest.fixture
def warehouse_file(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "protokoll.duckdb"


@pytest.fixture
def read() -> Callable[[Path, str], list[tuple[Any, ...]]]:
    def _read(path: Path, sql: str) -> list[tuple[Any, ...]]:
        with duckdb.connect(str(path), read_only=True) as con:
            return con.execute(sql).fetchall()

    return _read
