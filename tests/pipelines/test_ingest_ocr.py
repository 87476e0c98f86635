"""`protokoll ingest` over scanned files: an all-scanned report and a text PDF with one scanned page
are read with Tesseract and loaded with each page's provenance; without Tesseract the same pages
are flagged needs_ocr in the summary and the warehouse, and the scanned report is image_only."""

from pathlib import Path

import duckdb
import pytest

from extractors import ocr
from extractors.rules import default_rules
from pipelines.cli import main
from tests.extractors.pdfs import scan, with_scanned_page

pytestmark = pytest.mark.slow

DEV = Path(__file__).resolve().parents[1] / "corpus" / "dev" / "pdf"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.setenv("PROTOKOLL_WORKERS", "1")
    folder = tmp_path / "in"
    folder.mkdir()
    scan(DEV / "dd_ramnefors-gemensam-hjalpmedel_verksamhetsberattelse_2023.pdf", folder / "skannad.pdf", [0])
    with_scanned_page(DEV / "db_hedeby-bun_arsrapport_2024.pdf", folder / "blandad.pdf", 1, tmp_path)
    return folder


def _ingest(folder: Path, name: str) -> str:
    wh = folder.parent / name / "w.duckdb"
    argv = ["ingest", "--from", str(folder), "--warehouse", str(wh), "--archive", str(folder.parent / name)]
    assert main(argv) == 0
    return str(wh)


def test_scanned_pages_are_read_and_loaded(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if isinstance(found := ocr.engine(default_rules().text_layer.ocr), str):
        pytest.skip(f"{found}: install tesseract-ocr and tesseract-ocr-swe (./run.sh does)")
    wh = _ingest(folder, "med")
    out = capsys.readouterr().out
    assert "files: 2 found, 2 new, 0 unchanged, 0 rejected" in out
    assert "pages: 2 read with OCR, 0 need OCR\n" in out
    with duckdb.connect(wh, read_only=True) as con:
        pages = con.execute(
            "SELECT f.file_name, p.page, p.text_source, p.ocr_engine LIKE 'tesseract % swe', p.ocr_confidence > 80 "
            "FROM pages p JOIN source_files f USING (sha256) ORDER BY 1, 2"
        ).fetchall()
        assert pages == [
            ("blandad.pdf", 1, "text_layer", None, None),
            ("blandad.pdf", 2, "ocr", True, True),
            ("blandad.pdf", 3, "text_layer", None, None),
            ("skannad.pdf", 1, "ocr", True, True),
        ]
        found = con.execute(
            "SELECT f.file_name, list(a.number || ' ' || a.status ORDER BY a.number) "
            "FROM assignments a JOIN source_files f USING (sha256) WHERE a.page = 2 OR f.file_name = 'skannad.pdf' "
            "GROUP BY 1 ORDER BY 1"
        ).fetchall()
    assert found == [
        ("blandad.pdf", ["13 genomfort", "14 genomfort", "15 okant", "16 pagar", "17 ej_genomfort"]),
        (
            "skannad.pdf",
            [
                "1 genomfort",
                "2 ej_genomfort",
                "3 pagar",
                "4 ej_genomfort",
                "5 genomfort",
                "6 ej_genomfort",
                "7 ej_genomfort",
            ],
        ),
    ]


def test_without_tesseract_pages_are_flagged(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ocr.TESSERACT_ENV, str(folder / "no-tesseract"))
    ocr._probe.cache_clear()
    try:
        wh = _ingest(folder, "utan")
    finally:
        ocr._probe.cache_clear()
    out = capsys.readouterr().out
    assert "pages: 0 read with OCR, 2 need OCR (no Tesseract" in out
    assert (
        "skannad.pdf: image_only: no text layer on any of 1 page(s) (1 image(s)); needs_ocr: Tesseract not found"
        in out
    )
    with duckdb.connect(wh, read_only=True) as con:
        assert con.execute(
            "SELECT page, text_source, text FROM pages p JOIN source_files f USING (sha256) "
            "WHERE f.file_name = 'blandad.pdf' AND text_source <> 'text_layer'"
        ).fetchall() == [(2, "needs_ocr", "")]
        # Stored with a retry version: an ingest on a machine with Tesseract reads the pages.
        assert con.execute(
            "SELECT count(*) FROM source_files WHERE extractor_version LIKE '%+retry'"
        ).fetchone() == (2,)
