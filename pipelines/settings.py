"""Settings of INTERFACE.md: command-line value > environment variable > default.

Read at call time, never at import, so tests and the CLI can set the environment first.
Relative defaults are resolved against the current directory (the project folder).
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULTS: dict[str, str] = {
    "PROTOKOLL_WAREHOUSE": "warehouse/protokoll.duckdb",
    "PROTOKOLL_ARCHIVE": "data/archive",
    "PROTOKOLL_SOURCES": "sources.yaml",
    "DAGSTER_HOME": ".dagster",
}


def setting(name: str, cli_value: str | os.PathLike[str] | None = None) -> Path:
    value = cli_value if cli_value not in (None, "") else os.environ.get(name) or DEFAULTS[name]
    return Path(value).expanduser().absolute()


def warehouse_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    return setting("PROTOKOLL_WAREHOUSE", cli_value)


def archive_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    return setting("PROTOKOLL_ARCHIVE", cli_value)


def sources_file(cli_value: str | os.PathLike[str] | None = None) -> Path:
    return setting("PROTOKOLL_SOURCES", cli_value)


def dagster_home(cli_value: str | os.PathLike[str] | None = None) -> Path:
    return setting("DAGSTER_HOME", cli_value)


def run_tags(
    warehouse: str | os.PathLike[str] | None = None,
    archive: str | os.PathLike[str] | None = None,
    sources: str | os.PathLike[str] | None = None,
) -> dict[str, str]:
    """Which warehouse, archive and sources file a run uses, as tags visible on the run in the UI."""
    return {
        "protokoll/warehouse_path": str(warehouse_path(warehouse)),
        "protokoll/archive": str(archive_dir(archive)),
        "protokoll/sources": str(sources_file(sources)),
    }
