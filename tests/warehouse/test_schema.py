"""Migrations: a fresh file, an older warehouse upgraded in place, files that must not be touched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from conftest import ORGAN_A, VERSION, assignment, file_load, report

from warehouse.load import load_and_publish
from warehouse.schema import SchemaError, current_version, latest_version, migrate
from warehouse.sql import migrations, views

OLD_TEXT = "Att följa implementeringen av nationella riktlinjer för cancervård."


def make_v1_warehouse(path: Path) -> None:
    """A warehouse as schema version 1 code left it, with one 2022 report loaded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        assert migrate(con, target=1) == 1
        con.execute(
            "INSERT INTO source_files VALUES ('old1', NULL, 'gammal.pdf', 4, TIMESTAMPTZ '2022-12-01 10:00:00+00', "
            "'ok', NULL, 'v0')"
        )
        con.execute(
            "INSERT INTO documents VALUES ('old1:1-0', 'old1', 0, 'aterrapportering', 'Återrapportering', ?, 2022, "
            "1, 4, NULL, 'v0')",
            [ORGAN_A],
        )
        con.execute(
            "INSERT INTO assignments VALUES ('old1:1-0:0', 'old1:1-0', 'old1', 0, ?, 2022, 'Nr 1', 1, ?, NULL, "
            "'pagar', 'behandlat', true, 'Uppdraget är flerårigt.', 2, 'v0')",
            [ORGAN_A, OLD_TEXT],
        )
        con.execute(
            "INSERT INTO meeting_dates VALUES ('old1:1-0', 'old1', ?, DATE '2022-05-27', 2, 'v0')", [ORGAN_A]
        )
        con.execute("INSERT INTO pages VALUES ('old1', 2, 'Nr 1. Att följa ...')")
        con.execute(
            "INSERT INTO load_runs VALUES ('old-run', TIMESTAMPTZ '2022-12-01 10:00:00+00', "
            "TIMESTAMPTZ '2022-12-01 10:01:00+00', 'v0', 1, 1, 0, 1, 1, 1, 1)"
        )


def test_migrations_are_numbered_and_views_exist() -> None:
    assert [v for v, _, _ in migrations()] == list(range(1, latest_version() + 1))
    assert latest_version() >= 2
    names = {name for name, _ in views()}
    assert {
        "v_status_by_year",
        "v_meetings_by_year",
        "v_meetings_by_month",
        "v_documents_by_year",
        "v_multi_year_assignments",
        "v_recurring_assignments",
        "v_extraction_gaps",
    } <= names


def test_fresh_database_gets_latest_version(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "fresh.duckdb")) as con:
        assert current_version(con) == 0
        assert migrate(con) == latest_version()
        assert migrate(con) == latest_version()  # a second migrate is a no-op
        assert con.execute("SELECT list(version ORDER BY version) FROM schema_version").fetchone() == (
            list(range(1, latest_version() + 1)),
        )


def test_older_warehouse_is_upgraded_in_place(warehouse_file: Path) -> None:
    make_v1_warehouse(warehouse_file)
    new = file_load("rapport-2023.pdf", [report(ORGAN_A, 2023, [assignment(1, OLD_TEXT, "genomfort", True)])])
    summary = load_and_publish(warehouse_file, [new], "run-new", VERSION)
    assert summary.schema_version == latest_version()
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.execute("SELECT list(version ORDER BY version) FROM schema_version").fetchone() == (
            list(range(1, latest_version() + 1)),
        )
        # The old facts are still there, now with the columns of the newer schema filled in.
        old = con.execute(
            "SELECT text, status, assignment_key IS NOT NULL, thread_id, is_duplicate FROM assignments "
            "WHERE assignment_id = 'old1:1-0:0'"
        ).fetchone()
        assert old == (OLD_TEXT, "pagar", True, "old1:1-0:0", False)
        assert con.execute("SELECT run_id FROM load_runs ORDER BY started_at").fetchall() == [
            ("old-run",),
            ("run-new",),
        ]
        # The 2022 assignment (old schema) and its 2023 successor form one thread.
        assert con.execute(
            "SELECT year, status, n_years FROM v_recurring_assignments ORDER BY year"
        ).fetchall() == [(2022, "pagar", 2), (2023, "genomfort", 2)]
        assert con.execute("SELECT count(*) FROM v_meetings_by_year").fetchone() == (2,)
        assert con.execute(
            "SELECT year, previous_year, previous_status, status FROM v_status_changes"
        ).fetchall() == [(2023, 2022, "pagar", "genomfort")]


def test_newer_warehouse_is_refused_and_untouched(warehouse_file: Path) -> None:
    make_v1_warehouse(warehouse_file)
    with duckdb.connect(str(warehouse_file)) as con:
        con.execute("INSERT INTO schema_version (version, name) VALUES (99, 'from_the_future')")
    before = hashlib.sha256(warehouse_file.read_bytes()).hexdigest()
    with pytest.raises(SchemaError, match="newer"):
        load_and_publish(warehouse_file, [], "run", VERSION)
    assert hashlib.sha256(warehouse_file.read_bytes()).hexdigest() == before
    assert not list(warehouse_file.parent.glob(".*work-*"))


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE someone_elses (x INTEGER)")
    with pytest.raises(SchemaError, match="no schema_version"):
        load_and_publish(path, [], "run", VERSION)


def test_non_duckdb_file_is_never_recreated(warehouse_file: Path) -> None:
    warehouse_file.parent.mkdir(parents=True)
    warehouse_file.write_bytes(b"this is not a database" * 100)
    with pytest.raises(duckdb.Error):
        load_and_publish(warehouse_file, [], "run", VERSION)
    assert warehouse_file.read_bytes() == b"this is not a database" * 100
