"""Score the extractor against the demo corpus generator's ground truth.

    .venv/bin/python benchmarks/score_demo.py [--corpus DIR] [--seed 7] [--bodies 4] [--years 2019-2026]
                                              [--scale 1.0] [--pred DIR] [--details]

Generates the corpus (unless --corpus points at an existing one), runs
`extractors.api.extract_file` on every PDF, writes one prediction JSON per PDF
(`<pred>/<stem>.json`) and runs ../shared/tools/score.py against `<corpus>/truth`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORE = ROOT.parent / "shared" / "tools" / "score.py"
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    from demo.corpus import generate_corpus, parse_years

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, help="existing corpus (manifest.json, pdf/, truth/)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--bodies", type=int, default=4)
    ap.add_argument("--years", type=parse_years, default=range(2019, 2027))
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--pred", type=Path, help="where predictions go (default: a temporary folder)")
    ap.add_argument("--details", action="store_true", help="list every mismatch")
    ap.add_argument("--json", type=Path, help="write score.py's metrics here")
    args = ap.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="score-demo-")
    corpus = args.corpus
    if corpus is None or not (corpus / "manifest.json").is_file():
        corpus = corpus or Path(tmp.name) / "corpus"
        s = generate_corpus(corpus, args.seed, args.bodies, args.years, args.scale)
        print(f"generated {s.pdfs} PDFs, {s.pages} pages, {s.assignments} assignments in {s.seconds:.1f} s")
    pred = args.pred or Path(tmp.name) / "pred"
    pred.mkdir(parents=True, exist_ok=True)

    from extractors.api import extract_file
    from extractors.nlp import build_nlp

    nlp = build_nlp()
    pdfs = sorted((corpus / "pdf").rglob("*.pdf"))
    t0 = time.perf_counter()
    pages = failed = 0
    for pdf in pdfs:
        try:
            result = extract_file(pdf, nlp=nlp)
        except Exception as e:
            failed += 1
            print(f"extract failed: {pdf.name}: {e}", file=sys.stderr)
            continue
        pages += result.data.get("pages") or 0
        (pred / f"{pdf.stem}.json").write_text(json.dumps(result.data, ensure_ascii=False), encoding="utf-8")
    secs = time.perf_counter() - t0
    print(
        f"extracted {len(pdfs) - failed}/{len(pdfs)} PDFs, {pages} pages in {secs:.1f} s "
        f"({pages / secs if secs else 0:.1f} pages/s)"
    )
    cmd = [sys.executable, str(SCORE), str(corpus / "truth"), str(pred)]
    if args.details:
        cmd.append("--details")
    if args.json:
        cmd += ["--json", str(args.json)]
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
