"""Each check fails on data built to break it, and passes on sound data.

The warehouse checks are the SQL of warehouse/sql/checks.sql, run on a real migrated DuckDB file.
"""

from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipelines import checks
from warehouse.checks import CheckRows, offending_rows
from warehouse.schema import migrate


@pytest.fixture
def con(tmp_path: Path) -> Any:
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as c:
        migrate(c)
        c.execute(
            "INSERT INTO documents (document_id, sha256, doc_index, doc_type, title, organ, year) VALUES "
            "('r1', 's1', 0, 'aterrapportering', 'Rapport', 'A', 2024), "
            "('k1', 's2', 0, 'kallelse', 'Kallelse', 'A', 2024)"
        )
        yield c


def add_assignments(
    con: Any, statuses: list[str], document_id: str = "r1", numbers: list[int] | None = None
) -> None:
    start = con.execute("SELECT count(*) FROM assignments").fetchone()[0]
    for i, status in enumerate(statuses):
        number = numbers[i] if numbers else start + i + 1
        con.execute(
            "INSERT INTO assignments (assignment_id, document_id, sha256, ordinal, number, status) "
            "VALUES (?, ?, 's', ?, ?, ?)",
            [f"{document_id}-{start + i}", document_id, start + i, number, status],
        )


def run(con: Any, name: str) -> CheckRows:
    return offending_rows(con, name, **checks.check_params().get(name, {}))


def test_report_without_assignments_fails(con: Any) -> None:
    add_assignments(con, ["pagar"], document_id="k1")
    broken = run(con, "reports_have_assignments")
    assert not broken.passed and [r[0] for r in broken.rows] == ["r1"]
    add_assignments(con, ["pagar"])
    assert run(con, "reports_have_assignments").passed


def test_okant_share_over_threshold_fails(con: Any) -> None:
    add_assignments(con, ["pagar", "genomfort", "okant", "ej_genomfort"])
    assert run(con, "okant_share").passed
    add_assignments(con, ["okant"] * 6)
    broken = run(con, "okant_share")
    assert not broken.passed
    assert {r[0] for r in broken.rows} == {"r1", "ALL REPORTS"}


def test_okant_share_one_report_gone_okant_fails_when_overall_is_low(con: Any) -> None:
    con.execute(
        "INSERT INTO documents (document_id, sha256, doc_index, doc_type, organ, year) "
        "VALUES ('r2', 's3', 0, 'aterrapportering', 'B', 2024)"
    )
    add_assignments(con, ["pagar"] * 40)
    add_assignments(con, ["okant"] * 6, document_id="r2")
    rows = run(con, "okant_share").rows
    assert [r[0] for r in rows] == ["r2"]  # overall 6/46 is fine, one report is not


def test_okant_share_counts_only_reports(con: Any) -> None:
    # Plan items in a kallelse's aktivitetsplan have no status statements by nature.
    add_assignments(con, ["pagar"] * 5)
    add_assignments(con, ["okant"] * 10, document_id="k1")
    assert run(con, "okant_share").passed


def test_okant_share_ignores_bare_references(con: Any) -> None:
    # Regression: a report whose many "Uppdrag N riktas till andra beredningar" rows are okant.
    add_assignments(con, ["genomfort", "pagar", "okant", "okant", "okant", "okant"])
    assert not run(con, "okant_share").passed
    con.execute("UPDATE assignments SET reference_only = true WHERE ordinal >= 3")
    assert run(con, "okant_share").passed


def test_okant_share_empty_warehouse_passes(con: Any) -> None:
    assert run(con, "okant_share").passed


@pytest.mark.parametrize(
    ("table", "insert"),
    [
        ("source_files", "INSERT INTO source_files (sha256, status) VALUES ('a', 'ok'), ('a', 'ok')"),
        (
            "documents",
            "INSERT INTO documents (document_id, sha256, doc_index) VALUES ('r1', 's9', 1)",
        ),
        (
            "meeting_dates",
            "INSERT INTO meeting_dates (document_id, sha256, date) "
            "VALUES ('k1', 's2', '2024-03-12'), ('k1', 's2', '2024-03-12')",
        ),
    ],
)
def test_duplicate_keys_fail(con: Any, table: str, insert: str) -> None:
    add_assignments(con, ["pagar", "okant"])
    con.execute(
        "INSERT INTO meeting_dates (document_id, sha256, date) VALUES ('k1', 's2', '2024-03-12'), "
        "('k1', 's2', '2024-05-27')"
    )
    assert run(con, "unique_keys").passed
    con.execute(insert)
    rows = run(con, "unique_keys").rows
    assert [r[0].split("(")[0] for r in rows] == [table]


def test_two_assignments_with_one_number_fail(con: Any) -> None:
    add_assignments(con, ["pagar", "okant"], numbers=[9, 9])
    rows = run(con, "unique_keys").rows
    assert rows == [("assignments(document_id, number)", "r1 9", 2)]


def test_meeting_dates_outside_year_fail(con: Any) -> None:
    con.execute(
        "INSERT INTO meeting_dates (document_id, sha256, date, page) VALUES "
        "('k1', 's2', '2024-03-12', 1), ('k1', 's2', '2025-01-20', 2), ('r1', 's1', '2023-12-01', 3)"
    )
    assert run(con, "meeting_dates_near_year").passed
    con.execute(
        "INSERT INTO meeting_dates (document_id, sha256, date, page) VALUES ('r1', 's1', '2019-05-27', 2)"
    )
    rows = run(con, "meeting_dates_near_year").rows
    assert [(r[0], str(r[3])) for r in rows] == [("r1", "2019-05-27")]
    # A document without a year cannot be judged.
    con.execute("UPDATE documents SET year = NULL")
    assert run(con, "meeting_dates_near_year").passed


def test_every_sql_check_is_an_asset_check() -> None:
    from warehouse.checks import check_names

    assert set(check_names()) == set(checks.WAREHOUSE_CHECKS)


def test_source_that_goes_silent_fails() -> None:
    assert checks.sources_yield_files({"portal": 12, "inbox": 0}, None).passed  # first run
    assert checks.sources_yield_files({"portal": 12, "inbox": 0}, {"portal": 10, "inbox": 0}).passed
    silent = checks.sources_yield_files({"portal": 0}, {"portal": 10})
    assert not silent.passed and silent.metadata["silent_sources"].value == ["portal"]
    flagged = checks.sources_yield_files(
        {"portal": 5},
        {"portal": 5},
        [
            {
                "source": "portal",
                "committee": "nara-vard",
                "year": 2024,
                "flagged": True,
                "flag_reason": "0 found",
            }
        ],
    )
    assert not flagged.passed


def test_portal_documents_not_revisited_still_count_as_yield() -> None:
    from pipelines.assets.fetch import fetch_totals, source_counts

    # Second nightly run: the portal revisits no old meeting, lists no file, but its coverage
    # still counts the documents it knows; that is not a silent source.
    coverage = [
        {"source": "portal", "committee": "a", "year": 2023, "documents_found": 5, "unchanged": 5},
        {"source": "portal", "committee": "b", "year": 2024, "documents_found": 3, "unchanged": 3},
    ]
    counts = source_counts(["portal", "inbox"], [], coverage)
    assert counts == {"portal": 8, "inbox": 0}
    assert checks.sources_yield_files(counts, {"portal": 8}).passed
    assert fetch_totals([], coverage) == {"found": 8, "unchanged": 8}
    files = [{"source": "inbox", "status": "new"}, {"source": "inbox", "status": "unchanged"}]
    assert source_counts(["inbox"], files, [])["inbox"] == 2
