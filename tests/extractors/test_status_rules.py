"""Status, beredning and multi_year rules on our own Swedish sentences."""

from __future__ import annotations

import pytest

from extractors.judgment import judge


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


# Rule families of the status lexicon (extractors/rules/status_lexicon.yaml), three or more
# paraphrases each, in our own words.
@pytest.mark.parametrize(
    ("comment", "status"),
    [
        # adverbs between the judgment verb and the negation
        ("Arbetet bedöms därför inte vara klart vid årsskiftet.", "ej_genomfort"),
        ("Uppdraget bedöms alltså inte bli genomfört under året.", "ej_genomfort"),
        ("Insatsen beräknas sannolikt inte vara slutförd före december.", "ej_genomfort"),
        # state with negation, "ännu"
        ("Översynen är ej klar.", "ej_genomfort"),
        ("Uppdraget har ännu inte slutförts.", "ej_genomfort"),
        ("Utredningen är fortfarande inte färdigställd.", "ej_genomfort"),
        # not started, nothing done
        ("Arbetet har inte påbörjats.", "ej_genomfort"),
        ("Inget arbete har skett under perioden.", "ej_genomfort"),
        ("Inga åtgärder har vidtagits i år.", "ej_genomfort"),
        ("Ej påbörjat", "ej_genomfort"),
        # will not be done this year
        ("Uppdraget kommer inte att genomföras under året.", "ej_genomfort"),
        ("Planen hinner inte slutföras innan årsskiftet.", "ej_genomfort"),
        (
            "Det kommer inte att gå att avsluta arbetet i år och det kommer inte att slutföras.",
            "ej_genomfort",
        ),
        # put off
        ("Uppdraget har skjutits upp till nästa år.", "ej_genomfort"),
        ("Arbetet med planen är vilande i väntan på nya direktiv.", "ej_genomfort"),
        ("Utgår", "ej_genomfort"),
        # partly done is not done at year end
        ("Uppdraget bedöms vara delvis genomfört vid årets slut.", "ej_genomfort"),
        ("Delvis genomfört", "ej_genomfort"),
        ("Arbetet är till viss del slutfört.", "ej_genomfort"),
        # this year's part done
        ("Den del som avser 2024 är genomförd.", "arsdel_genomford"),
        ("Årets del av uppdraget är slutförd.", "arsdel_genomford"),
        ("För uppdragets del för året bedöms arbetet vara klart.", "arsdel_genomford"),
        # done in other words
        ("Uppdraget är fullgjort.", "genomfort"),
        ("Beslutet är verkställt och uppdraget är därmed slutredovisat.", "genomfort"),
        ("Uppdraget slutredovisades till nämnden i oktober.", "genomfort"),
        ("Genomfört", "genomfort"),
        # future plans are ongoing work, not a judgment
        ("Uppdraget kommer att genomföras under hösten.", "pagar"),
        ("Arbetet ska slutföras i samband med budgeten.", "pagar"),
        ("Under arbete", "pagar"),
    ],
)
def test_status_lexicon_families(nlp, comment: str, status: str) -> None:
    assert judge(nlp, comment).status == status


@pytest.mark.parametrize(
    "comment",
    [
        # Regression: a sentence about something else that was done is no judgment.
        "En utbildning genomfördes i maj.",
        "Två workshoppar med medarbetarna genomfördes under våren.",
        "Den konferens som avslutades i april samlade många deltagare.",
        # Regression: an attributive participle ("antal genomförda besök") is a count, not a judgment.
        "Antal genomförda hembesök har ökat något.",
        # Regression: a negated activity about something else ("inga avstämningar har gjorts").
        "Dock har inga särskilda avstämningar gjorts med kommunerna.",
    ],
)
def test_other_things_done_are_no_judgment(nlp, comment: str) -> None:
    assert judge(nlp, comment).status == "okant"


@pytest.mark.parametrize(
    ("comment", "beredning"),
    [
        ("Frågan ligger inte inom nämndens ansvarsområde.", "ej_aktuellt"),
        ("Uppdraget ligger utanför beredningens ansvar och lämnas utan åtgärd.", "ej_aktuellt"),
        ("Uppdraget har överförts till kommunstyrelsen.", "ej_aktuellt"),
        ("Ansvaret har flyttats till en annan nämnd efter omorganisationen.", "ej_aktuellt"),
        ("Uppdraget hanteras i stället av tekniska nämnden.", "ej_aktuellt"),
        ("Nämnden har ännu inte behandlat frågan.", "ej_behandlat"),
        ("Styrelsen har inte behandlat ärendet under året.", "ej_behandlat"),
        ("Ärendet har ännu inte behandlats.", "ej_behandlat"),
        ("Nämnden har följt arbetet vid två sammanträden.", "behandlat"),
    ],
)
def test_beredning_families_for_any_body(nlp, comment: str, beredning: str) -> None:
    assert judge(nlp, comment).beredning == beredning


@pytest.mark.parametrize(
    "comment",
    [
        "Kartläggningen bedöms bli färdig under första kvartalet nästa år.",
        "Planen beräknas vara klar först under 2026.",
        "Arbetet bedöms bli klart efter årsskiftet.",
    ],
)
def test_done_only_after_the_year_end_is_not_done(nlp, comment: str) -> None:
    # Regression: a judgment that the work will be done after the year's end read as "genomfort".
    assert judge(nlp, comment).status == "ej_genomfort"


@pytest.mark.parametrize(
    ("comment", "status"),
    [
        ("Målet har inte nåtts under året.", "ej_genomfort"),
        ("Översynen är i stort sett klar men rutinen återstår.", "ej_genomfort"),
        ("Arbetet är inte helt slutfört.", "ej_genomfort"),
        ("Uppdraget är flerårigt. Etapp ett är genomförd.", "arsdel_genomford"),
        ("Årets etapp av uppdraget är slutförd.", "arsdel_genomford"),
        ("Delmålet för 2024 är nått.", "arsdel_genomford"),
    ],
)
def test_partial_and_stage_families(nlp, comment: str, status: str) -> None:
    assert judge(nlp, comment).status == status
