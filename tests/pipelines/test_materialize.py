"""A real `materialize` of the whole graph into a tmp_path warehouse: rows, rejections, incrementality."""

import time
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

import extractors
from pipelines.assets import ASSETS
from pipelines.checks import CHECKS
from pipelines.instance import ensure_dagster_home
from pipelines.jobs import ingest_run_config
from pipelines.resources import make_resources
from tests.pipelines.ingest_fixtures import make_fixture_folder

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "pdf"

pytestmark = pytest.mark.slow


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    ensure_dagster_home()
    with dg.DagsterInstance.get() as inst:
        yield inst


def _run(instance: Any, tmp_path: Path, sources: list[str], force: bool = False) -> dg.ExecuteInProcessResult:
    result = dg.materialize(
        [*ASSETS, *CHECKS],
        instance=instance,
        resources=make_resources(
            warehouse=tmp_path / "wh" / "protokoll.duckdb",
            archive=tmp_path / "archive",
            config=tmp_path / "no-sources.yaml",
        ),
        run_config=ingest_run_config(sources=sources, force=force),
        tags={"protokoll/warehouse": "write"},
    )
    assert result.success
    return result


def _meta(result: dg.ExecuteInProcessResult, asset: str) -> dict[str, Any]:
    for ev in result.get_asset_materialization_events():
        if ev.asset_key == dg.AssetKey(asset):
            return {k: v.value for k, v in ev.event_specific_data.materialization.metadata.items()}
    raise KeyError(asset)


def _tables(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in ("source_files", "documents", "assignments", "meeting_dates")
        }


def _objects(archive: Path) -> list[Path]:
    return sorted((archive / "objects").rglob("*.pdf"))


