"""Runs that cannot wedge the queue.

* One `protokoll ingest` at a time per Dagster instance: an exclusive lock file under DAGSTER_HOME,
  held for the whole run and released by the kernel when the process dies, however it dies. A
  second ingest says so in one line instead of racing the first (two first-ever ingests used to
  fail together creating the sqlite tables).
* A run left STARTED by a process that no longer exists (SIGKILL, power cut) is marked failed when
  the next ingest, schedule tick or sensor tick starts: with `max_concurrent_runs: 1` it would
  otherwise hold the queue for ever. In-process runs carry the host and pid that ran them; runs the
  daemon launches are covered by Dagster's run monitoring (dagster.yaml).
"""

from __future__ import annotations

import errno
import fcntl
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

HOST_TAG = "protokoll/host"
PID_TAG = "protokoll/pid"
LOCK_NAME = "protokoll-ingest.lock"


class IngestBusy(RuntimeError):
    """Another ingest holds the instance's lock."""


def owner_tags() -> dict[str, str]:
    return {HOST_TAG: socket.gethostname(), PID_TAG: str(os.getpid())}


@contextmanager
def ingest_lock(home: Path) -> Iterator[None]:
    home.mkdir(parents=True, exist_ok=True)
    path = home / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            raise IngestBusy(
                f"another protokoll ingest is running on {home} (pid {holder}); try again when it ends"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fail_orphaned_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed the runs this host started in-process whose process is gone; return their ids."""
    host = socket.gethostname()
    orphans = []
    records = instance.get_run_records(
        filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING])
    )
    for record in records:
        run = record.dagster_run
        pid = run.tags.get(PID_TAG)
        if run.tags.get(HOST_TAG) != host or not (pid and pid.isdigit()):
            continue
        if int(pid) != os.getpid() and not _alive(int(pid)):
            instance.report_run_failed(run, message=f"the process that ran it (pid {pid}) is gone")
            orphans.append(run.run_id)
    return orphans
