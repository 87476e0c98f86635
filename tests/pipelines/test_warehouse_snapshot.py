"""Behaviour unchanged: the warehouse built from a fixed set of our own PDFs matches a snapshot.

Eight PDFs of tests/corpus/dev (reports, a kallelse bundle, a plan, a two-column page, tables)
go through a real `protokoll ingest` run; every table is dumped in a canonical order without
the columns that differ from run to run (run ids, times, the extractor version, archive paths).
A refactoring must leave the dump as it is. A change of extraction that is meant must update the
snapshot in the same commit, so the review sees exactly which rows moved:

    PROTOKOLL_UPDATE_SNAPSHOT=1 ./run.sh test tests/pipelines/test_warehouse_snapshot.py
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "tests" / "snapshots" / "warehouse.json"
INPUTS = [
    "da_alvhamra-ks_uppfoljning-uppdrag_2024.pdf",
    "da_bergmark-rs_helarsuppfoljning-trafikljus_2023.pdf",
    "da_dalkarra-sn_uppfoljning-tvaspalt_2021.pdf",
    "da_fjardvik-sn_kallelse-med-handlingar_2025.pdf",
    "db_kvarnby-tekniska_sammantradesplan_2025.pdf",
    "dc_ostervik-bun_protokoll-motesplan_2024.pdf",
    "dd_fjallmark-rukn_aterrapportering-tabell_2024.pdf",
    "dd_kallmyra-mbn_helarsuppfoljning-tvaradsposter_2024.pdf",
]
TABLES = ("source_files", "documents", "assignments", "meeting_dates", "diarienummer", "pages")
VOLATILE = {"fetched_at", "extractor_version", "run_id", "source_url", "url"}

pytestmark = pytest.mark.slow


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def dump(path: Path) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    with duckdb.connect(str(path), read_only=True) as con:
        for table in TABLES:
            cur = con.execute(f"SELECT * FROM {table}")  # table names from the constant above
            names = [d[0] for d in cur.description]
            rows = []
            for row in cur.fetchall():
                record = {n: _plain(v) for n, v in zip(names, row, strict=True) if n not in VOLATILE}
                if table == "pages":
                    # Page text as a digest: the dump stays small, a changed character still shows.
                    record["text"] = hashlib.sha256(str(record["text"]).encode()).hexdigest()[:16]
                rows.append(record)
            out[table] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False))
    return out


def test_warehouse_contents_match_the_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.runner import run_ingest

    folder = tmp_path / "in"
    folder.mkdir()
    for name in INPUTS:
        shutil.copy(ROOT / "tests" / "corpus" / "dev" / "pdf" / name, folder / name)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.setenv("PROTOKOLL_PROGRESS", "0")
    warehouse = tmp_path / "wh.duckdb"
    summary = run_ingest(
        sources=[str(folder)], config=tmp_path / "none.yaml", warehouse=warehouse, archive=tmp_path / "a"
    )
    assert summary.success, summary.error
    got = dump(warehouse)
    if os.environ.get("PROTOKOLL_UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    expected = json.loads(SNAPSHOT.read_text("utf-8"))
    for table in TABLES:
        assert len(got[table]) == len(expected[table]), table
        for g, e in zip(got[table], expected[table], strict=True):
            assert g == e, table
