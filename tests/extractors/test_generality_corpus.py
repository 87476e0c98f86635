"""`protokoll extract` over the generality corpus (tests/corpus: 59 hand-written PDFs of fictional
bodies in three splits), scored with ../shared/tools/score.py.

Both hold-outs are held to issue 9's targets (TARGETS); dev, which rules are written against, to a
ratchet a little below its figures. benchmarks/RESULTS.md quotes every split. Rules are never
changed while looking at a hold-out's failures: only dev/ is read when a rule is written.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
CORPUS = PROJECT / "tests" / "corpus"
SCORE = PROJECT.parent / "shared" / "tools" / "score.py"

TARGETS = {
    "assignments_f1": 0.95,
    "status_acc": 0.93,
    "beredning_acc": 0.95,
    "meeting_dates_f1": 0.92,
    "diarienummer_f1": 0.95,
    "doc_type_acc": 0.95,
    "organ_acc": 0.90,
    "year_acc": 0.95,
    "meeting_header_acc": 0.90,
}
FLOORS = {
    "dev": {
        "assignments_f1": 0.97,
        "status_acc": 0.95,
        "beredning_acc": 0.93,
        "meeting_dates_f1": 0.95,
        "diarienummer_f1": 0.95,
        "doc_type_acc": 0.97,
        "organ_acc": 0.95,
        "year_acc": 0.97,
        "meeting_header_acc": 0.95,
    },
    # The hold-outs meet issue 9's targets; their floors are the targets themselves.
    "holdout": TARGETS,
    "holdout2": TARGETS,
}


def _extract(pdf: Path, out_dir: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "extract", str(pdf), "--json"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=300,
    )
    assert out.returncode == 0, f"{pdf.name}: {out.stderr}"
    (out_dir / f"{pdf.stem}.json").write_text(out.stdout, encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("split", ["dev", "holdout", "holdout2"])
def test_generality_corpus_scores(split: str, tmp_path: Path) -> None:
    if not SCORE.is_file():
        pytest.skip(f"scorer not found at {SCORE} (../shared/tools lives beside the repository)")
    pdfs = sorted((CORPUS / split / "pdf").glob("*.pdf"))
    assert len(pdfs) >= 10, "the corpus is committed with the repository"
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda p: _extract(p, tmp_path), pdfs))
    metrics = tmp_path / "metrics.json"
    score = subprocess.run(
        [sys.executable, str(SCORE), str(CORPUS / split / "expected"), str(tmp_path), "--json", str(metrics)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert score.returncode == 0, score.stderr
    overall = json.loads(metrics.read_text())["overall"]
    low = {k: overall[k] for k, f in FLOORS[split].items() if overall[k] is None or overall[k] < f}
    assert not low, f"{split} below its floor: {low}\n{score.stdout}"


def test_corpus_specs_render_to_the_committed_expected_json(tmp_path: Path) -> None:
    """The expected JSON comes from the hand-written specs only (plus page ranges from rendering)."""
    sys.path.insert(0, str(CORPUS))
    try:
        import build  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    spec = sorted((CORPUS / "specs" / "holdout").glob("*.yaml"))[0]
    ranges = build.render(spec, tmp_path / "x.pdf")
    gold = build.gold_of(spec, ranges)
    committed = json.loads((CORPUS / "holdout" / "expected" / f"{spec.stem}.json").read_text("utf-8"))
    assert gold == committed
    assert (tmp_path / "x.pdf").read_bytes() == (CORPUS / "holdout" / "pdf" / f"{spec.stem}.pdf").read_bytes()
