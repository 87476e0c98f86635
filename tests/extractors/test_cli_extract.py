"""`protokoll extract` end to end on real PDFs: own fixtures, bad input, and the shared corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pdfs import write_pdf

PROJECT = Path(__file__).resolve().parents[2]
# Issue 9: on the shared samples every scored field stays >= 0.97.
THRESHOLDS = {
    "assignments_f1": 0.97,
    "status_acc": 0.97,
    "beredning_acc": 0.97,
    "multi_year_acc": 0.97,
    "meeting_dates_f1": 0.97,
    "diarienummer_f1": 0.97,
    "doc_type_acc": 0.97,
    "organ_acc": 0.97,
    "year_acc": 0.97,
    "meeting_header_acc": 0.97,
}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "extract", *args],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=300,
    )


REPORT = [
    [
        "1. Inledning",
        "Beredning för exempelvård är en av tre beredningar under nämnden. I nämndens",
        "verksamhetsplan med budget för 2025 ges ett antal uppdrag.",
        "2. Återrapportering av uppdrag",
        "Nämndens beredningar får i uppdrag:",
        "Nr 3. Att följa arbetet med den nya vårdplanen i länet.",
        "Kommentar: Beredningen fick vid sammanträdet den 11 mars en genomgång av planen.",
        "Ur delårsrapport: Uppdraget har startat och bedöms vara genomfört vid årets slut.",
        "Nr 4. Att följa utvecklingen av digitala vårdmöten och överenskommel-",
        "sen med kommunerna om hälso- och sjukvård.",
        "Svar: Frågan har inte behandlats av beredningen.",
        "Ur delårsrapport: Uppdraget är flerårigt och bedöms inte vara klart vid årets slut.",
        "Uppdrag 5 och 6 riktas till andra beredningar.",
        "Uppdrag 7:",
        "Att följa arbetet med tandvården för äldre.",
        "Beredningens kommentar: Arbete pågår i en arbetsgrupp.",
        "Protokollet ska justeras senast den 20 december 2025.",
    ]
]


def test_extract_json_on_own_report(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "rapport.pdf", REPORT, header="Region Exempel Återrapportering")
    out = run_cli(str(pdf), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["pages"] == 1 and len(data["sha256"]) == 64
    (doc,) = data["documents"]
    assert doc["doc_type"] == "aterrapportering" and doc["year"] == 2025
    assert doc["organ"] == "Beredning för exempelvård"
    assert doc["meeting_dates"] == ["2025-03-11"]
    by_label = {a["label"]: a for a in doc["assignments"]}
    assert by_label["Nr 3"]["status"] == "genomfort" and by_label["Nr 3"]["beredning"] == "behandlat"
    nr4 = by_label["Nr 4"]
    assert (nr4["status"], nr4["beredning"], nr4["multi_year"]) == ("ej_genomfort", "ej_behandlat", True)
    assert "överenskommelsen med kommunerna om hälso- och sjukvård" in nr4["text"]
    assert by_label["Uppdrag 5"]["beredning"] == "ej_aktuellt" and by_label["Uppdrag 6"]["number"] == 6
    # Regression: a label on a line of its own ("Uppdrag 7:") with the text on the next line.
    assert by_label["Uppdrag 7"]["text"] == "Att följa arbetet med tandvården för äldre."
    assert by_label["Uppdrag 7"]["status"] == "pagar"


def test_extract_summary_is_readable(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "rapport.pdf", REPORT)
    out = run_cli(str(pdf))
    assert out.returncode == 0, out.stderr
    assert "aterrapportering" in out.stdout and "Nr 3" in out.stdout and "genomfort" in out.stdout


def test_extract_summary_columns_align_and_cut_with_an_ellipsis() -> None:
    from pipelines.commands.extract import assignment_table

    rows = [
        {
            "label": "Uppdrag 12",
            "status": "genomfort",
            "beredning": "behandlat",
            "multi_year": False,
            "page": 3,
            "text": "Ta fram en plan för hur kommunens lokaler ska användas bättre under perioden",
        },
        {
            "label": None,
            "status": "pagar",
            "beredning": "ej_behandlat",
            "multi_year": True,
            "page": 12,
            "text": "Kort text",
        },
    ]
    lines = assignment_table(rows, width=80)
    assert lines[0].split() == ["label", "status", "beredning", "multi-year", "page", "text"]
    starts = {line.index(word) for line, word in zip(lines, ["status", "genomfort", "pagar"], strict=True)}
    assert len(starts) == 1  # the status column starts at the same place on every line
    assert all(len(line) <= 80 for line in lines)
    assert lines[1].endswith("…") and lines[2].endswith("Kort text")
    assert "(unnumbered)" in lines[2] and " yes " in lines[2]


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _encrypted(tmp: Path) -> Path:
    return write_pdf(tmp / "locked.pdf", [["Hemlig text"]], encrypt="hemligt")


def _image_only(tmp: Path) -> Path:
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    img = tmp / "scan.png"
    Image.new("RGB", (60, 80), "white").save(img)
    c = canvas.Canvas(str(tmp / "scan.pdf"), pagesize=A4)
    c.drawImage(str(img), 50, 50, width=300, height=400)
    c.showPage()
    c.save()
    return tmp / "scan.pdf"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda t: t / "nowhere.pdf", "missing"),
        (lambda t: _bytes(t / "empty.pdf", b""), "empty"),
        (lambda t: _bytes(t / "page.pdf", b"<html>not a pdf</html>"), "not_pdf"),
        (lambda t: _bytes(t / "broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage"), "corrupt"),
        (_encrypted, "encrypted"),
        (_image_only, "image_only"),
    ],
)
def test_bad_input_gives_one_line_error(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    out = run_cli(str(path), "--json")
    assert out.returncode == 1
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert str(path) in lines[0] and f": {reason}:" in lines[0]


def test_truncated_pdf_is_rejected_not_crashing(tmp_path: Path) -> None:
    good = write_pdf(tmp_path / "good.pdf", REPORT)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 3])
    out = run_cli(str(cut))
    assert out.returncode in (0, 1)
    if out.returncode == 1:
        assert "corrupt" in out.stderr or "image_only" in out.stderr


@pytest.mark.corpus
def test_corpus_scores_meet_targets(corpus_dir: Path, tmp_path: Path) -> None:
    preds = tmp_path / "pred"
    preds.mkdir()
    for pdf in sorted((corpus_dir / "pdf").glob("*.pdf")):
        out = run_cli(str(pdf), "--json")
        assert out.returncode == 0, out.stderr
        (preds / f"{pdf.stem}.json").write_text(out.stdout, encoding="utf-8")
    metrics = tmp_path / "metrics.json"
    score = subprocess.run(
        [
            sys.executable,
            str(corpus_dir.parent / "tools" / "score.py"),
            str(corpus_dir / "expected"),
            str(preds),
            "--json",
            str(metrics),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert score.returncode == 0, score.stderr
    overall = json.loads(metrics.read_text())["overall"]
    low = {k: overall[k] for k, floor in THRESHOLDS.items() if overall[k] is None or overall[k] < floor}
    assert not low, f"below target: {low}\n{score.stdout}"
