"""Worker processes with limits: real processes, real PDFs made here, real limits (no mocks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from pipelines.cache import read_cache
from pipelines.workers import ExtractionPool, WorkerLimits
from tests.pipelines.ingest_fixtures import REPORT_2024, write_pdf

pytestmark = pytest.mark.slow


def glyph_flood(path: Path, glyphs: int) -> Path:
    """One page whose content stream holds ``glyphs`` glyphs: a few KB on disk, slow and big to parse."""
    c = canvas.Canvas(str(path))
    text = c.beginText(20, 800)
    text.setFont("Helvetica", 4)
    chunk = "abcdefghij " * 10
    for i in range(glyphs // len(chunk)):
        if i % 200 == 0:
            text.setTextOrigin(20, 800 - (i // 200) % 190 * 4)
        text.textOut(chunk)
    c.drawText(text)
    c.showPage()
    c.save()
    return path


def pages(path: Path, n: int) -> Path:
    c = canvas.Canvas(str(path))
    for i in range(n):
        c.drawString(72, 750, f"Sida {i + 1}: Nämnden sammanträdde den 3 mars 2024.")
        c.showPage()
    c.save()
    return path


def run(tmp_path: Path, limits: WorkerLimits, files: dict[str, Path]) -> dict[str, dict]:  # type: ignore[type-arg]
    jobs = [(name, str(path), str(tmp_path / "cache" / f"{name}.json.gz")) for name, path in files.items()]
    with ExtractionPool(limits) as pool:
        return dict(pool.run(jobs))


def test_each_limit_rejects_its_file_and_the_run_goes_on(tmp_path: Path) -> None:
    files = {
        "good_first": write_pdf(tmp_path / "a.pdf", REPORT_2024),
        "too_many_pages": pages(tmp_path / "b.pdf", 6),
        "slow_page": glyph_flood(tmp_path / "c.pdf", 150_000),
        "not_pdf": tmp_path / "d.pdf",
        "good_last": write_pdf(tmp_path / "e.pdf", REPORT_2024),
    }
    files["not_pdf"].write_text("<html>not a pdf</html>", encoding="utf-8")
    got = run(tmp_path, WorkerLimits(workers=2, page_seconds=0.5, file_seconds=60, max_pages=5), files)
    reason = {k: (v["error"] or "").split(":")[0] for k, v in got.items()}
    assert got["good_first"]["status"] == got["good_last"]["status"] == "ok"
    assert reason["too_many_pages"] == "too_many_pages"
    assert reason["slow_page"] == "too_slow"
    assert reason["not_pdf"] == "not_pdf"
    # the cache holds what each file yielded, rejections included (they are facts about the file)
    cached = read_cache(tmp_path / "cache" / "good_last.json.gz")
    assert cached is not None and cached["data"]["documents"][0]["assignments"]


def test_a_file_over_the_wall_time_is_killed_and_its_worker_replaced(tmp_path: Path) -> None:
    files = {
        "stalls": glyph_flood(tmp_path / "slow.pdf", 600_000),  # ~15 s of parsing; limit 3 s
        "after": write_pdf(tmp_path / "ok.pdf", REPORT_2024),
    }
    got = run(tmp_path, WorkerLimits(workers=1, page_seconds=0, file_seconds=3, max_pages=0), files)
    assert got["stalls"]["status"] == "rejected" and got["stalls"]["error"].startswith("too_slow")
    assert got["after"]["status"] == "ok"  # the same single slot, with a new worker


def test_a_file_over_the_memory_limit_is_too_large(tmp_path: Path) -> None:
    files = {
        "hog": glyph_flood(tmp_path / "hog.pdf", 600_000),
        "after": write_pdf(tmp_path / "ok.pdf", REPORT_2024),
    }
    got = run(
        tmp_path, WorkerLimits(workers=1, page_seconds=0, file_seconds=120, memory_mb=600, max_pages=0), files
    )
    assert got["hog"]["status"] == "rejected"
    assert got["hog"]["error"].split(":")[0] in ("too_large", "worker_died")
    assert got["after"]["status"] == "ok"


def test_transient_rejections_are_stored_for_a_retry() -> None:
    # A file rejected as too slow or by a dead worker is retried by the next run; a corrupt one is not.
    from pipelines.assets.publish import file_loads

    item = {"sha256": "ab" * 32, "file_name": "x.pdf", "pages": None, "cache": None, "status": "rejected"}
    files = [
        {**item, "error": "too_slow: page 3"},
        {**item, "error": "worker_died: exit 9"},
        {**item, "error": "corrupt: bad xref"},
    ]
    versions = [f.extractor_version for f in file_loads(files, "0.9.0")]
    assert versions == ["0.9.0+retry", "0.9.0+retry", "0.9.0"]


def test_the_ocr_budget_reaches_the_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PROTOKOLL_OCR_PAGE_SECONDS through the resource to the worker, apart from the parse budget;
    a scanned page over it is left for OCR while the file's text pages are kept."""
    from pipelines.resources import NlpResource
    from pipelines.workers import ocr_available
    from tests.extractors.pdfs import with_scanned_page

    monkeypatch.delenv("PROTOKOLL_OCR_PAGE_SECONDS", raising=False)
    assert NlpResource().limits().ocr_page_seconds == 120
    monkeypatch.setenv("PROTOKOLL_OCR_PAGE_SECONDS", "7")
    assert (NlpResource().limits().ocr_page_seconds, NlpResource().limits().page_seconds) == (7, 60)
    if not ocr_available():
        pytest.skip("no Tesseract with its Swedish model (./run.sh installs it)")
    src = Path(__file__).resolve().parents[1] / "corpus" / "dev" / "pdf" / "db_hedeby-bun_arsrapport_2024.pdf"
    files = {"mixed": with_scanned_page(src, tmp_path / "mixed.pdf", 1, tmp_path)}
    limits = WorkerLimits(workers=1, page_seconds=5, ocr_page_seconds=0.01, file_seconds=120)
    got = run(tmp_path, limits, files)["mixed"]
    assert (got["status"], got["counts"]["needs_ocr_pages"], got["counts"]["ocr_pages"]) == ("ok", 1, 0)
    assert got["counts"]["assignments"] > 0  # the text pages' facts are kept
