"""Swedish normalisation of assignment wordings (warehouse/normalise.py), in our own sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from warehouse.normalise import LineageRulesError, lemma, lemmas, load_rules, normalised, vocabulary


def test_rewordings_of_one_assignment_normalise_alike() -> None:
    a = normalised("fortsätta omställningen till nära vård")
    b = normalised("Att fortsätta arbetet med omställning till Nära vård.")
    assert a == "omställning nära vård"
    assert b == "arbete omställning nära vård"
    # The body handing out the assignment and how it takes part are not what it is about.
    assert normalised(
        "Hälso- och sjukvårdsförvaltningen får i uppdrag att i samverkan med nämnden bevaka omställningen till nära vård"
    ) == normalised("Att följa omställningen till Nära vården och återrapportera till nämnden.")


def test_case_inflection_and_years() -> None:
    assert lemmas("Vårdcentralernas öppettider under 2025") == lemmas("vårdcentralens öppettid under 2026")
    assert lemmas("Kommunerna och länets sjukhus") == ("kommun", "län", "sjukhus")


def test_coordinated_compounds_are_written_out() -> None:
    # "hälso- och sjukvården" = hälsovården och sjukvården
    assert lemmas("hälso- och sjukvårdens digitalisering") == ("hälsovård", "sjukvård", "digitalisering")
    assert lemmas("miljö- och klimatarbetet") == lemmas("miljöarbetet och klimatarbetet")
    # a hyphenated compound splits into its parts
    assert lemmas("covid-vaccinationerna inom Nära vård-arbetet") == (
        "covid",
        "vaccination",
        "nära",
        "vård",
        "arbete",
    )


def test_partners_that_are_bodies_are_dropped_but_others_stay() -> None:
    assert "samverkan" not in lemmas("Att i samverkan med förvaltningen kartlägga väntetiderna")
    assert lemmas("Att i samverkan med kommunerna kartlägga väntetiderna")[:2] == ("samverkan", "kommun")


def test_unknown_compound_lemmatised_by_its_last_part() -> None:
    # Not in the lookup table; its last part is.
    assert "vårdmottagningen" not in vocabulary().lookup
    assert lemma("vårdmottagningen") == "vårdmottagning"
    assert lemma("vårdmottagningarna") == "vårdmottagning"


def test_lemmas_agree_with_spacys_lookup_lemmatizer() -> None:
    nlp = spacy.blank("sv")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    words = [
        "sjukhusen",
        "kommunerna",
        "omställningen",
        "utvecklingen",
        "insatserna",
        "patientens",
        "barnen",
        "länets",
    ]
    doc = nlp(" ".join(words))
    assert [lemma(w) for w in words] == [t.lemma_ for t in doc]


def test_stop_words_are_data_and_checked(tmp_path: Path) -> None:
    stop, heads, with_body = load_rules()
    assert {"att", "följa", "uppdrag"} <= stop and "nämnd" in heads and "samverkan" in with_body
    bad = tmp_path / "lineage.yaml"
    bad.write_text("stopwords:\n  function: [att, 3]\nbody_heads: [nämnd]\n", encoding="utf-8")
    with pytest.raises(LineageRulesError, match=r"stopwords\.function must be a list of words"):
        load_rules(bad)
    bad.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(LineageRulesError, match="expected a mapping"):
        load_rules(bad)
