"""Working copy -> published file, atomically.

Readers only ever open the published file read-only, and the writer never opens it at
all: a load copies it to a private working file beside it (same filesystem), writes
there, checkpoints, and `os.replace`s the working file over the published one. A reader
that has the old file open keeps reading the old inode (a complete state), new readers
get the new file, and no DuckDB lock on the published file can block the load. A load
killed at any point leaves the published file as it was; its working file is removed by
the next load. One writer at a time is ensured by an exclusive flock on `<file>.lock`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

Progress = Callable[[str], None]


class LockTimeout(TimeoutError):
    """Another load held the writer lock for longer than the timeout."""


def lock_path(published: Path) -> Path:
    return published.with_name(published.name + ".lock")


def _work_prefix(published: Path) -> str:
    return f".{published.name}.work-"


def stale_working_files(published: Path) -> list[Path]:
    return sorted(published.parent.glob(_work_prefix(published) + "*"))


@contextlib.contextmanager
def writer_lock(published: Path, timeout: float | None = None) -> Iterator[None]:
    """Exclusive lock for the whole load; released by the kernel if the process dies."""
    published.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(published), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (fcntl.LOCK_NB if deadline is not None else 0))
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    raise LockTimeout(f"another load holds {lock_path(published)}") from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_working_copy(published: Path, run_id: str) -> Path:
    """Remove working files of killed loads, then copy the published file (if any).

    Must be called under writer_lock: only then is every existing working file stale.
    """
    for stale in stale_working_files(published):
        stale.unlink(missing_ok=True)
    safe_run = re.sub(r"[^A-Za-z0-9_.-]", "_", run_id)[:80]
    work = published.with_name(f"{_work_prefix(published)}{safe_run}-{os.getpid()}")
    if published.exists():
        shutil.copyfile(published, work)
        wal = published.with_name(published.name + ".wal")
        if wal.exists():
            # Someone wrote to the published file directly; keep their changes.
            shutil.copyfile(wal, work.with_name(work.name + ".wal"))
    return work


def publish(work: Path, published: Path) -> None:
    """Make the checkpointed working file the published one in a single rename."""
    wal = work.with_name(work.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise RuntimeError(f"working database {work} was not checkpointed; not publishing")
    wal.unlink(missing_ok=True)
    _fsync(work)
    old_wal = published.with_name(published.name + ".wal")
    if old_wal.exists():
        # Already replayed into the working copy; a new file must not be read with it.
        old_wal.unlink()
    os.replace(work, published)
    _fsync(published.parent)


@contextlib.contextmanager
def publishing(
    published: Path, run_id: str, progress: Progress | None = None, lock_timeout: float | None = None
) -> Iterator[Path]:
    """Yield a private working file under the writer lock; publish it if the block succeeds.

    The block must close its connection (after CHECKPOINT) before returning.
    """
    note = progress or (lambda _stage: None)
    with writer_lock(published, lock_timeout):
        note("locked")
        work = make_working_copy(published, run_id)
        note("copied")
        try:
            yield work
            note("before_publish")
            publish(work, published)
            note("published")
        finally:
            for leftover in (work, work.with_name(work.name + ".wal")):
                leftover.unlink(missing_ok=True)
