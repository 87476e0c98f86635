"""Child processes for the concurrency tests: `python proc_helpers.py reader|load ...`.

Run as real separate processes (not threads), since DuckDB's file locks are per process.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from conftest import ORGAN_B, VERSION, assignment, corpus, file_load, report

from warehouse.load import load_and_publish
from warehouse.query import connect_readonly


def big_files(n_files: int = 40, per_file: int = 500, tag: str = "big") -> list:
    """Enough rows that a load takes a noticeable moment."""
    return [
        file_load(
            f"{tag}-{i}.pdf",
            [
                report(
                    ORGAN_B,
                    2000 + i % 20,
                    [assignment(k, f"Att utreda fråga {tag} {i} {k} om vård.") for k in range(per_file)],
                )
            ],
        )
        for i in range(n_files)
    ]


def consistent_counts(con) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(assignments in the table, assignments the last load says the table holds)."""
    actual = con.execute("SELECT count(*) FROM assignments").fetchone()[0]
    recorded = con.execute(
        "SELECT total_assignments FROM load_runs ORDER BY finished_at DESC LIMIT 1"
    ).fetchone()[0]
    return actual, recorded


def reader(path: Path, ctl: Path) -> int:
    """Hold one read-only connection open (a notebook left open) and keep reading."""
    held = connect_readonly(path)
    first = consistent_counts(held)
    (ctl / "ready").write_text(json.dumps(first))
    seen_held, seen_fresh, errors = set(), set(), []
    while not (ctl / "stop").exists():
        seen_held.add(consistent_counts(held))
        try:
            with connect_readonly(path) as fresh:
                seen_fresh.add(consistent_counts(fresh))
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
        time.sleep(0.01)
    seen_held.add(consistent_counts(held))
    held.close()
    (ctl / "result.json").write_text(
        json.dumps({"first": first, "held": sorted(seen_held), "fresh": sorted(seen_fresh), "errors": errors})
    )
    return 0


def load(path: Path, ctl: Path, pause_at: str, what: str) -> int:
    """Load, and at stage `pause_at` announce it and wait for `go` (or to be killed)."""

    def progress(stage: str) -> None:
        (ctl / f"stage-{stage}").touch()
        if stage == pause_at:
            while not (ctl / "go").exists():
                time.sleep(0.02)

    files = big_files(tag=what) if what.startswith("big") else corpus()
    load_and_publish(path, files, f"child-{what}", VERSION, progress=progress)
    return 0


if __name__ == "__main__":
    command, target, control = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    if command == "reader":
        sys.exit(reader(target, control))
    sys.exit(load(target, control, sys.argv[4], sys.argv[5]))