def test_fixtures_end_to_end_incremental(
    instance: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    files = make_fixture_folder(folder)
    published = tmp_path / "wh" / "protokoll.duckdb"

    first = _run(instance, tmp_path, [str(folder)])
    assert _meta(first, "fetched_originals")["files_found"] == 4
    # the not-a-PDF is an archived original too; the extractor's own check rejects it (not_pdf)
    assert _meta(first, "extracted_files")["parsed_now"] == 4
    with duckdb.connect(str(published), read_only=True) as con:
        status = dict(con.execute("SELECT file_name, status FROM source_files").fetchall())
        errors = dict(
            con.execute("SELECT file_name, error FROM source_files WHERE status = 'rejected'").fetchall()
        )
        docs = con.execute("SELECT doc_type, year FROM documents").fetchall()
        assignments = con.execute("SELECT number, status FROM assignments ORDER BY number").fetchall()
        dates = [d for (d,) in con.execute("SELECT date FROM meeting_dates").fetchall()]
    assert status == {
        files["report"].name: "ok",
        files["kallelse"].name: "ok",
        files["corrupt"].name: "rejected",
        files["not_pdf"].name: "rejected",
    }
    assert errors[files["corrupt"].name].startswith("corrupt")
    assert errors[files["not_pdf"].name].startswith("not_pdf")
    # Organ and finer fields are the extractors' tests; here: the rows arrive, per document type.
    assert ("aterrapportering", 2024) in docs
    assert ("kallelse", 2024) in docs
    assert [n for n, _ in assignments] == [1, 2, 3]
    assert "okant" not in {s for _, s in assignments}
    assert "2024-03-12" in {str(d) for d in dates}
    checks = {e.check_name: e.passed for e in first.get_asset_check_evaluations()}
    assert checks["unique_keys"] and checks["reports_have_assignments"] and checks["source_yields_files"]

    # Second run, nothing new: nothing parsed, nothing loaded, the published file untouched.
    before, mtime = _tables(published), published.stat().st_mtime_ns
    objects = _objects(tmp_path / "archive")
    second = _run(instance, tmp_path, [str(folder)])
    assert _meta(second, "fetched_originals")["new"] == 0
    assert _meta(second, "extraction_plan")["to_extract"] == 0
    assert _meta(second, "extracted_files")["parsed_now"] == 0
    assert _meta(second, "extracted_files")["from_cache"] == 0
    assert _meta(second, "published_warehouse")["files_loaded"] == 0
    assert published.stat().st_mtime_ns == mtime
    assert _tables(published) == before
    assert _objects(tmp_path / "archive") == objects

    # A new extractor version re-extracts the stored originals, without new downloads.
    monkeypatch.setattr(extractors, "EXTRACTOR_VERSION", extractors.EXTRACTOR_VERSION + "+test")
    third = _run(instance, tmp_path, [str(folder)])
    assert _meta(third, "fetched_originals")["new"] == 0
    assert _meta(third, "extraction_plan")["re_extract"] == 4
    assert _meta(third, "extracted_files")["parsed_now"] == 4
    assert _objects(tmp_path / "archive") == objects
    with duckdb.connect(str(published), read_only=True) as con:
        versions = {v for (v,) in con.execute("SELECT DISTINCT extractor_version FROM documents").fetchall()}
    assert versions == {extractors.EXTRACTOR_VERSION}

    # Again a new version, and this time no source lists the files: they come from the archive.
    monkeypatch.setattr(extractors, "EXTRACTOR_VERSION", extractors.EXTRACTOR_VERSION + "2")
    empty = tmp_path / "empty"
    empty.mkdir()
    fourth = _run(instance, tmp_path, [str(empty)])
    assert _meta(fourth, "extraction_plan")["from_archive_only"] == 4
    assert _meta(fourth, "extracted_files")["parsed_now"] == 4
    assert len(_tables(published)["documents"]) == len(before["documents"])


def test_source_going_silent_fails_its_check(instance: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_fixture_folder(folder)
    _run(instance, tmp_path, [str(folder)])
    # A run of another source in between (as the inbox sensor would start) hides nothing.
    other = tmp_path / "other"
    make_fixture_folder(other)
    assert {
        e.check_name: e.passed for e in _run(instance, tmp_path, [str(other)]).get_asset_check_evaluations()
    }["source_yields_files"]
    for f in folder.iterdir():
        f.unlink()
    result = _run(instance, tmp_path, [str(folder)])  # the run itself still succeeds
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert not checks["source_yields_files"].passed
    assert checks["source_yields_files"].metadata["silent_sources"].value == [str(folder)]


@pytest.mark.corpus
def test_corpus_materialize(instance: Any, tmp_path: Path) -> None:
    if not CORPUS.is_dir() or not list(CORPUS.glob("*.pdf")):
        pytest.skip(f"corpus PDFs not found at {CORPUS} (../shared/corpus/pdf relative to the project)")
    started = time.monotonic()
    _run(instance, tmp_path, [str(CORPUS)])
    first_s = time.monotonic() - started
    published = tmp_path / "wh" / "protokoll.duckdb"
    with duckdb.connect(str(published), read_only=True) as con:
        files = con.execute("SELECT count(*) FROM source_files WHERE status = 'ok'").fetchone()[0]
        per_type = dict(con.execute("SELECT doc_type, count(*) FROM documents GROUP BY 1").fetchall())
        per_report = dict(
            con.execute(
                "SELECT d.year, count(*) FROM assignments a JOIN documents d USING (document_id) "
                "WHERE d.doc_type = 'aterrapportering' GROUP BY 1"
            ).fetchall()
        )
        dates = {str(d) for (d,) in con.execute("SELECT date FROM meeting_dates").fetchall()}
    assert files == 3
    assert per_type.get("kallelse", 0) >= 1 and per_type.get("aterrapportering", 0) >= 2
    assert per_report.get(2024, 0) >= 5 and per_report.get(2023, 0) >= 5
    assert "2020-11-24" in dates
    started = time.monotonic()
    second = _run(instance, tmp_path, [str(CORPUS)])
    second_s = time.monotonic() - started
    assert _meta(second, "extracted_files")["parsed_now"] == 0
    print(f"\ncorpus materialize: first {first_s:.1f}s, second (no change) {second_s:.1f}s")
    assert second_s < first_s


@pytest.fixture
def pdf_server(tmp_path: Path) -> Any:
    """The fixture PDFs over HTTP on 127.0.0.1, recording every response code."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    root = tmp_path / "site"
    make_fixture_folder(root)
    codes: list[tuple[str, int]] = []

    class Handler(SimpleHTTPRequestHandler):
        def log_request(self, code: Any = "-", size: Any = "-") -> None:
            codes.append((self.path, int(code)))

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", codes
    finally:
        server.shutdown()
        server.server_close()


def test_url_sources_rejections_and_no_redownload(
    instance: Any, tmp_path: Path, pdf_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, codes = pdf_server
    urls = [f"{base}/psykiatri_aterrapportering_2024.pdf", f"{base}/inte-en-pdf.pdf", f"{base}/saknas.pdf"]
    published = tmp_path / "wh" / "protokoll.duckdb"
    _run(instance, tmp_path, urls)
    with duckdb.connect(str(published), read_only=True) as con:
        rows = {
            u: (s, e, sha)
            for u, s, e, sha in con.execute("SELECT url, status, error, sha256 FROM source_files").fetchall()
        }
    assert rows[urls[0]][0] == "ok"
    assert rows[urls[1]][0] == "rejected" and rows[urls[1]][1].startswith("not_pdf")
    assert rows[urls[2]][0] == "rejected" and "404" in rows[urls[2]][1]
    assert rows[urls[2]][2].startswith("fetch:")  # no content, so a stable key instead of a hash
    before = _tables(published)

    codes.clear()
    _run(instance, tmp_path, urls)
    assert _tables(published) == before  # failed fetches are retried but change nothing
    assert ("/psykiatri_aterrapportering_2024.pdf", 304) in codes

    codes.clear()
    monkeypatch.setattr(extractors, "EXTRACTOR_VERSION", extractors.EXTRACTOR_VERSION + "+http")
    third = _run(instance, tmp_path, urls)
    assert _meta(third, "extracted_files")["parsed_now"] == 2  # the report and the archived not-a-PDF
    # Re-extracted from the archive: the server answered "not modified", it sent no PDF again.
    assert [c for p, c in codes if p.endswith("aterrapportering_2024.pdf")] == [304]


def test_each_step_materialises_on_its_own(instance: Any, tmp_path: Path) -> None:
    """Every asset of the graph runs alone with real resources, reading its inputs from the
    previous run's stored outputs (as a re-execution from the UI does)."""
    from pipelines.assets import (
        extracted_files,
        extraction_plan,
        fetched_originals,
        published_warehouse,
    )
    from pipelines.summary import IngestSummary
    from pipelines.values import ExtractedFiles, ExtractionPlan, FetchedOriginals

    folder = tmp_path / "in"
    make_fixture_folder(folder)
    published = tmp_path / "wh" / "protokoll.duckdb"
    resources = make_resources(
        warehouse=published, archive=tmp_path / "archive", config=tmp_path / "no-sources.yaml"
    )
    config = ingest_run_config(sources=[str(folder)], force=True)
    expected = {
        fetched_originals: FetchedOriginals,
        extraction_plan: ExtractionPlan,
        extracted_files: ExtractedFiles,
        published_warehouse: IngestSummary,
    }
    for step, value_type in expected.items():
        ops = {k: v for k, v in config["ops"].items() if k == step.key.to_user_string()}
        result = dg.materialize(
            [*ASSETS],
            selection=[step],
            instance=instance,
            resources=resources,
            run_config={"ops": ops},
            tags={"protokoll/warehouse": "write"},
        )
        assert result.success, step.key
        assert [e.asset_key for e in result.get_asset_materialization_events()] == [step.key]
        assert isinstance(result.output_for_node(step.key.to_user_string()), value_type)
        if step is fetched_originals:
            # The first step alone archived the originals and wrote no warehouse.
            assert _objects(tmp_path / "archive") and not published.exists()
    summary = result.output_for_node("published_warehouse")
    assert summary.loaded == 4 and summary.totals["documents"] >= 2
    assert published.exists()


def test_force_is_run_config_not_a_value(instance: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_fixture_folder(folder)
    _run(instance, tmp_path, [str(folder)])
    forced = _run(instance, tmp_path, [str(folder)], force=True)
    assert _meta(forced, "extraction_plan")["force"] is True
    assert _meta(forced, "extraction_plan")["to_extract"] == 4  # the not-a-PDF original included
    assert _meta(forced, "extracted_files")["parsed_now"] == 4  # the cache is not trusted either
    assert _meta(forced, "extracted_files")["from_cache"] == 0


def test_a_lost_warehouse_is_rebuilt_from_the_archive(instance: Any, tmp_path: Path) -> None:
    """Regression: with the warehouse deleted but the archive kept, a source that no longer lists
    its old files (a portal past its lookback window) left them out of the new warehouse."""
    folder = tmp_path / "in"
    make_fixture_folder(folder)
    _run(instance, tmp_path, [str(folder)])
    published = tmp_path / "wh" / "protokoll.duckdb"
    before = _tables(published)
    published.unlink()
    for f in folder.iterdir():
        f.unlink()  # the source lists nothing any more
    rebuilt = _run(instance, tmp_path, [str(folder)])
    assert _meta(rebuilt, "extraction_plan")["from_archive_only"] == 4
    assert _meta(rebuilt, "extracted_files")["parsed_now"] == 0  # the extraction cache still holds them
    after = _tables(published)
    assert len(after["source_files"]) == len(before["source_files"]) == 4
    assert after["assignments"] == before["assignments"]
