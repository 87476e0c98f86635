"""Regressions found on a held-out set written in other regions' styles (our own sentences here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfs import write_pdf

from extractors.api import extract_file
from extractors.cleanup import repair_glyphs
from extractors.dates import is_meeting_context, meeting_mentions
from extractors.judgment import judge
from extractors.organ import BODY
from vocab.dates import find_dates


def _doc(nlp, tmp_path: Path, pages: list[list[str]], **kw):  # type: ignore[no-untyped-def]
    return extract_file(write_pdf(tmp_path / "x.pdf", pages, **kw), nlp=nlp).data["documents"]


def test_status_table_with_comments_by_number(nlp, tmp_path: Path) -> None:
    (doc,) = _doc(
        nlp,
        tmp_path,
        [
            [
                "Återrapportering av uppdrag 2024",
                "Nämnden för exempelvård",
                "Nr Uppdrag Bedömning",
                "31 Att införa digitala kallelser. Genomfört",
                "32 Att se över lokalerna i Norrby.",
                "Kommentarer",
                "Uppdrag nr 32: Arbetet har försenats och bedöms inte bli klart vid årets slut.",
            ]
        ],
    )
    by = {a["number"]: a for a in doc["assignments"]}
    assert sorted(by) == [31, 32]
    assert by[31]["status"] == "genomfort"
    assert by[32]["status"] == "ej_genomfort" and by[32]["text"].startswith("Att se över")


def test_numbered_heading_with_a_title(nlp, tmp_path: Path) -> None:
    (doc,) = _doc(
        nlp,
        tmp_path,
        [
            [
                "Återrapportering av uppdrag 2024",
                "Uppdrag 1 – Tandhälsa för äldre",
                "Nämnden får i uppdrag att öka de uppsökande insatserna.",
                "Status: Pågår",
                "Uppdrag 2 – Miljö",
                "Nämnden får i uppdrag att minska utsläppen från transporter.",
                "Status:",
                "Genomfört",
            ]
        ],
    )
    got = [(a["label"], a["status"]) for a in doc["assignments"]]
    assert got == [("Uppdrag 1", "pagar"), ("Uppdrag 2", "genomfort")]


def test_meeting_header_with_textual_date(nlp, tmp_path: Path) -> None:
    (doc,) = _doc(
        nlp,
        tmp_path,
        [
            [
                "Kallelse",
                "Tandvårdsnämnden",
                "Tid: tisdagen den 19 mars 2024, kl. 13.15–16.00",
                "Plats: Sal Eken, Regionhuset",
                "1. Val av justerare",
            ]
        ],
    )
    assert doc["organ"] == "Tandvårdsnämnden" and doc["year"] == 2024
    assert doc["meeting"] == {
        "date": "2024-03-19",
        "start": "13:15",
        "end": "16:00",
        "place": "Sal Eken, Regionhuset",
    }
    assert doc["meeting_dates"] == ["2024-03-19"]


def test_paragraph_sign_is_not_a_bullet() -> None:
    assert repair_glyphs("§ 4 Linjeplan 2024") == "§ 4 Linjeplan 2024"


@pytest.mark.parametrize(
    "name",
    ["Tandvårdsnämnden", "Nämnden för funktionsstöd", "Regionstyrelsens arbetsutskott för digitalisering"],
)
def test_nämnd_organs(name: str) -> None:
    m = BODY.search(f"Protokoll {name} Sammanträdesdatum")
    assert m is not None and m.group(1) == name


def test_day_slash_month_only_after_den() -> None:
    assert [d.iso for d in find_dates("Den 5/3 besökte beredningen centralen", 2020)] == ["2020-03-05"]
    assert find_dates("Källa: statistik 26/4 och 3/4 av fallen", 2020) == []


@pytest.mark.parametrize(
    ("sentence", "meeting"),
    [
        ("Fler digitala vårdmöten genomfördes den 3 maj.", False),
        ("Senast 2020-01-31 ska förvaltningen redovisa antalet vårdmöten.", False),
        ("Regionstyrelsen sammanträdde den 16 juni.", False),
        ("Beredningen sammanträdde i Karlskoga den 8 oktober.", True),
        ("Tandvårdsnämnden sammanträdde den 8 oktober.", True),
    ],
)
def test_meeting_words_and_subjects(sentence: str, meeting: bool) -> None:
    organ = "Tandvårdsnämnden" if sentence.startswith("Tandvård") else "Beredning för exempelvård"
    assert is_meeting_context(sentence, organ) is meeting


def test_a_meeting_word_governs_its_nearest_date_and_its_list() -> None:
    text = "Nämnden beslutade vid sammanträdet den 11 oktober om avgifter som gäller från den 1 januari 2023."
    assert [d.iso for d in meeting_mentions(text, find_dates(text, 2022))] == ["2022-10-11"]
    text = "Vid sammanträdena den 14 mars, den 30 maj och den 20 september informerades beredningen."
    assert len(meeting_mentions(text, find_dates(text, 2022))) == 3


def test_this_years_part_named_by_year(nlp) -> None:
    j = judge(nlp, "Uppdraget är flerårigt och uppdragets del för 2021 bedöms vara genomförd vid årets slut.")
    assert (j.status, j.multi_year) == ("arsdel_genomford", True)


def test_list_intro_is_not_an_assignment(nlp, tmp_path: Path) -> None:
    (doc,) = _doc(
        nlp,
        tmp_path,
        [
            [
                "Aktivitetsplan 2025",
                "Av planen framgår att kulturnämnden får i uppdrag att:",
                "- ta fram en strategi för läsfrämjande insatser,",
                "- utveckla stödet till lokala arrangörer.",
            ]
        ],
    )
    assert doc["assignments"] == []
