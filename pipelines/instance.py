"""The Dagster instance under DAGSTER_HOME, with the project's dagster.yaml.

`python -m pipelines.instance --home` prepares DAGSTER_HOME and prints its path, for
`export DAGSTER_HOME=...; dagster dev` (`./run.sh ui` does this).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from pipelines import settings

PROJECT_DAGSTER_YAML = Path(__file__).resolve().parent.parent / "dagster.yaml"


def ensure_dagster_home(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """Create DAGSTER_HOME (absolute, as Dagster requires) with the project's dagster.yaml in it."""
    home = settings.dagster_home(cli_value)
    home.mkdir(parents=True, exist_ok=True)
    target = home / "dagster.yaml"
    # An operator's own dagster.yaml (e.g. Postgres in production) is never overwritten.
    if not target.exists() and PROJECT_DAGSTER_YAML.exists():
        shutil.copyfile(PROJECT_DAGSTER_YAML, target)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


if __name__ == "__main__":
    if sys.argv[1:] == ["--home"]:
        print(ensure_dagster_home())
    else:
        print("usage: python -m pipelines.instance --home", file=sys.stderr)
        sys.exit(2)
