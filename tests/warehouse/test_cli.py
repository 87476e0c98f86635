"""`protokoll query` and `protokoll status` against a real published warehouse."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import ORGAN_A, VERSION, corpus

from pipelines.cli import main
from warehouse.load import load_and_publish


@pytest.fixture
def loaded(warehouse_file: Path) -> Path:
    load_and_publish(warehouse_file, corpus(), "run-1", VERSION)
    return warehouse_file


SQL = "SELECT year, status, n FROM v_status_by_year WHERE year = 2022 ORDER BY status"


def test_query_json(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", SQL, "--warehouse", str(loaded), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"year": 2022, "status": "genomfort", "n": 1},
        {"year": 2022, "status": "okant", "n": 1},
        {"year": 2022, "status": "pagar", "n": 1},
    ]


def test_query_csv_with_dates(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sql = "SELECT organ, first_date FROM v_meetings_by_year WHERE year = 2024 ORDER BY organ"
    assert main(["query", sql, "--warehouse", str(loaded), "--format", "csv"]) == 0
    got = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert got[0] == ["organ", "first_date"]
    assert got[1] == [ORGAN_A, "2024-03-12"]


def test_query_table_is_default(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", SQL, "--warehouse", str(loaded)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [c.strip() for c in out[0].split("|")] == ["year", "status", "n"]
    assert [c.strip() for c in out[2].split("|")] == ["2022", "genomfort", "1"]
    assert out[-1] == "(3 rows)"


def test_query_uses_environment_setting(
    loaded: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROTOKOLL_WAREHOUSE", str(loaded))
    assert main(["query", "SELECT count(*) AS n FROM assignments", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 10}]


@pytest.mark.parametrize(
    ("sql", "message"),
    [("SELEC 1", "Parser Error"), ("SELECT * FROM nope", "nope"), ("DELETE FROM assignments", "read-only")],
)
def test_query_errors_are_one_line_and_exit_1(
    loaded: Path, capsys: pytest.CaptureFixture[str], sql: str, message: str
) -> None:
    assert main(["query", sql, "--warehouse", str(loaded)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("protokoll query: ") and message in err
    assert (
        main(
            ["query", "SELECT count(*) AS n FROM assignments", "--warehouse", str(loaded), "--format", "json"]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == [{"n": 10}]


def test_missing_warehouse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.duckdb"
    assert main(["query", "SELECT 1", "--warehouse", str(missing)]) == 1
    assert main(["status", "--warehouse", str(missing)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all("no warehouse at" in line for line in err)
    assert not missing.exists()


def test_status(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--warehouse", str(loaded)]) == 0
    out = capsys.readouterr().out
    assert "files: 7 (ok 6, rejected 1)" in out
    assert "aterrapportering" in out and "kallelse" in out
    assert "2022: 3 (genomfort 1, okant 1, pagar 1)" in out
    assert "last load: run-1" in out
    assert main(["status", "--warehouse", str(loaded), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["documents"] == {"aterrapportering": 5, "kallelse": 2}
    assert summary["last_load"]["run_id"] == "run-1"


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "sql",
    [
        "COPY (SELECT 1) TO '{warehouse}'",
        "COPY assignments TO '{tmp}/out.csv'",
        "ATTACH '{tmp}/other.duckdb' AS o (READ_WRITE)",
        "EXPORT DATABASE '{tmp}/export'",
        "INSTALL fts",
        "LOAD fts",
        "SELECT 1; DELETE FROM assignments",
        "DELETE FROM assignments",
        "UPDATE assignments SET status = 'genomfort'",
        "INSERT INTO assignments SELECT * FROM assignments",
        "CREATE TABLE x AS SELECT 1",
        "DROP VIEW v_status_by_year",
        "SET threads = 1",
        "CALL pragma_version()",
        "SELECT * FROM read_csv('{tmp}/planted.csv')",
        "SELECT * FROM read_text('{warehouse}')",
    ],
)
def test_query_refuses_writes_and_file_access(
    loaded: Path, tmp_path: Path, sql: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "planted.csv").write_text("a\n1\n", encoding="utf-8")
    before = _sha256(loaded)
    statement = sql.format(warehouse=loaded, tmp=tmp_path)
    assert main(["query", statement, "--warehouse", str(loaded)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("protokoll query: "), err
    assert _sha256(loaded) == before
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "other.duckdb").exists()
    assert not (tmp_path / "export").exists()


@pytest.mark.parametrize(
    "sql",
    [
        "WITH s AS (SELECT * FROM v_status_by_year) SELECT count(*) FROM s",
        "SHOW TABLES",
        "DESCRIBE assignments",
        "EXPLAIN SELECT * FROM assignments",
        "PRAGMA show_tables",
        "FROM v_status_by_year LIMIT 1",
    ],
)
def test_query_allows_reads(loaded: Path, sql: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", sql, "--warehouse", str(loaded)]) == 0, capsys.readouterr().err


def test_query_parsing_reads_no_files(
    loaded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Regression: statements were parsed on DuckDB's default connection, where a PRAGMA that
    # imports a database already reads its files while being parsed.
    (tmp_path / "schema.sql").write_text("secret words here;", encoding="utf-8")
    assert main(["query", f"PRAGMA import_database('{tmp_path}')", "--warehouse", str(loaded)]) == 1
    err = capsys.readouterr().err
    assert "secret" not in err and err.startswith("protokoll query: ")
