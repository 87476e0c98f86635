"""Every date form, year inference, and meeting dates told apart from other dates."""

from __future__ import annotations

import pytest

from extractors.dates import is_meeting_context, is_weekday_row
from extractors.nlp import analyse
from vocab.dates import find_dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sammanträdesdatum: 2021-04-13", ["2021-04-13"]),
        ("vid sammanträdet den 5 november 2024", ["2024-11-05"]),
        ("vid sammanträdet 12 mars", ["2023-03-12"]),
        ("Torsdag 30 januari Beslut och beredning:", ["2023-01-30"]),
        ("sammanträdena 15 maj och 10 december", ["2023-05-15", "2023-12-10"]),
        ("den 14 mars, den 30 maj och den 20 september 2022", ["2022-03-14", "2022-05-30", "2022-09-20"]),
        ("mötet (den 3 juni) hölls digitalt", ["2023-06-03"]),
        ("Den 1:a november kommer en handbok", ["2023-11-01"]),
        ("inför beredningssamverkan 23 okt:", ["2023-10-23"]),
        ("i maj månad 2023", []),
        ("2020-10-271-24", []),
        ("den 31 februari", []),
    ],
)
def test_date_forms(text: str, expected: list[str]) -> None:
    assert [d.iso for d in find_dates(text, 2023)] == expected


@pytest.mark.parametrize(
    ("sentence", "meeting"),
    [
        ("Beredningen fick vid sammanträdet den 5 november en genomgång.", True),
        ("Den 27 maj genomfördes sammanträdet på akutmottagningen.", True),
        ("Den 12 mars besöktes vårdcentralen i Exempelby.", True),
        ("Information gavs på ett gemensamt möte för beredningarna 12 november.", True),
        ("Vid beredningens träff den 3 maj informerades om läget.", True),
        ("Protokollet ska vara justerat senast den 8 december.", False),
        ("Handlingsplanen beslutades av nämnden den 7 september.", False),
        ("Frågan behandlades vid nämndens sammanträde den 4 maj.", False),
        ("Nämnden fick en uppföljande rapport den 4 november.", False),
    ],
)
def test_meeting_context(sentence: str, meeting: bool) -> None:
    assert is_meeting_context(sentence, "Beredning för exempelvård") is meeting


def test_nämnd_report_counts_its_own_meetings() -> None:
    assert is_meeting_context("Vid nämndens sammanträde den 4 maj", "Hälso- och sjukvårdsnämnden")


def test_weekday_rows_are_planned_meetings(nlp) -> None:
    assert is_weekday_row("Tisdag 24 november Beslut och beredning:")
    doc = analyse(
        nlp,
        "Tisdag 24 november Beslut och beredning:\nJusteras senast den 8 december.",
        year=2020,
        organ=None,
    )
    assert [s.label_ for s in doc.spans["meeting_dates"]] == ["2020-11-24"]
    assert sorted(s.label_ for s in doc.spans["dates"]) == ["2020-11-24", "2020-12-08"]


@pytest.mark.parametrize(
    ("sentence", "organ", "meeting"),
    [
        # another body is the subject of its own meeting ("sitt/sina")
        (
            "Kommunfullmäktige beslutade på sitt sammanträde den 3 mars om nya taxor.",
            "Tekniska nämnden",
            False,
        ),
        (
            "Regionstyrelsen fastställde sina sammanträdesdagar den 12 oktober.",
            "Hälso- och sjukvårdsnämnden",
            False,
        ),
        ("Kommunstyrelsen antog vid sitt möte den 9 juni riktlinjerna.", "Socialnämnden", False),
        ("Socialnämnden behandlade rapporten vid sitt sammanträde den 9 juni.", "Socialnämnden", True),
        # a joint meeting the body takes part in counts
        ("Nämnden höll ett gemensamt sammanträde med kommunstyrelsen den 2 april.", "Socialnämnden", True),
        ("Den 14 maj hölls ett gemensamt möte med miljönämnden.", "Tekniska nämnden", True),
        # a meeting that is not one
        ("Den 4 maj är inget sammanträde.", "Tekniska nämnden", False),
        ("Sammanträdet den 8 juni är inställt.", "Tekniska nämnden", False),
        ("Den 20 juni hålls inte något sammanträde.", "Tekniska nämnden", False),
    ],
)
def test_whose_meeting(sentence: str, organ: str, meeting: bool) -> None:
    assert is_meeting_context(sentence, organ) is meeting


def test_a_long_list_takes_its_year_from_the_end() -> None:
    # Date finding is one pass (it was quadratic in the list's length); every member gets the
    # year printed after the last one.
    text = (
        "Sammanträden: " + ", ".join(f"den {d % 28 + 1} mars" for d in range(3000)) + " och den 2 april 2031."
    )
    found = find_dates(text, 2024)
    assert len(found) == 3001 and {d.date.year for d in found} == {2031}


@pytest.mark.parametrize(
    ("sentence", "organ", "meeting"),
    [
        # the body's own handling of the matter at a meeting
        ("Uppföljningen behandlas av nämnden den 20 februari 2024.", "Tekniska nämnden", True),
        ("Rapporten behandlades i beredningen den 3 mars.", "Beredningen för vård", True),
        ("Ärendet behandlas vid styrelsen den 9 april.", "Regionstyrelsen", True),
        # another body's meeting, with "dess" or a long phrase before "sitt"
        (
            "Programmet antogs av kommunfullmäktige vid dess sammanträde den 25 november.",
            "Trygghetsberedningen",
            False,
        ),
        (
            "Kommunfullmäktige tog emot beredningens förslag till landsbygdsprogram vid sitt sammanträde den 16 december.",
            "Beredningen för landsbygd",
            False,
        ),
        # a moved meeting, and a compound that is no meeting word
        ("Mötet som var planerat till den 8 oktober flyttades till november.", "Pensionärsrådet", False),
        ("Handlingarna finns i sammanträdesportalen från den 5 februari.", "Regionstyrelsen", False),
        ("Sammanträdesrummet är bokat den 5 februari.", "Regionstyrelsen", False),
    ],
)
def test_more_meeting_families(sentence: str, organ: str, meeting: bool) -> None:
    assert is_meeting_context(sentence, organ) is meeting


def test_weekday_with_definite_ending_joins_a_list() -> None:
    text = "Rådet har haft tre möten 2024: tisdagen den 20 februari, tisdagen den 14 maj och tisdagen den 26 november."
    assert [d.iso for d in find_dates(text, 2024)] == ["2024-02-20", "2024-05-14", "2024-11-26"]
