"""Checks `protokoll ingest` makes before any download: every problem an operator can fix is one line.

A bad sources file, a `--warehouse` that is a folder, not a DuckDB file or not writable, an archive
path that is a file: all are found here, not after the download and the extraction.
"""

from __future__ import annotations

import os
from pathlib import Path

DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


class PreflightError(ValueError):
    """A configuration or path problem, with a message that names the path and the fix."""


def _writable_dir(path: Path, what: str) -> None:
    """``path`` is (or can become) a writable folder."""
    probe = path
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise PreflightError(f"{what} {path}: {probe} is a file, not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise PreflightError(f"{what} {path}: {probe} is not writable")


def check_warehouse(path: Path) -> None:
    if path.is_dir():
        raise PreflightError(
            f"--warehouse {path}: is a folder; give the DuckDB file, e.g. {path / 'protokoll.duckdb'}"
        )
    if path.exists():
        try:
            with path.open("rb") as f:
                head = f.read(16)
        except OSError as exc:
            raise PreflightError(f"--warehouse {path}: cannot be read ({exc.strerror})") from exc
        if len(head) < 12 or head[8:12] != DUCKDB_MAGIC:
            raise PreflightError(
                f"--warehouse {path}: exists but is not a DuckDB file (refusing to replace it)"
            )
        if not os.access(path, os.R_OK):
            raise PreflightError(f"--warehouse {path}: not readable")
    # Loads write a private copy beside the file and rename it over the published one.
    _writable_dir(path.parent, "--warehouse")


def check_archive(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise PreflightError(f"--archive {path}: is a file, not a folder")
    _writable_dir(path, "--archive")


def check_sources(config: Path, override: list[str] | None) -> None:
    from pipelines.sources.config import SourcesConfigError, load_config, parse_source_arg

    try:
        for value in override or []:
            parse_source_arg(value)
        if config.exists():
            load_config(config)  # its http block applies even with --from
        elif not override:
            raise SourcesConfigError(f"{config}: file not found (and no --from sources given)")
    except SourcesConfigError as exc:
        raise PreflightError(str(exc)) from exc
    except (OSError, UnicodeError) as exc:
        raise PreflightError(f"{config}: cannot be read ({exc})") from exc


def preflight(warehouse: Path, archive: Path, config: Path, override: list[str] | None) -> None:
    """Raise PreflightError for the first problem found."""
    check_sources(config, override)
    check_warehouse(warehouse)
    check_archive(archive)
