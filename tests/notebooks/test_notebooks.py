"""Every notebook runs top to bottom against a small warehouse built from the demo corpus truth."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from demo.corpus import generate_corpus
from demo.truthload import load_truth_warehouse

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("nbwh")
    generate_corpus(base / "corpus", seed=11, bodies=3, years=range(2020, 2025))
    wh = base / "warehouse" / "protokoll.duckdb"
    load_truth_warehouse(base / "corpus", wh)
    return wh


def test_three_notebooks_committed_without_outputs() -> None:
    names = [p.name for p in NOTEBOOKS]
    assert names == [
        "01_status_by_year.ipynb",
        "02_recurring_assignments.ipynb",
        "03_meetings_calendar.ipynb",
    ]
    for p in NOTEBOOKS:
        nb = nbformat.read(p, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{p.name} has outputs"


def test_notebooks_read_only_views() -> None:
    for p in NOTEBOOKS:
        src = "\n".join(c.source for c in nbformat.read(p, as_version=4).cells if c.cell_type == "code")
        for table in ("FROM assignments", "FROM documents", "FROM meeting_dates", "FROM source_files"):
            assert table not in src, f"{p.name} reads a table, not a view"
        assert "connect_readonly" in src


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, small_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROTOKOLL_WAREHOUSE", str(small_warehouse))
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute(env=dict(os.environ))  # raises CellExecutionError when a cell fails
    images = sum(1 for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    assert images >= 1, f"{path.name} drew {images} plots"
