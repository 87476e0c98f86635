"""`protokoll ingest` runs the job in-process and prints the summary; exit codes."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from tests.pipelines.ingest_fixtures import make_fixture_folder

pytestmark = pytest.mark.slow


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    for name in ("PROTOKOLL_WAREHOUSE", "PROTOKOLL_ARCHIVE", "PROTOKOLL_SOURCES"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_ingest_command_summary_and_rerun(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = env / "in"
    files = make_fixture_folder(folder)
    wh = env / "out" / "w.duckdb"
    argv = ["ingest", "--from", str(folder), "--warehouse", str(wh), "--archive", str(env / "arch")]

    assert main(argv) == 0  # rejected files do not fail the run
    out = capsys.readouterr().out
    assert "ingest succeeded" in out
    assert "files: 4 found, 4 new, 0 unchanged, 2 rejected" in out  # the not-a-PDF is archived too
    assert f"{files['corrupt'].name}: corrupt" in out
    assert f"{files['not_pdf'].name}: not_pdf" in out
    assert "extraction: 4 extracted" in out
    assert "warehouse: 4 source_files" in out
    assert "coverage" in out and str(folder) in out
    assert "checks:" in out
    assert (env / "dagster_home" / "dagster.yaml").exists()
    with duckdb.connect(str(wh), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] >= 2

    assert main(argv) == 0
    out = capsys.readouterr().out
    # new/unchanged describe the fetch; the corrupt file is unchanged content, still rejected.
    assert "files: 4 found, 0 new, 4 unchanged, 2 rejected" in out
    assert f"{files['corrupt'].name}: corrupt" in out
    assert "extraction: 0 extracted, 0 from cache; 0 files loaded" in out

    # --force re-extracts what is stored, without fetching anything new.
    assert main([*argv, "--force"]) == 0
    out = capsys.readouterr().out
    assert "0 new" in out and "extraction: 4 extracted" in out


def test_ingest_defaults_stay_in_project_folder(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_fixture_folder(env / "in")
    assert main(["ingest", "--from", "in", "--since", "2020-01-01", "--until", "2030-12-31"]) == 0
    assert (env / "warehouse" / "protokoll.duckdb").is_file()
    assert (env / "data" / "archive" / "objects").is_dir()
    assert "ingest succeeded" in capsys.readouterr().out


def test_ingest_bad_arguments(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "--from", str(env / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["ingest", "--from", str(env), "--since", "2024-02-01", "--until", "2024-01-01"]) == 2
    with pytest.raises(SystemExit):
        main(["ingest", "--since", "yesterday"])


def test_ingest_without_sources_file_fails_cleanly(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # No sources.yaml in the project folder and no --from: one line, exit 2, before Dagster starts.
    assert main(["ingest"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "sources.yaml" in err[0] and "file not found" in err[0]
    assert not (env / "dagster_home").exists()


def _bad_sources(env: Path) -> list[str]:
    (env / "bad.yaml").write_text("version: 1\nsources:\n  - name: x\n    kind: ftp\n", encoding="utf-8")
    return ["--config", str(env / "bad.yaml")]


def _not_duckdb(env: Path) -> list[str]:
    (env / "notes.txt").write_text("my notes, not a database\n", encoding="utf-8")
    return ["--warehouse", str(env / "notes.txt")]


def _parent_is_file(env: Path) -> list[str]:
    (env / "afile").write_text("x", encoding="utf-8")
    return ["--warehouse", str(env / "afile" / "w.duckdb")]


def _archive_is_file(env: Path) -> list[str]:
    (env / "arch.txt").write_text("x", encoding="utf-8")
    return ["--archive", str(env / "arch.txt")]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_bad_sources, "bad.yaml"),
        (lambda env: ["--warehouse", str(env)], "is a folder"),
        (_not_duckdb, "not a DuckDB file"),
        (_parent_is_file, "is a file, not a folder"),
        (_archive_is_file, "is a file, not a folder"),
    ],
)
def test_config_and_path_problems_are_one_line_before_any_download(
    env: Path,
    capsys: pytest.CaptureFixture[str],
    make,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    folder = env / "in"
    make_fixture_folder(folder)
    argv = make(env)
    if "--config" not in argv:
        argv += ["--from", str(folder)]
    assert main(["ingest", *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and "Traceback" not in err[0], err
    assert not (env / "dagster_home").exists()  # nothing ran
    assert (
        (env / "notes.txt").read_text(encoding="utf-8").startswith("my notes")
        if (env / "notes.txt").exists()
        else True
    )


def _cli(env: Path, *args: str) -> subprocess.Popen[str]:
    environ = {**os.environ, "DAGSTER_HOME": str(env / "dagster_home")}
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "ingest", *args],
        cwd=Path(__file__).resolve().parents[2],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _has_started_run(runs_db: Path) -> bool:
    """Read the run storage read-only with sqlite: opening a Dagster instance here would race the
    ingest that is creating its tables."""
    import sqlite3

    if not runs_db.exists():
        return False
    try:
        with sqlite3.connect(f"file:{runs_db}?mode=ro", uri=True, timeout=1) as con:
            return bool(con.execute("SELECT count(*) FROM runs WHERE status = 'STARTED'").fetchone()[0])
    except sqlite3.Error:
        return False  # tables not created yet


def test_a_killed_ingest_does_not_stop_the_next_one(env: Path) -> None:
    import signal
    import time

    import dagster as dg

    folder = env / "in"
    make_fixture_folder(folder)
    args = ["--from", str(folder), "--warehouse", str(env / "w.duckdb"), "--archive", str(env / "arch")]
    first = _cli(env, *args)
    # Kill it while its Dagster run is STARTED (the moment it would otherwise hold the queue).
    deadline = time.monotonic() + 120
    started = False
    while time.monotonic() < deadline and first.poll() is None and not started:
        time.sleep(0.2)
        started = _has_started_run(env / "dagster_home" / "history" / "runs.db")
    assert started, "the first ingest never reached a STARTED run"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)

    os.environ["DAGSTER_HOME"] = str(env / "dagster_home")  # for the checks below, after the kill
    second = _cli(env, *args)
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert "ingest succeeded" in out
    with dg.DagsterInstance.get() as instance:
        statuses = [r.status for r in instance.get_runs()]
    assert dg.DagsterRunStatus.STARTED not in statuses  # the killed run was marked failed
    assert statuses.count(dg.DagsterRunStatus.SUCCESS) == 1 and dg.DagsterRunStatus.FAILURE in statuses


def test_two_first_ever_ingests_at_once_both_end_cleanly(env: Path) -> None:
    folder = env / "in"
    make_fixture_folder(folder)
    procs = [
        _cli(
            env,
            "--from",
            str(folder),
            "--warehouse",
            str(env / f"w{i}.duckdb"),
            "--archive",
            str(env / f"a{i}"),
        )
        for i in (1, 2)
    ]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    codes = sorted(code for code, _out, _err in results)
    # One runs; the other either ran after it or said in one line that one is running (exit 3).
    assert codes in ([0, 0], [0, 3]), results
    for code, out, err in results:
        assert "Traceback" not in err and "already exists" not in err, err
        if code == 3:
            assert len(err.strip().splitlines()) == 1 and "another protokoll ingest is running" in err
        else:
            assert "ingest succeeded" in out
