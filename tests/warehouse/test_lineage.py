"""Assignment lineages built by the real load into a real DuckDB file, in our own sentences."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ORGAN_A, ORGAN_B, VERSION, assignment, file_load, report

from warehouse.lineage import Member, Scorer, link_organ, score_pair
from warehouse.load import FileLoad, load_and_publish
from warehouse.normalise import normalised

ROOT = Path(__file__).resolve().parents[2]
Read = Callable[[Path, str], list[tuple[Any, ...]]]

OMSTALLNING = [
    "Att fortsätta omställningen till nära vård i länet.",
    "Fortsätta arbetet med omställningen till Nära vård i länet",
    "Att fortsätta arbetet med omställning till nära vård i hela länet.",
]
BARN = "Att kartlägga väntetiderna inom ortopedisk kirurgi för barn."
VUXNA = "Att kartlägga väntetiderna inom ortopedisk kirurgi för vuxna."
INFORA = "Att införa digitala vårdmöten i primärvården."
UTVARDERA = "Att utvärdera digitala vårdmöten i primärvården."
BOENDEN = "Att ta fram en plan för läkemedelsgenomgångar på särskilda boenden."
REFERENS = "Uppdrag 9 riktas till en annan beredning."


def reference(number: int) -> dict[str, Any]:
    return {**assignment(number, REFERENS, "okant", beredning="ej_aktuellt"), "reference_only": True}


def files() -> list[FileLoad]:
    r2021 = report(
        ORGAN_A,
        2021,
        [
            assignment(4, OMSTALLNING[0], "pagar"),
            assignment(5, BARN, "ej_genomfort"),
            assignment(6, INFORA, "pagar"),
            reference(9),
            assignment(8, BOENDEN, "pagar"),
        ],
    )
    plan = {
        **report(
            ORGAN_A,
            2021,
            [assignment(None, f"Förvaltningen får i uppdrag att {OMSTALLNING[0][4:]}", "okant")],
        ),
        "doc_type": "aktivitetsplan",
        "title": "Aktivitetsplan 2021",
    }
    r2022 = report(
        ORGAN_A,
        2022,
        [
            assignment(7, OMSTALLNING[1], "ej_genomfort"),
            assignment(2, VUXNA, "pagar"),
            assignment(3, UTVARDERA, "pagar"),
            reference(9),
        ],
    )
    r2023 = report(
        ORGAN_A,
        2023,
        [
            assignment(2, OMSTALLNING[2], "genomfort"),
            assignment(5, BOENDEN, "genomfort"),
            assignment(3, UTVARDERA, "genomfort"),
        ],
    )
    # Another organ with the same wording: lineages stay within their organ.
    other = report(ORGAN_B, 2022, [assignment(1, OMSTALLNING[1], "pagar")])
    return [
        file_load("r2021.pdf", [r2021]),
        file_load("plan2021.pdf", [plan]),
        file_load("r2022.pdf", [r2022]),
        file_load("r2023.pdf", [r2023]),
        file_load("hsn2022.pdf", [other]),
    ]


@pytest.fixture
def loaded(warehouse_file: Path) -> Path:
    load_and_publish(warehouse_file, files(), "run-1", VERSION)
    return warehouse_file


def lineage_of(read: Read, path: Path, text: str, organ: str = ORGAN_A) -> list[tuple[Any, ...]]:
    """(year, label, status, link_method) of the lineage holding `text`, oldest first."""
    return read(
        path,
        "SELECT h.year, h.label, h.status, h.link_method FROM v_assignment_history h "
        "WHERE h.lineage IN (SELECT lineage FROM v_assignment_history WHERE text = "
        f"'{text}' AND organ = '{organ}') ORDER BY h.year",
    )


def test_reworded_and_renumbered_assignment_is_one_lineage(loaded: Path, read: Read) -> None:
    rows = lineage_of(read, loaded, OMSTALLNING[0])
    assert [(y, label, status) for y, label, status, _ in rows] == [
        (2021, "Nr 4", "pagar"),
        (2022, "Nr 7", "ej_genomfort"),
        (2023, "Nr 2", "genomfort"),
    ]
    assert rows[0][3] is None and rows[1][3] == "fuzzy" and rows[2][3] == "fuzzy"
    scores = read(loaded, "SELECT score FROM assignment_links WHERE method = 'fuzzy'")
    assert all(0.75 <= s <= 1.0 for (s,) in scores)


def test_similar_but_different_assignments_stay_apart(loaded: Path, read: Read) -> None:
    assert [r[0] for r in lineage_of(read, loaded, BARN)] == [2021]
    assert [r[0] for r in lineage_of(read, loaded, VUXNA)] == [2022]
    assert [r[0] for r in lineage_of(read, loaded, INFORA)] == [2021]
    assert [(r[0], r[3]) for r in lineage_of(read, loaded, UTVARDERA)] == [(2022, None), (2023, "exact")]


def test_absent_year_is_skipped(loaded: Path, read: Read) -> None:
    assert [(r[0], r[2]) for r in lineage_of(read, loaded, BOENDEN)] == [(2021, "pagar"), (2023, "genomfort")]


def test_plan_copy_joins_the_report_row(loaded: Path, read: Read) -> None:
    rows = read(
        loaded,
        "SELECT m.shown, d.doc_type FROM assignment_lineage_members m "
        "JOIN documents d ON d.document_id = m.document_id WHERE m.year = 2021 AND m.text LIKE '%omställningen%' "
        "ORDER BY 2",
    )
    assert rows == [(False, "aktivitetsplan"), (True, "aterrapportering")]
    assert read(loaded, "SELECT count(*) FROM assignment_links WHERE method = 'copy'") == [(1,)]


def test_references_and_other_organs_are_not_members(loaded: Path, read: Read) -> None:
    assert read(
        loaded,
        "SELECT count(*) FROM assignment_lineage_members m JOIN assignments a USING (assignment_id) "
        "WHERE a.reference_only",
    ) == [(0,)]
    assert read(loaded, f"SELECT count(*) FROM v_recurring_assignments WHERE text = '{REFERENS}'") == [(0,)]
    assert [r[0] for r in lineage_of(read, loaded, OMSTALLNING[1], ORGAN_B)] == [2022]


def test_carry_over_per_organ_and_year(loaded: Path, read: Read) -> None:
    rows = read(
        loaded,
        f"SELECT year, assignments, new, carried_over, dropped FROM v_lineage_carry_over WHERE organ = '{ORGAN_A}'",
    )
    assert rows == [(2021, 4, 4, 0, 0), (2022, 3, 2, 1, 3), (2023, 3, 0, 3, 1)]


def test_history_view_lists_each_lineage_oldest_first(loaded: Path, read: Read) -> None:
    # After a reload of some files the members of the organs it touched are written again.
    load_and_publish(loaded, files()[2:3], "run-2", VERSION)
    rows = read(loaded, "SELECT organ, lineage, year FROM v_assignment_history")
    assert len(rows) == 11
    seen: set[tuple[str, str]] = set()
    for i, (organ, lineage, year) in enumerate(rows):
        if i and (organ, lineage) == rows[i - 1][:2]:
            assert year > rows[i - 1][2]
        else:
            assert (organ, lineage) not in seen  # each lineage's rows together
            seen.add((organ, lineage))


def test_reload_gives_the_same_lineages(loaded: Path, read: Read) -> None:
    sql = "SELECT * FROM assignment_links ORDER BY ALL"
    before = read(loaded, sql), read(loaded, "SELECT * FROM assignment_lineages ORDER BY ALL")
    load_and_publish(loaded, list(reversed(files()))[:2], "run-2", VERSION)
    assert (read(loaded, sql), read(loaded, "SELECT * FROM assignment_lineages ORDER BY ALL")) == before


def test_structure_links_a_close_wording_with_the_same_number_and_section() -> None:
    def member(aid: str, year: int, number: int, text: str) -> Member:
        return Member(aid, ORGAN_A, year, f"doc{year}", number, "2.2 Process", 0, normalised(text))

    a = member("a", 2021, 3, "Att utreda behovet av vårdplatser i norra länsdelen.")
    b = member(
        "b", 2022, 3, "Att utreda behovet av vårdplatser och bemanning i den norra länsdelen under sommaren."
    )
    filler = [
        member(f"f{i}", 2021, 10 + i, t)
        for i, t in enumerate(["Att följa ekonomin.", "Att se över lokalerna."])
    ]
    scorer = Scorer([a, b, *filler])
    text = scorer.wording(a.normalised, b.normalised)
    assert 0.6 <= text < 0.75
    assert score_pair(scorer, a, b) == (pytest.approx(text + 0.15, abs=1e-4), "structure")
    renumbered = Member("c", ORGAN_A, 2022, "doc2022", 9, "2.2 Process", 0, b.normalised)
    assert score_pair(scorer, a, renumbered) is None
    lineage, _ = link_organ([a, b, *filler])
    assert lineage["b"] == "a"


def test_history_cli_prints_years_oldest_first(loaded: Path) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "pipelines.cli", "history", *args, "--warehouse", str(loaded)]
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)

    done = cli("nära vården", "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert [(x["organ"], [y["year"] for y in x["years"]]) for x in found] == [
        (ORGAN_A, [2021, 2022, 2023]),
        (ORGAN_B, [2022]),
    ]
    first = found[0]["years"]
    assert [(y["status"], y["evidence"]) for y in first] == [
        ("pagar", "Uppdraget har startat."),
        ("ej_genomfort", "Uppdraget bedöms inte vara genomfört vid årets slut."),
        ("genomfort", "Uppdraget bedöms vara genomfört vid årets slut."),
    ]
    text = cli("Omställning till nära vård")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].startswith(f"{ORGAN_A}: 2021-2023, 3 years (lineage ")
    assert [ln.split()[:2] for ln in lines if ln.startswith("  20")][:3] == [
        ["2021", "pagar"],
        ["2022", "ej_genomfort"],
        ["2023", "genomfort"],
    ]
    assert "-> Uppdraget bedöms vara genomfört vid årets slut." in text.stdout
    assert cli("läkemedelsgenomgångar boenden").stdout.count("lineage ") == 1
    assert (
        cli("tandvård")
        .stdout.strip()
        .startswith("no assignment matches 'tandvård' (history reads the wordings")
    )
    empty = cli("att och för")
    assert empty.returncode == 1
    assert empty.stderr.strip().startswith("protokoll history: 'att och för' has no word")


def test_history_on_a_warehouse_without_lineages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import duckdb

    from pipelines.cli import main
    from warehouse.schema import migrate

    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as con:
        migrate(con, target=5)
    assert main(["history", "nära vård", "--warehouse", str(old)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("protokoll history: ") and "no lineages yet" in err and "\n" not in err
    assert main(["history", "nära vård", "--warehouse", str(tmp_path / "none.duckdb")]) == 1
    assert "no warehouse at" in capsys.readouterr().err
