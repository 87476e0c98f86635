"""Idempotent bulk loads, replacement of a reloaded file, provenance, sources tables."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from conftest import ORGAN_A, VERSION, assignment, corpus, file_load, kallelse, report, sha

from warehouse.load import FileLoad, load_and_publish
from warehouse.query import connect_readonly, known_files
from warehouse.schema import latest_version

TABLES = (
    "source_files",
    "documents",
    "assignments",
    "meeting_dates",
    "diarienummer",
    "pages",
    "assignment_threads",
    "assignment_lineages",
    "assignment_lineage_members",
    "assignment_links",
    "coverage",
    "schema_version",
)

COVERAGE = [
    {
        "source": "portal",
        "committee": ORGAN_A,
        "year": 2024,
        "meetings_found": 4,
        "documents_found": 9,
        "downloaded": 8,
        "unchanged": 0,
        "failed": 1,
        "failure_reasons": {"http_404": 1},
        "flagged": True,
        "flag_reason": "fewer meetings than last year",
    },
    {"source": "portal", "committee": ORGAN_A, "year": 2023, "meetings_cancelled": 1, "meetings_visited": 3},
]
FETCHES = [
    {
        "url": "https://example.org/rapport-2022.pdf",
        "source": "portal",
        "http_status": 200,
        "sha256": sha("rapport-2022.pdf"),
        "bytes": 1234,
        "fetched_at": "2024-01-02T03:04:05Z",
        "meeting_date": "2022-11-05",
    },
    {"url": "https://example.org/borta.pdf", "source": "portal", "http_status": 404, "error": "not found"},
    # A row as pipelines/sources/fetch.py writes it (MANIFEST_KEYS).
    {
        "time": "2024-01-02T03:04:06+00:00",
        "source": "lokal",
        "kind": "folder",
        "url": None,
        "final_url": None,
        "path": "/data/a.pdf",
        "committee": None,
        "meeting_date": None,
        "link_text": None,
        "file_name": "a.pdf",
        "http_status": None,
        "etag": None,
        "last_modified": None,
        "sha256": sha("a.pdf"),
        "bytes": 10,
        "attempts": 1,
        "error": None,
        "archive_status": "new",
        "unknown_future_key": 1,
    },
]


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every table's full contents, except what records *when* (applied_at, the run that measured coverage)."""
    with duckdb.connect(str(path), read_only=True) as con:
        out = {}
        for table in TABLES:
            cols = [
                r[0]
                for r in con.execute(f"DESCRIBE {table}").fetchall()
                if r[0] not in ("applied_at", "run_id")
            ]
            out[table] = con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY ALL").fetchall()
        return out


def test_three_loads_leave_every_table_identical(warehouse_file: Path) -> None:
    snapshots = []
    for i in range(3):
        summary = load_and_publish(warehouse_file, corpus(), f"run-{i}", VERSION, COVERAGE, FETCHES)
        assert summary.files == 7 and summary.files_rejected == 1
        assert summary.assignments == 10
        snapshots.append(snapshot(warehouse_file))
    assert snapshots[0] == snapshots[1] == snapshots[2]
    counts = {t: len(rows) for t, rows in snapshots[0].items()}
    assert counts == {
        "source_files": 7,
        "documents": 7,
        "assignments": 10,
        "meeting_dates": 12,
        "diarienummer": 7,
        "pages": 22,
        "assignment_threads": 5,
        # 2022 Nr 1 -> 2023 Nr 1 -> 2024 Nr 1 (exact), 2022 Nr 3 -> 2023 Nr 2 (reworded), the
        # bundled second copy of the 2024 report joins its first copy (2 copy links).
        "assignment_lineages": 5,
        "assignment_lineage_members": 10,
        "assignment_links": 5,
        "coverage": 2,
        "schema_version": latest_version(),
    }
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        runs = con.execute(
            "SELECT run_id, files, assignments, total_assignments FROM load_runs ORDER BY 1"
        ).fetchall()
        assert runs == [(f"run-{i}", 7, 10, 10) for i in range(3)]
        # The fetch manifest is a log per run.
        assert con.execute("SELECT run_id, count(*) FROM fetches GROUP BY 1 ORDER BY 1").fetchall() == [
            (f"run-{i}", 3) for i in range(3)
        ]
        assert con.execute(
            "SELECT kind, path, attempts, archive_status, strftime(fetched_at AT TIME ZONE 'UTC', '%H:%M:%S') "
            "FROM fetches WHERE run_id = 'run-0' AND source = 'lokal'"
        ).fetchone() == ("folder", "/data/a.pdf", 1, "new", "03:04:06")
        assert con.execute(
            "SELECT count(*) FROM (SELECT DISTINCT assignment_id FROM assignments)"
        ).fetchone() == (10,)


