"""Status, beredning and multi_year rules on our own Swedish sentences."""

from __future__ import annotations

import pytest

from extractors.assignments import judge


@pytest.mark.parametrize(
    ("comment", "status"),
    [
        ("Uppdraget har startat och bedöms vara genomfört vid årets slut.", "genomfort"),
        ("Arbetet bedöms vara klart vid årets slut.", "genomfort"),
        ("Uppdraget är genomfört.", "genomfort"),
        ("Uppdraget har startat men bedöms inte vara klart vid årets slut.", "ej_genomfort"),
        ("Uppdraget bedöms inte vara genomfört vid årets slut.", "ej_genomfort"),
        ("Uppdraget bedöms inte vara helt klart vid årets slut.", "ej_genomfort"),
        ("Även om arbetet har inletts, förväntas det inte vara avslutat vid årets slut.", "ej_genomfort"),
        ("Uppdraget bedöms ej vara slutfört när året är slut.", "ej_genomfort"),
        (
            "Uppdraget är flerårigt och uppdragets del av innevarande år bedöms vara genomfört vid årets slut.",
            "arsdel_genomford",
        ),
        (
            "Uppdraget är flerårigt och uppdragets del av innevarande år bedöms inte vara genomfört.",
            "ej_genomfort",
        ),
        ("Uppdraget bedöms som genomfört vid årets slut.", "genomfort"),
        ("Uppdraget är klart.", "genomfort"),
        ("Uppdraget bedöms inte kunna genomföras under året.", "ej_genomfort"),
        ("Uppdraget är inte klart.", "ej_genomfort"),
        ("Uppdraget har startat.", "pagar"),
        ("Status: Genomfört", "genomfort"),
        ("Bedömning: Ej genomfört", "ej_genomfort"),
        ("Status vid årets slut: Klart", "genomfort"),
        ("Status: Pågår", "pagar"),
        ("Uppdraget har påbörjats under hösten.", "pagar"),
        ("Uppdraget är flerårigt.", "pagar"),
        ("Arbete pågår i flera arbetsgrupper.", "pagar"),
        ("Beredningen har fått information om läget.", "okant"),
        ("", "okant"),
    ],
)
def test_status_wording_and_negation(nlp, comment: str, status: str) -> None:
    assert judge(nlp, comment).status == status


def test_year_end_judgment_wins_over_ongoing_work(nlp) -> None:
    j = judge(nlp, "Arbete pågår med handlingsplanen. Uppdraget bedöms vara klart vid årets slut.")
    assert j.status == "genomfort"
    assert j.evidence == "Uppdraget bedöms vara klart vid årets slut."


def test_negated_judgment_is_not_read_as_positive(nlp) -> None:
    # Regression: "bedöms inte vara klart" must never match the positive "bedöms vara klart".
    assert judge(nlp, "Uppdraget bedöms inte vara klart vid årets slut.").status == "ej_genomfort"


def test_last_year_end_judgment_decides(nlp) -> None:
    text = (
        "Delprojektet bedöms vara klart vid årets slut. Uppdraget som helhet bedöms dock inte vara "
        "genomfört vid årets slut."
    )
    assert judge(nlp, text).status == "ej_genomfort"


@pytest.mark.parametrize(
    ("comment", "beredning"),
    [
        ("Svar: Beredningen har följt frågan under året.", "behandlat"),
        ("Svar: Frågan har inte behandlats av beredningen.", "ej_behandlat"),
        ("Svar: Beredningen berörs ej av uppdraget.", "ej_aktuellt"),
        ("Svar: Uppdraget ligger inte inom beredningens område.", "ej_aktuellt"),
        ("Uppdrag 7 och 8 riktas till andra beredningar.", "ej_aktuellt"),
    ],
)
def test_beredning(nlp, comment: str, beredning: str) -> None:
    assert judge(nlp, comment).beredning == beredning


@pytest.mark.parametrize(
    ("comment", "multi"),
    [
        ("Uppdraget är flerårigt.", True),
        ("Det är en flerårig process.", True),
        ("Uppdragets del av innevarande år bedöms vara genomfört.", True),
        ("Arbetet kommer att fortsätta under de kommande åren.", True),
        ("Uppdraget har startat och bedöms vara klart vid årets slut.", False),
    ],
)
def test_multi_year(nlp, comment: str, multi: bool) -> None:
    assert judge(nlp, comment).multi_year is multi
