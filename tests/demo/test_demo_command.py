"""`protokoll demo` pieces that need no Dagster run: corpus reuse check, the year table."""

from __future__ import annotations

from pathlib import Path

import pytest

from demo.command import _same_corpus, demo_config
from demo.corpus import generate_corpus
from demo.table import render_table, year_table
from demo.truthload import load_truth_warehouse


def test_year_table_shows_planted_trends(tmp_path: Path) -> None:
    s = generate_corpus(tmp_path / "c", bodies=2, years=range(2019, 2027))
    assert _same_corpus(tmp_path / "c", 7, 2, list(range(2019, 2027)), 1.0)
    assert not _same_corpus(tmp_path / "c", 8, 2, list(range(2019, 2027)), 1.0)
    wh = tmp_path / "w.duckdb"
    load_truth_warehouse(tmp_path / "c", wh)
    rows = year_table(wh)
    nv = {r["year"]: r for r in rows if r["organ"] == "Beredning för nära vård"}
    assert nv[2026]["done"] / nv[2026]["assignments"] - nv[2019]["done"] / nv[2019]["assignments"] >= 0.5
    assert nv[s.low_year]["meetings"] < nv[2019]["meetings"]
    text = render_table(rows)
    assert "nära vård" in text and "2026" in text


def test_demo_config_is_a_valid_sources_file(tmp_path: Path) -> None:
    from pipelines.sources.config import load_config

    cfg = load_config(demo_config(tmp_path, "http://127.0.0.1:8765/"))
    assert cfg.sources[0].kind == "portal" and cfg.http.requests_per_second >= 50


@pytest.mark.slow
def test_protokoll_demo_end_to_end(tmp_path: Path) -> None:
    """The README's main command on a small corpus: generate, serve on 127.0.0.1, ingest twice, report."""
    import os
    import re
    import subprocess
    import sys

    env = dict(
        os.environ,
        PROTOKOLL_WAREHOUSE=str(tmp_path / "wh.duckdb"),
        PROTOKOLL_ARCHIVE=str(tmp_path / "ar"),
        DAGSTER_HOME=str(tmp_path / "dh"),
    )
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "demo",
            "--corpus",
            str(tmp_path / "corpus"),
            "--bodies",
            "2",
            "--years",
            "2025-2026",
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert "ingest, second run" in out.stdout and "Year by year" in out.stdout
    table = out.stdout.split("Year by year", 1)[1]
    assert "2025" in table and "2026" in table and "nära vård" in table
    # The second run fetches the minutes the portal published after the first.
    second = out.stdout.split("ingest, second run", 1)[1]
    assert re.search(r"files: \d+ found, [1-9]\d* new", second), second[:400]
    assert (tmp_path / "wh.duckdb").is_file()
