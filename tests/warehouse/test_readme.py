"""Every example query in warehouse/README.md runs on a loaded warehouse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import VERSION, corpus

from warehouse.load import load_and_publish
from warehouse.query import connect_readonly

README = Path(__file__).resolve().parents[2] / "warehouse" / "README.md"
STATEMENTS = [
    s.strip()
    for block in re.findall(r"```sql\n(.*?)```", README.read_text(), re.S)
    for s in block.split(";")
    if s.strip()
]


def test_readme_has_examples() -> None:
    assert len(STATEMENTS) >= 10


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("readme") / "protokoll.duckdb"
    load_and_publish(path, corpus(), "run-1", VERSION)
    return path


@pytest.mark.parametrize("sql", STATEMENTS, ids=range(len(STATEMENTS)))
def test_example_query_runs(published: Path, sql: str) -> None:
    with connect_readonly(published) as con:
        con.execute(sql).fetchall()
