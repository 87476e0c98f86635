"""The code location loads: assets, checks, job, schedule, sensor, resources, dagster.yaml."""

import itertools
from pathlib import Path

import dagster as dg
import pytest

from pipelines.instance import PROJECT_DAGSTER_YAML, ensure_dagster_home

# One asset per real step, in the order of docs/ARCHITECTURE.md.
STEPS = ["fetched_originals", "extraction_plan", "extracted_files", "published_warehouse"]
EXPECTED_ASSETS = set(STEPS)


def test_definitions_load() -> None:
    from pipelines.definitions import defs

    graph = defs.resolve_asset_graph()
    assert {k.to_user_string() for k in graph.get_all_asset_keys()} == EXPECTED_ASSETS
    job = defs.resolve_job_def("ingest")
    assert job.tags["protokoll/warehouse"] == "write"
    assert {c.name for c in graph.asset_check_keys} == {
        "reports_have_assignments",
        "okant_share",
        "unique_keys",
        "meeting_dates_near_year",
        "source_yields_files",
    }
    assert defs.resolve_schedule_def("nightly_ingest").execution_timezone == "Europe/Stockholm"
    assert defs.resolve_sensor_def("inbox_sensor").job_name == "ingest"
    assert set(defs.resources or {}) >= {"archive", "warehouse", "sources", "http", "nlp", "inbox"}
    # Every step is in the job, and the graph runs one way.
    assert {n.name for n in job.nodes} >= EXPECTED_ASSETS
    for before, after in itertools.pairwise(STEPS):
        assert dg.AssetKey(before) in graph.get(dg.AssetKey(after)).parent_keys
    # Every edge carries a value the step reads: none is there only for ordering.
    for key in graph.get_all_asset_keys():
        node = defs.resolve_assets_def(key)
        assert set(node.keys_by_input_name.values()) == graph.get(key).parent_keys


def test_resources_follow_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pipelines.resources import ArchiveResource, WarehouseResource, make_resources

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PROTOKOLL_WAREHOUSE", raising=False)
    monkeypatch.delenv("PROTOKOLL_ARCHIVE", raising=False)
    assert WarehouseResource().published() == tmp_path / "warehouse" / "protokoll.duckdb"
    assert ArchiveResource().path() == tmp_path / "data" / "archive"
    # Set variables are bound as EnvVar (visible as such in the UI); explicit values win.
    monkeypatch.setenv("PROTOKOLL_WAREHOUSE", str(tmp_path / "env.duckdb"))
    resources = make_resources(archive=tmp_path / "cli-archive")
    assert isinstance(resources["warehouse"].path, dg.EnvVar)
    assert resources["archive"].root == str(tmp_path / "cli-archive")
    assert resources["warehouse"].path.get_value() == str(tmp_path / "env.duckdb")


def test_dagster_home_gets_project_instance_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    home = ensure_dagster_home()
    assert (home / "dagster.yaml").read_text() == PROJECT_DAGSTER_YAML.read_text()
    with dg.DagsterInstance.get() as instance:
        assert not instance.telemetry_enabled
        assert instance.run_retries_enabled and instance.run_retries_max_retries == 2
        queue = instance.get_concurrency_config().run_queue_config
        assert queue.max_concurrent_runs == 1
        assert {"key": "protokoll/warehouse", "limit": 1} in queue.tag_concurrency_limits
        assert str(instance.root_directory) == str(home)
    # An operator's own dagster.yaml is kept.
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    ensure_dagster_home()
    assert (home / "dagster.yaml").read_text() == "telemetry:\n  enabled: false\n"


def test_dagster_home_default_is_project_local(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DAGSTER_HOME", "")  # empty counts as unset; monkeypatch restores it after
    assert ensure_dagster_home() == tmp_path / ".dagster"


def test_architecture_doc_shows_the_graphs_steps() -> None:
    """docs/ARCHITECTURE.md's `steps:` line and the Dagster lineage name the same steps in order."""
    import re

    from pipelines.definitions import defs

    doc = (Path(__file__).resolve().parents[2] / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    line = re.search(r"^\s*steps: (.+)$", doc, re.M)
    assert line, "docs/ARCHITECTURE.md lost its `steps:` line"
    documented = [s.strip() for s in line.group(1).split("->")]
    graph = defs.resolve_asset_graph()
    order = [k.to_user_string() for k in graph.toposorted_asset_keys]
    assert documented == order == STEPS
