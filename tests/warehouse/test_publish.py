"""Safe reads while loading: a reader in another process, a load killed halfway, one writer at a time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from conftest import VERSION, corpus
from proc_helpers import big_files
from test_load import snapshot

from warehouse.load import load_and_publish
from warehouse.publish import LockTimeout, stale_working_files

HELPER = Path(__file__).with_name("proc_helpers.py")
pytestmark = pytest.mark.slow


def spawn(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(HELPER), *args], stderr=subprocess.PIPE)


def wait_for(path: Path, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(
                f"child exited {proc.returncode}: {proc.stderr.read().decode() if proc.stderr else ''}"
            )
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {path.name}")
        time.sleep(0.02)


def test_open_reader_in_another_process_never_fails_a_load(warehouse_file: Path, tmp_path: Path) -> None:
    load_and_publish(warehouse_file, corpus(), "run-1", VERSION)
    ctl = tmp_path / "ctl"
    ctl.mkdir()
    reader = spawn("reader", str(warehouse_file), str(ctl))
    try:
        wait_for(ctl / "ready", reader)
        # Control: the reader's lock is real; writing the published file in place would fail.
        with pytest.raises(duckdb.IOException, match="lock"):
            duckdb.connect(str(warehouse_file))
        for i in range(2):
            summary = load_and_publish(warehouse_file, big_files(tag=f"big{i}"), f"run-big-{i}", VERSION)
            assert summary.assignments == 20_000
        (ctl / "stop").touch()
        assert reader.wait(60) == 0, reader.stderr.read().decode() if reader.stderr else ""
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
    result = json.loads((ctl / "result.json").read_text())
    # The notebook's open connection kept one complete state: the one it opened.
    assert result["held"] == [result["first"]] == [[10, 10]]
    # Fresh connections during the load saw only complete states, never a half-loaded one.
    assert result["errors"] == []
    assert all(actual == recorded for actual, recorded in result["fresh"]), result["fresh"]
    assert {actual for actual, _ in result["fresh"]} <= {10, 20_010, 40_010}
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM assignments").fetchone() == (40_010,)


@pytest.mark.parametrize("stage", ["inserted", "before_publish"])
def test_load_killed_halfway_leaves_previous_state(warehouse_file: Path, tmp_path: Path, stage: str) -> None:
    load_and_publish(warehouse_file, corpus(), "run-1", VERSION)
    before = snapshot(warehouse_file)
    ctl = tmp_path / "ctl"
    ctl.mkdir()
    child = spawn("load", str(warehouse_file), str(ctl), stage, "big-killed")
    try:
        wait_for(ctl / f"stage-{stage}", child)
        # The child has written (or finished) its working copy and is paused; kill it there.
        assert stale_working_files(warehouse_file), "expected the child's working file"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert not (ctl / "stage-published").exists()
    # The published warehouse opens and holds exactly the previous complete state.
    assert snapshot(warehouse_file) == before
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.execute("SELECT list(run_id) FROM load_runs").fetchone() == (["run-1"],)
    # The next load is not blocked (the kernel dropped the dead writer's lock) and cleans up.
    load_and_publish(warehouse_file, corpus(), "run-2", VERSION, lock_timeout=10)
    assert stale_working_files(warehouse_file) == []
    assert snapshot(warehouse_file) == before


def test_one_writer_at_a_time_and_no_lost_update(warehouse_file: Path, tmp_path: Path) -> None:
    load_and_publish(warehouse_file, corpus(), "run-1", VERSION)
    ctl = tmp_path / "ctl"
    ctl.mkdir()
    child = spawn("load", str(warehouse_file), str(ctl), "copied", "big-child")
    try:
        wait_for(ctl / "stage-copied", child)
        with pytest.raises(LockTimeout):
            load_and_publish(
                warehouse_file, big_files(tag="big-parent", n_files=2), "run-p", VERSION, lock_timeout=0.3
            )
        errors: list[BaseException] = []

        def parent_load() -> None:
            try:
                load_and_publish(warehouse_file, big_files(tag="big-parent", n_files=2), "run-p", VERSION)
            except BaseException as exc:
                errors.append(exc)

        waiting = threading.Thread(target=parent_load)
        waiting.start()
        time.sleep(0.3)
        (ctl / "go").touch()
        assert child.wait(120) == 0, child.stderr.read().decode() if child.stderr else ""
        waiting.join(120)
        assert errors == []
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        # Both loads' files are there: the second writer started from the first one's result.
        assert con.execute("SELECT count(*) FROM assignments").fetchone() == (10 + 20_000 + 1_000,)
        assert con.execute("SELECT count(*) FROM load_runs").fetchone() == (3,)