def test_reloading_a_file_replaces_its_rows(warehouse_file: Path) -> None:
    load_and_publish(warehouse_file, corpus(), "run-1", VERSION)
    changed = file_load(
        "rapport-2022.pdf",
        [report(ORGAN_A, 2022, [assignment(7, "Att införa ett nytt journalsystem.", "genomfort")])],
        url=None,
        fetched_at="2025-06-01T00:00:00Z",
        version="test-2",
    )
    load_and_publish(warehouse_file, [changed], "run-2", "test-2")
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        rows = con.execute(
            "SELECT number, status, extractor_version FROM assignments WHERE sha256 = ?",
            [sha("rapport-2022.pdf")],
        ).fetchall()
        assert rows == [(7, "genomfort", "test-2")]
        # Other files are untouched, nothing is duplicated.
        assert con.execute("SELECT count(*) FROM assignments").fetchone() == (8,)
        assert con.execute("SELECT count(*), count(DISTINCT sha256) FROM source_files").fetchone() == (7, 7)
        # First sighting and the known URL of the file are kept.
        url, fetched = con.execute(
            "SELECT url, strftime(fetched_at AT TIME ZONE 'UTC', '%Y-%m-%d') FROM source_files WHERE sha256 = ?",
            [sha("rapport-2022.pdf")],
        ).fetchone()
        assert (url, fetched) == ("https://example.org/rapport-2022.pdf", "2024-01-02")
    assert known_files(warehouse_file)[sha("rapport-2022.pdf")] == "test-2"
    assert known_files(warehouse_file)[sha("rapport-2023.pdf")] == VERSION
    assert known_files(warehouse_file.with_name("missing.duckdb")) == {}


def test_every_fact_keeps_its_provenance(warehouse_file: Path) -> None:
    load_and_publish(warehouse_file, corpus(), "run-1", VERSION)
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        missing = con.execute(
            "SELECT count(*) FROM assignments WHERE sha256 IS NULL OR page IS NULL OR extractor_version IS NULL "
            "OR (status <> 'okant' AND evidence IS NULL)"
        ).fetchone()
        assert missing == (0,)
        row = con.execute(
            "SELECT url, file_name, page, evidence, extractor_version, page_text FROM v_assignment_pages "
            "WHERE year = 2022 AND number = 1"
        ).fetchone()
        assert row == (
            "https://example.org/rapport-2022.pdf",
            "rapport-2022.pdf",
            1,
            "Uppdraget har startat.",
            VERSION,
            "rapport-2022.pdf sida 1\nUppdraget har startat.",
        )
        # Local files have no URL.
        assert con.execute(
            "SELECT DISTINCT source_url FROM assignments WHERE sha256 = ?", [sha("rapport-2023.pdf")]
        ).fetchall() == [(None,)]
        # The kallelse header date is a meeting date on the kallelse's first page.
        assert con.execute(
            "SELECT date::VARCHAR, page, kind FROM meeting_dates m JOIN documents d USING (document_id) "
            "WHERE d.doc_type = 'kallelse' ORDER BY 1"
        ).fetchall() == [("2023-09-01", 1, "sammantradesdatum"), ("2024-03-12", 1, "sammantradesdatum")]
        assert con.execute(
            "SELECT meeting_date::VARCHAR, meeting_place FROM documents WHERE doc_type = 'kallelse' "
            "ORDER BY 1"
        ).fetchall() == [("2023-09-01", "Linden"), ("2024-03-12", "Linden")]


def test_document_ids_are_deterministic(warehouse_file: Path) -> None:
    load_and_publish(warehouse_file, corpus(), "run-1", VERSION)
    digest = sha("kallelse-2024-03-12.pdf")
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        ids = con.execute(
            "SELECT document_id FROM documents WHERE sha256 = ? ORDER BY doc_index", [digest]
        ).fetchall()
    assert ids == [(f"{digest[:16]}:1-0",), (f"{digest[:16]}:2-1",)]


