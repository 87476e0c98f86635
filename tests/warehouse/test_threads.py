"""Fingerprints and similarity linking."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.schema import migrate
from warehouse.threads import assignment_key, best_pairs, tokens

TEXTS = [
    "Att följa implementeringen av nationella riktlinjer för cancervård.",
    "ATT FÖLJA  implementeringen av nationella riktlinjer, för cancervård",
    "Att kartlägga väntetider inom ortopedi och uppföljning av åtgärder i Region Örebro län.",
    "Uppdrag 6 och 7 riktas till andra beredningar.",
    "Att under 2024 minska väntetiderna till 90 dagar.",
    "",
    None,
]


def test_sql_macro_and_python_fingerprint_agree(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "k.duckdb")) as con:
        migrate(con)
        for text in TEXTS:
            assert con.execute("SELECT assignment_key(?)", [text]).fetchone() == (assignment_key(text),), text


def test_fingerprint_ignores_case_punctuation_order_and_filler() -> None:
    assert assignment_key(TEXTS[0]) == assignment_key(TEXTS[1])
    assert assignment_key("Följa riktlinjer för cancervård") == assignment_key(
        "cancervård: att följa riktlinjer"
    )
    assert assignment_key(TEXTS[0]) != assignment_key(TEXTS[2])
    assert "att" not in tokens(TEXTS[0]) and "cancervård" in tokens(TEXTS[0])
    # Numbers are content, years are not.
    assert assignment_key("Uppdrag 6 och 7 riktas till andra beredningar.") != assignment_key(
        "Uppdrag 9 och 10 riktas till andra beredningar."
    )
    assert assignment_key("Att under 2023 minska väntetiderna till 90 dagar.") == assignment_key(TEXTS[4])
    assert assignment_key("Att minska väntetiderna till 60 dagar.") != assignment_key(TEXTS[4])


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        # Reworded: linked. Unrelated: not linked. One-to-one, best first.
        (
            [("a", "Att kartlägga väntetider inom ortopedi."), ("b", "Att införa digitala vårdmöten.")],
            [
                ("c", "Kartlägga och analysera väntetider inom ortopedi."),
                ("d", "Att bygga ett nytt sjukhus."),
            ],
            [("a", "c")],
        ),
        (
            [
                ("a", "väntetider ortopedi kartlägga analysera"),
                ("b", "väntetider ortopedi kartlägga analysera länet"),
            ],
            [("c", "väntetider ortopedi kartlägga analysera länet")],
            [("b", "c")],
        ),
        # Short referral lines are not linked by similarity.
        (
            [("a", "Uppdrag 12 riktas till en annan beredning.")],
            [("b", "Uppdrag 10 riktas till en annan beredning.")],
            [],
        ),
    ],
)
def test_best_pairs(earlier: list, later: list, expected: list) -> None:
    assert best_pairs(earlier, later) == expected


def test_best_pairs_stays_fast_on_templated_wordings() -> None:
    import time

    numbers = range(3000, 6000)  # not 1900-2099, which read as years
    earlier = [(f"a{k}", f"Att utreda fråga nummer {k} om vård och omsorg.") for k in numbers]
    later = [(f"b{k}", f"Att utreda fråga nummer {k} om vård och omsorg i länet.") for k in numbers]
    started = time.perf_counter()
    pairs = best_pairs(earlier, later)
    assert time.perf_counter() - started < 5
    assert sorted(pairs) == sorted((f"a{k}", f"b{k}") for k in numbers)
