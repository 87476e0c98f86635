"""Dehyphenation, glyph repair, furniture, sentence boundaries and numbering styles."""

from __future__ import annotations

import pytest

from extractors.cleanup import find_furniture, join_lines, repair_glyphs
from extractors.model import Line, Page
from extractors.rules import default_rules
from extractors.structure import line_kind


def _line(text: str, top: float, page: int = 1) -> Line:
    return Line(
        page=page, text=text, top=top, bottom=top + 10, x0=56, x1=500, page_height=842, page_width=595
    )


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("en ny överenskommel-", "se om vården", "en ny överenskommelse om vården"),
        ("inom hälso-", "och sjukvården", "inom hälso- och sjukvården"),
        ("både behovs-", "eller kapacitetsfrågor", "både behovs- eller kapacitetsfrågor"),
        ("en ny FUN-", "nämnd bildas", "en ny FUN-nämnd bildas"),
        ("under covid-", "19 pandemin", "under covid-19 pandemin"),
        ("vi planerar", "vidare", "vi planerar vidare"),
    ],
)
def test_dehyphenation_keeps_suspended_hyphens(first: str, second: str, joined: str) -> None:
    text, spans = join_lines([_line(first, 100), _line(second, 113)], [True, False])
    assert text == joined
    assert text[spans[1].start : spans[1].end] == second  # provenance: the line's text is where it says


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("(cid:127) Första punkten", "• Första punkten"),  # a leading glyph code is a symbol-font bullet
        ("Text (cid:3)mitt i", "Text mitt i"),
        ("\uf0b7 Andra punkten", "• Andra punkten"),
        ("ü26/4 Presidiet", "• 26/4 Presidiet"),
        ("av\u00adstämning", "avstämning"),
    ],
)
def test_glyph_repair(raw: str, clean: str) -> None:
    assert repair_glyphs(raw) == clean


def test_furniture_found_by_position_and_repetition() -> None:
    pages = []
    for n in range(1, 5):
        lines = [
            _line("Region Exempel Återrapportering av uppdrag", 30, n),
            _line("Brödtext som skiljer sig åt på sidan " + "x" * n, 300, n),
            _line("Postadress: Box 100", 800, n),
            _line(f"{n} ({4})", 812, n),
        ]
        pages.append(Page(number=n, width=595, height=842, lines=lines))
    found = find_furniture(pages)
    assert (1, 1) not in found and (3, 1) not in found
    assert {(n, i) for n in range(1, 5) for i in (0, 2, 3)} <= found


def test_a_repeated_status_sentence_in_the_body_is_not_furniture() -> None:
    text = "Uppdraget har startat och bedöms vara klart vid årets slut."
    pages = [Page(number=n, width=595, height=842, lines=[_line(text, 300 + 13 * n, n)]) for n in range(1, 5)]
    assert find_furniture(pages) == set()


@pytest.mark.parametrize(
    ("line", "kind", "label", "number"),
    [
        ("Nr 9. Att följa implementeringen av planen", "numbered", "Nr 9", 9),
        ("Nr 21: Att minska inköpen", "numbered", "Nr 21", 21),
        ("Ber nr 2. Att följa arbetet med avgifter", "numbered", "Ber nr 2", 2),
        ("Uppdrag 4: Att utreda formerna för samverkan", "numbered", "Uppdrag 4", 4),
        ("Uppdrag 12:", "numbered", "Uppdrag 12", 12),
        ("Nr 3.", "numbered", "Nr 3", 3),
        ("Förvaltningen får i uppdrag, i samråd med beredningen:", "intro", None, None),
        ("Uppdrag 13 och 14 riktas till andra beredningar.", "reference", None, None),
        ("Hälso- och sjukvårdsförvaltningen får i uppdrag:", "intro", None, None),
        ("2.1 Uppdrag inom perspektiv: invånare och samhälle", "heading", None, None),
        ("Kommentar: Beredningen har följt frågan.", "label", None, None),
        ("Ur delårsrapport: Arbete pågår.", "label", None, None),
        ("4. Rapportering till nämnden", "heading", None, None),
    ],
)
def test_numbering_styles(line: str, kind: str, label: str | None, number: int | None) -> None:
    k = line_kind(line, "aterrapportering", default_rules())
    assert k.kind == kind
    if label:
        assert k.match is not None
        assert k.match.group("label") == label
        assert int(k.match.group("number")) == number


def test_plain_number_att_only_in_reports() -> None:
    rules = default_rules()
    assert line_kind("4. Att utveckla samverkan", "aterrapportering", rules).kind == "numbered"
    assert line_kind("4. Att utveckla samverkan", "kallelse", rules).kind != "numbered"


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Nr 9. Att följa arbetet. Kommentar: Klart.", ["Nr 9. Att följa arbetet.", "Kommentar: Klart."]),
        ("Mötet börjar kl. 13 i lokalen. Välkomna!", ["Mötet börjar kl. 13 i lokalen.", "Välkomna!"]),
        ("Vi följer t.ex. Vården. Sedan annat.", ["Vi följer t.ex. Vården.", "Sedan annat."]),
        (
            "1. Målbilden ska följas upp.\n2. Planen ska ses över.",
            ["1. Målbilden ska följas upp.", "2. Planen ska ses över."],
        ),
        ("Rubrik utan punkt\nBrödtext här.", ["Rubrik utan punkt", "Brödtext här."]),
    ],
)
def test_sentence_boundaries(nlp, text: str, sentences: list[str]) -> None:
    from extractors.nlp import analyse

    doc = analyse(nlp, text, year=2024, organ=None)
    assert [s.text.strip() for s in doc.sents] == sentences


@pytest.mark.parametrize(
    ("text", "organ"),
    [
        (
            "Protokoll Beredning för folkhälsa och tandvård Sammanträdesdatum: 2024-11-21",
            "Beredning för folkhälsa och tandvård",
        ),
        (
            "Beredning för psykisk hälsa, habilitering och hjälpmedel Sammanträdesdatum: 2024-03-02",
            "Beredning för psykisk hälsa, habilitering och hjälpmedel",
        ),
        ("Beredning för nära vård är en av fyra beredningar.", "Beredning för nära vård"),
        ("Beredningen för exempelvård avser att under året följa", "Beredningen för exempelvård"),
        ("Inspel från beredning för specialiserad vård till nämnden", "beredning för specialiserad vård"),
    ],
)
def test_organ_names_end_where_the_name_ends(text: str, organ: str) -> None:
    from extractors.organ import ORGAN

    m = ORGAN.search(text)
    assert m is not None and m.group(1) == organ


@pytest.mark.parametrize(
    ("text", "page_number"),
    [
        ("Sida 3 av 9", True),
        ("Rapport om uppdragen 4 (12)", True),
        ("3/9", True),
        # Regression: a diarienummer at the top of a protocol's second page was taken for "page 2024
        # of 27", removed as furniture, and split the protocol in two.
        ("Dnr MBN 2024/27", False),
        ("KS 2023/145", False),
    ],
)
def test_page_numbers_are_not_diarienummer(text: str, page_number: bool) -> None:
    from extractors.cleanup import is_page_number

    assert is_page_number(text) is page_number


def test_regression_a_year_alone_on_its_line_is_no_page_number() -> None:
    # A slide's timeline ("2018", "2019") was removed as page numbers and its year lost.
    from extractors.cleanup import is_page_number

    assert not is_page_number("2019") and is_page_number("19") and is_page_number("Sida 2019 av 2020") is True