def test_rejected_file_has_only_a_source_row(warehouse_file: Path) -> None:
    files = corpus()
    load_and_publish(warehouse_file, files, "run-1", VERSION)
    # A file that was fine before and is rejected now loses its facts.
    now_rejected = replace(
        files[0], status="rejected", error="corrupt: broken xref", extraction=None, page_texts=()
    )
    load_and_publish(warehouse_file, [now_rejected], "run-2", VERSION)
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.execute(
            "SELECT status, error FROM source_files WHERE sha256 = ?", [files[0].sha256]
        ).fetchone() == (
            "rejected",
            "corrupt: broken xref",
        )
        for table in ("documents", "assignments", "meeting_dates", "pages", "diarienummer"):
            assert con.execute(
                f"SELECT count(*) FROM {table} WHERE sha256 = ?", [files[0].sha256]
            ).fetchone() == (0,)
        # The 2022 assignments are gone, so threads are re-linked without them.
        assert con.execute("SELECT min(first_year) FROM assignment_threads").fetchone() == (2023,)


def test_coverage_cells_are_replaced_by_the_latest_run(warehouse_file: Path) -> None:
    load_and_publish(warehouse_file, [], "run-1", VERSION, COVERAGE)
    newer = [{**COVERAGE[0], "failed": 0, "failure_reasons": None, "flagged": False}]
    load_and_publish(warehouse_file, [], "run-2", VERSION, newer)
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.execute(
            "SELECT year, failed, flagged, meetings_cancelled, run_id FROM coverage ORDER BY year"
        ).fetchall() == [
            (2023, None, None, 1, "run-1"),
            (2024, 0, False, None, "run-2"),
        ]


def test_load_is_bulk_not_row_by_row(warehouse_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("executemany used")

    monkeypatch.setattr(duckdb.DuckDBPyConnection, "executemany", forbidden)
    load_and_publish(warehouse_file, corpus(), "run-1", VERSION, COVERAGE, FETCHES)


def test_a_url_that_failed_and_then_arrived_is_no_longer_rejected(warehouse_file: Path) -> None:
    """Regression: the fetch: row of an earlier 503 stayed beside the file's good row."""
    url = "https://portal.example/agenda/kallelse.pdf"
    failed = FileLoad(
        "fetch:" + sha(url),
        url,
        "kallelse.pdf",
        "2024-01-01T00:00:00Z",
        "rejected",
        "http_503: server answered 503",
        None,
    )
    other = FileLoad(
        "fetch:" + sha("x"),
        "https://portal.example/x.pdf",
        "x.pdf",
        "2024-01-01T00:00:00Z",
        "rejected",
        "http_404: HTTP 404",
        None,
    )
    load_and_publish(warehouse_file, [failed, other], "run-1", VERSION)
    good = file_load("kallelse.pdf", [kallelse(ORGAN_A, "2024-03-05")], url=url)
    load_and_publish(warehouse_file, [good], "run-2", VERSION)
    with connect_readonly(warehouse_file) as con:
        got = con.execute("SELECT url, status FROM source_files ORDER BY url").fetchall()
    assert got == [
        ("https://portal.example/agenda/kallelse.pdf", "ok"),
        ("https://portal.example/x.pdf", "rejected"),
    ]


def test_pages_record_how_their_text_was_obtained(warehouse_file: Path, read) -> None:  # type: ignore[no-untyped-def]
    base = file_load("skannad.pdf", [report(ORGAN_A, 2024, [assignment(1, "Att ta fram en plan.")])])
    scanned = replace(
        base,
        page_texts=[
            (1, "Återrapportering av uppdrag 2024"),  # a (page, text) pair: a text layer's page
            (2, "Nr 1 Att ta fram en plan.", "ocr", "tesseract 5.3.0 swe", 93.4),
            (3, "", "needs_ocr", None, None),
            (4, "Sida 4", "text_layer", None, None),
        ],
    )
    load_and_publish(warehouse_file, [scanned], "run-ocr", VERSION)
    assert read(
        warehouse_file,
        "SELECT page, text_source, ocr_engine, ocr_confidence, text FROM pages ORDER BY page",
    ) == [
        (1, "text_layer", None, None, "Återrapportering av uppdrag 2024"),
        (2, "ocr", "tesseract 5.3.0 swe", 93.4, "Nr 1 Att ta fram en plan."),
        (3, "needs_ocr", None, None, ""),
        (4, "text_layer", None, None, "Sida 4"),
    ]
    assert read(warehouse_file, "SELECT detail FROM v_extraction_gaps WHERE kind = 'page_needs_ocr'") == [
        ("skannad.pdf page 3",)
    ]
