"""The nightly schedule's run request and timezone; the inbox sensor fires once per new file."""

import json
import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from pipelines.jobs import INGEST_JOB
from pipelines.resources import InboxResource
from pipelines.runguard import HOST_TAG, PID_TAG, IngestBusy, fail_orphaned_runs, ingest_lock, owner_tags
from pipelines.schedules import nightly_ingest
from pipelines.sensors import inbox_sensor, scan_inbox


@pytest.fixture
def instance():  # type: ignore[no-untyped-def]
    with dg.instance_for_test() as inst:
        yield inst


def test_schedule_is_nightly_at_two_stockholm_time() -> None:
    assert nightly_ingest.cron_schedule == "0 2 * * *"
    assert nightly_ingest.execution_timezone == "Europe/Stockholm"
    assert nightly_ingest.job_name == INGEST_JOB
    assert nightly_ingest.default_status == dg.DefaultScheduleStatus.RUNNING


def test_schedule_run_request(instance: dg.DagsterInstance) -> None:
    when = datetime(2025, 3, 30, 2, 0, tzinfo=ZoneInfo("Europe/Stockholm"))  # DST switch night
    context = dg.build_schedule_context(scheduled_execution_time=when, instance=instance)
    request = nightly_ingest.evaluate_tick(context).run_requests[0]
    assert request.run_key == "nightly-2025-03-30"
    assert request.tags["protokoll/trigger"] == "schedule"
    # Which warehouse, archive and sources the run will use, visible on the run in the UI.
    assert (
        request.tags["protokoll/warehouse_path"].endswith(".duckdb") and "protokoll/archive" in request.tags
    )
    # The nightly run takes the configured sources: no per-run overrides.
    assert not request.run_config


def test_schedule_ticks_follow_stockholm_time() -> None:
    # 02:00 local is 01:00 UTC in winter and 00:00 UTC in summer.
    from dagster._utils.schedules import cron_string_iterator

    start = datetime(2025, 1, 1, tzinfo=ZoneInfo("UTC")).timestamp()
    ticks = cron_string_iterator(start, "0 2 * * *", "Europe/Stockholm")
    first = next(ticks)
    assert (first.hour, first.utcoffset().total_seconds()) == (2, 3600)
    summer = datetime(2025, 7, 1, tzinfo=ZoneInfo("UTC")).timestamp()
    tick = next(cron_string_iterator(summer, "0 2 * * *", "Europe/Stockholm"))
    assert (tick.hour, tick.utcoffset().total_seconds()) == (2, 7200)


def _evaluate(
    inbox: Path, cursor: str | None, instance: dg.DagsterInstance
) -> tuple[list[dg.RunRequest], str | None]:
    context = dg.build_sensor_context(
        cursor=cursor, instance=instance, resources={"inbox": InboxResource(path=str(inbox))}
    )
    data = inbox_sensor.evaluate_tick(context)
    return list(data.run_requests or []), data.cursor


def _pdf(path: Path, body: bytes = b"%PDF-1.4 fake\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    return path


def test_sensor_fires_once_per_new_file(tmp_path: Path, instance: dg.DagsterInstance) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    requests, cursor = _evaluate(inbox, None, instance)
    assert requests == []

    a = _pdf(inbox / "a.pdf")
    (inbox / "notes.txt").write_text("not a pdf")
    requests, cursor = _evaluate(inbox, cursor, instance)
    assert len(requests) == 1
    sources = requests[0].run_config["ops"]["fetched_originals"]["config"]["sources"]
    assert sources == [str(a)]
    assert requests[0].job_name in (None, INGEST_JOB)

    # Nothing new: no run, however often the daemon asks.
    for _ in range(3):
        again, cursor = _evaluate(inbox, cursor, instance)
        assert again == []

    b = _pdf(inbox / "sub" / "b.PDF")
    requests, cursor = _evaluate(inbox, cursor, instance)
    assert [r.run_config["ops"]["fetched_originals"]["config"]["sources"] for r in requests] == [[str(b)]]
    assert requests[0].run_key and requests[0].run_key.startswith("inbox-")

    # The same file replaced by other content (size/mtime change) triggers once more.
    _pdf(b, b"%PDF-1.4 other content\n")
    os.utime(b, ns=(1, 1))
    requests, cursor = _evaluate(inbox, cursor, instance)
    assert len(requests) == 1
    assert json.loads(cursor or "{}").keys() == {str(a), str(b)}


def test_sensor_skips_missing_inbox(tmp_path: Path, instance: dg.DagsterInstance) -> None:
    context = dg.build_sensor_context(
        instance=instance, resources={"inbox": InboxResource(path=str(tmp_path / "nope"))}
    )
    data = inbox_sensor.evaluate_tick(context)
    assert not data.run_requests
    assert "does not exist" in (data.skip_message or "")


def test_scan_inbox_forgets_removed_files() -> None:
    new, cursor = scan_inbox([("/x/a.pdf", "1:10"), ("/x/b.pdf", "1:20")], None)
    assert new == ["/x/a.pdf", "/x/b.pdf"]
    new, cursor = scan_inbox([("/x/b.pdf", "1:20")], cursor)
    assert new == [] and json.loads(cursor) == {"/x/b.pdf": "1:20"}


@pytest.mark.parametrize("value", [None, "x"])
def test_inbox_default_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str | None) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PROTOKOLL_INBOX", raising=False)
    if value:
        monkeypatch.setenv("PROTOKOLL_INBOX", str(tmp_path / value))
    expected = tmp_path / (value or "data/inbox")
    assert InboxResource().folder() == expected


def _dead_pid() -> int:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid  # reaped: no process has this id now (ids are not reused this fast)


def _started_run(instance: dg.DagsterInstance, tags: dict[str, str]) -> str:
    from dagster._core.storage.dagster_run import DagsterRun, DagsterRunStatus

    run = instance.add_run(
        DagsterRun(
            job_name=INGEST_JOB,
            run_id=f"run-{len(tags)}-{tags.get(PID_TAG)}",
            tags=tags,
            status=DagsterRunStatus.STARTED,
        )
    )
    return run.run_id


def test_a_run_left_started_by_a_dead_process_is_failed_on_the_next_tick(
    instance: dg.DagsterInstance,
) -> None:
    # Regression: a killed ingest stayed STARTED and, with one run at a time, held the queue for ever.
    dead = _started_run(instance, {**owner_tags(), PID_TAG: str(_dead_pid())})
    alive = _started_run(instance, owner_tags())  # this very process: still running
    foreign = _started_run(instance, {HOST_TAG: "another-host", PID_TAG: "1"})
    when = datetime(2025, 3, 30, 2, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    nightly_ingest.evaluate_tick(dg.build_schedule_context(scheduled_execution_time=when, instance=instance))
    status = {r: instance.get_run_by_id(r).status for r in (dead, alive, foreign)}
    assert status == {
        dead: dg.DagsterRunStatus.FAILURE,
        alive: dg.DagsterRunStatus.STARTED,
        foreign: dg.DagsterRunStatus.STARTED,
    }
    assert fail_orphaned_runs(instance) == []  # idempotent


def test_one_ingest_at_a_time_per_instance(tmp_path: Path) -> None:
    with ingest_lock(tmp_path), pytest.raises(IngestBusy, match="another protokoll ingest is running"):  # noqa: SIM117
        with ingest_lock(tmp_path):
            pass
    with ingest_lock(tmp_path):  # released when the holder ends
        pass
