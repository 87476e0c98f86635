"""The README's example queries return rows on the demo warehouse (not only run without error)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from demo.corpus import generate_corpus
from warehouse.query import connect_readonly

ROOT = Path(__file__).resolve().parents[2]
READMES = [ROOT / "README.md", ROOT / "warehouse" / "README.md"]
STATEMENTS = [
    (path.relative_to(ROOT).as_posix(), s.strip())
    for path in READMES
    for block in re.findall(r"```sql\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
    for s in block.split(";")
    if s.strip()
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's own bodies and years, ingested for real (pages included), kept small."""
    from pipelines.runner import run_ingest

    base = tmp_path_factory.mktemp("readme-demo")
    generate_corpus(base / "corpus", seed=7, bodies=2, years=range(2022, 2026))
    wh = base / "protokoll.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DAGSTER_HOME", str(base / "dagster_home"))
        mp.setenv("PROTOKOLL_PROGRESS", "0")
        summary = run_ingest(
            sources=[str(base / "corpus")], config=base / "none.yaml", warehouse=wh, archive=base / "archive"
        )
    assert summary.success, summary.error
    return wh


@pytest.mark.parametrize(
    ("readme", "sql"), STATEMENTS, ids=[f"{r}:{i}" for i, (r, _) in enumerate(STATEMENTS)]
)
def test_example_query_returns_rows_on_the_demo(demo_warehouse: Path, readme: str, sql: str) -> None:
    with connect_readonly(demo_warehouse) as con:
        rows = con.execute(sql).fetchall()
    assert rows, f"{readme}: no rows on the demo warehouse for:\n{sql}"
