"""Every view on known data (the corpus of conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import ORGAN_A, ORGAN_B, VERSION, corpus, sha

from warehouse.load import load_and_publish
from warehouse.query import connect_readonly, fetch_arrow, fetch_df

T22 = f"{sha('rapport-2022.pdf')[:16]}:1-0"


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path: Path = tmp_path_factory.mktemp("views") / "protokoll.duckdb"
    load_and_publish(path, corpus(), "run-1", VERSION)
    with connect_readonly(path) as c:
        yield c


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def test_v_status_by_year(con: duckdb.DuckDBPyConnection) -> None:
    got = rows(con, "SELECT organ, year, status, n, round(share, 4) FROM v_status_by_year ORDER BY ALL")
    third = round(1 / 3, 4)
    assert got == [
        (ORGAN_A, 2022, "genomfort", 1, third),
        (ORGAN_A, 2022, "okant", 1, third),
        (ORGAN_A, 2022, "pagar", 1, third),
        (ORGAN_A, 2023, "arsdel_genomford", 1, third),
        (ORGAN_A, 2023, "ej_genomfort", 1, third),
        (ORGAN_A, 2023, "pagar", 1, third),
        # The 2024 report is both bundled in a kallelse and published alone: counted once.
        (ORGAN_A, 2024, "genomfort", 2, 1.0),
    ]


def test_v_meetings_by_year(con: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        con,
        "SELECT organ, year, meetings, first_date::VARCHAR, last_date::VARCHAR FROM v_meetings_by_year ORDER BY ALL",
    )
    assert got == [
        (ORGAN_A, 2022, 2, "2022-05-27", "2022-11-05"),
        (ORGAN_A, 2023, 3, "2023-05-27", "2023-11-05"),
        (ORGAN_A, 2024, 3, "2024-03-12", "2024-11-05"),
        (ORGAN_B, 2024, 2, "2024-05-27", "2024-11-05"),
    ]


def test_v_meetings_by_month(con: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        con, f"SELECT year, month, meetings FROM v_meetings_by_month WHERE organ = '{ORGAN_A}' ORDER BY ALL"
    )
    assert got == [
        (2022, 5, 1),
        (2022, 11, 1),
        (2023, 5, 1),
        (2023, 9, 1),
        (2023, 11, 1),
        (2024, 3, 1),
        (2024, 5, 1),
        (2024, 11, 1),
    ]


def test_v_documents_by_year(con: duckdb.DuckDBPyConnection) -> None:
    assert rows(con, "SELECT organ, doc_type, year, n FROM v_documents_by_year ORDER BY ALL") == [
        (ORGAN_A, "aterrapportering", 2022, 1),
        (ORGAN_A, "aterrapportering", 2023, 1),
        (ORGAN_A, "aterrapportering", 2024, 2),
        (ORGAN_A, "kallelse", 2023, 1),
        (ORGAN_A, "kallelse", 2024, 1),
        (ORGAN_B, "aterrapportering", 2024, 1),
    ]


def test_v_multi_year_assignments(con: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        con,
        "SELECT year, number, status, thread_id, thread_first_year, thread_last_year, thread_years "
        "FROM v_multi_year_assignments ORDER BY year",
    )
    assert got == [
        (2022, 1, "pagar", f"{T22}:0", 2022, 2024, 3),
        (2023, 1, "arsdel_genomford", f"{T22}:0", 2022, 2024, 3),
        (2024, 1, "genomfort", f"{T22}:0", 2022, 2024, 3),
    ]


def test_v_recurring_assignments_links_reworded_text(con: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        con,
        "SELECT thread_id, organ, year, number, label, status FROM v_recurring_assignments ORDER BY thread_id, year",
    )
    assert got == [
        (f"{T22}:0", ORGAN_A, 2022, 1, "Nr 1", "pagar"),
        (f"{T22}:0", ORGAN_A, 2023, 1, "Nr 1", "arsdel_genomford"),
        # "cancervården" in 2024: not the same fingerprint, linked by similarity.
        (f"{T22}:0", ORGAN_A, 2024, 1, "Nr 1", "genomfort"),
        # "Att kartlägga väntetider inom ortopedi." reworded as Nr 2 in 2023.
        (f"{T22}:2", ORGAN_A, 2022, 3, "Nr 3", "okant"),
        (f"{T22}:2", ORGAN_A, 2023, 2, "Nr 2", "ej_genomfort"),
    ]
    text = rows(con, f"SELECT text FROM v_recurring_assignments WHERE thread_id = '{T22}:2' ORDER BY year")
    assert text[1] == ("Kartlägga och analysera väntetider inom ortopedi i regionen.",)


def test_v_extraction_gaps(con: duckdb.DuckDBPyConnection) -> None:
    got = rows(con, "SELECT kind, organ, year, doc_type, detail FROM v_extraction_gaps ORDER BY kind")
    assert got == [
        ("rejected_file", None, None, None, "trasig.pdf: encrypted: cannot read"),
        ("report_without_assignments", ORGAN_B, 2024, "aterrapportering", "Återrapportering av uppdrag 2024"),
        ("status_okant", ORGAN_A, 2022, "aterrapportering", "Nr 3 Att kartlägga väntetider inom ortopedi."),
    ]
    assert rows(con, "SELECT document_id FROM v_extraction_gaps WHERE kind = 'status_okant'") == [(T22,)]


def test_v_status_changes(con: duckdb.DuckDBPyConnection) -> None:
    assert rows(
        con, "SELECT year, status, previous_year, previous_status FROM v_status_changes ORDER BY ALL"
    ) == [
        (2023, "arsdel_genomford", 2022, "pagar"),
        (2023, "ej_genomfort", 2022, "okant"),
        (2024, "genomfort", 2023, "arsdel_genomford"),
    ]


def test_v_status_changes_lists_real_changes_and_the_macro_all_pairs_on_request(
    con: duckdb.DuckDBPyConnection,
) -> None:
    steps = rows(
        con,
        "SELECT thread_id, year, status, previous_status, changed FROM status_changes(include_unchanged := true)",
    )
    changes = rows(con, "SELECT thread_id, year, status, previous_status FROM v_status_changes")
    assert all(status != previous for _, _, status, previous in changes)
    assert sorted(changes) == sorted(r[:4] for r in steps if r[4])
    assert all(r[4] == (r[2] != r[3]) for r in steps)
    assert sorted(
        r[:4] for r in rows(con, "SELECT thread_id, year, status, previous_status FROM status_changes()")
    ) == sorted(changes)


@pytest.mark.parametrize(
    ("view", "key"),
    [
        ("v_status_by_year", "year, organ"),
        ("v_meetings_by_year", "year, organ"),
        ("v_documents_by_year", "year, organ"),
        ("v_status_changes", "year, organ"),
    ],
)
def test_views_come_in_year_then_organ_order(con: duckdb.DuckDBPyConnection, view: str, key: str) -> None:
    # No ORDER BY in the query: the view's own order is what an analyst sees first.
    got = [tuple(r) for r in con.execute(f"SELECT {key} FROM {view}").fetchall()]
    assert got and got == sorted(got, key=lambda r: tuple((v is None, v) for v in r))


def test_shares_are_rounded(con: duckdb.DuckDBPyConnection) -> None:
    shares = [s for (s,) in con.execute("SELECT share FROM v_status_by_year").fetchall()]
    assert all(round(s, 4) == s for s in shares)


def test_v_assignment_pages(con: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        con, "SELECT file_name, page, page_text FROM v_assignment_pages WHERE year = 2023 AND number = 2"
    )
    assert got == [("rapport-2023.pdf", 1, "rapport-2023.pdf sida 1\nUppdraget har startat.")]


def test_bare_references_are_kept_but_not_counted_as_judged(tmp_path: Path) -> None:
    """Regression: 'Uppdrag 13 och 14 riktas till andra beredningar' rows pushed okant shares up."""
    from conftest import assignment, file_load, report

    refs = [
        dict(
            assignment(13, "Uppdrag 13 och 14 riktas till andra beredningar.", status="okant"),
            label="Uppdrag 13",
            reference_only=True,
            beredning="ej_aktuellt",
        ),
        dict(
            assignment(14, "Uppdrag 13 och 14 riktas till andra beredningar.", status="okant"),
            label="Uppdrag 14",
            reference_only=True,
            beredning="ej_aktuellt",
        ),
    ]
    doc = report(ORGAN_B, 2025, [assignment(1, "Att följa vårdplanen.", status="genomfort"), *refs])
    path = tmp_path / "protokoll.duckdb"
    load_and_publish(path, [file_load("refs-2025.pdf", [doc])], "run-refs", VERSION)
    with connect_readonly(path) as c:
        assert rows(c, "SELECT count(*), sum(reference_only::int) FROM assignments") == [(3, 2)]
        assert rows(c, "SELECT status, n, share FROM v_status_by_year") == [("genomfort", 1, 1.0)]
        assert rows(c, "SELECT count(*) FROM v_extraction_gaps WHERE kind LIKE '%okant%'") == [(0,)]


def test_fetch_arrow_and_fetch_df_give_the_rows_of_the_query_with_its_parameters(
    con: duckdb.DuckDBPyConnection,
) -> None:
    sql = "SELECT year, label, status FROM v_assignment_history WHERE organ = ? ORDER BY year, label"
    expected = con.execute(sql, [ORGAN_A]).fetchall()
    assert len(expected) == 8
    table = fetch_arrow(con, sql, [ORGAN_A])
    assert list(zip(*(table.column(c).to_pylist() for c in table.column_names), strict=True)) == expected
    frame = fetch_df(con, sql, [ORGAN_A])
    assert list(frame.itertuples(index=False, name=None)) == expected
    assert fetch_arrow(con, sql, ["Ingen sådan nämnd"]).num_rows == 0


def test_fetch_arrow_returns_the_rows_in_batches_of_the_set_size(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    import warehouse.query as query

    sql = "SELECT year, label FROM v_assignment_history ORDER BY year, label"
    whole = fetch_arrow(con, sql)
    monkeypatch.setattr(query, "ARROW_BATCH_ROWS", 3)
    batched = fetch_arrow(con, sql)
    assert [b.num_rows <= 3 for b in batched.to_batches()] == [True] * len(batched.to_batches())
    assert len(batched.to_batches()) >= 3
    assert batched.to_pylist() == whole.to_pylist()
