"""`python -m demo.corpus --out DIR [--seed 7] [--bodies 4] [--years 2019-2026] [--scale 1.0] [--json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from demo.corpus.generate import generate_corpus
from demo.corpus.planning import parse_years


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m demo.corpus",
        description="Multi-year sample corpus: realistic PDFs of several fictional bodies with ground truth.",
    )
    ap.add_argument("--out", type=Path, required=True, help="folder to write pdf/, truth/ and manifest.json")
    ap.add_argument("--seed", type=int, default=7, help="random seed; the same seed gives the same files")
    ap.add_argument("--bodies", type=int, default=4, help="number of fictional bodies (default 4)")
    ap.add_argument("--years", type=parse_years, default=range(2019, 2027), help="e.g. 2019-2026")
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies assignments and pages")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args(argv)
    s = generate_corpus(args.out, args.seed, args.bodies, args.years, args.scale)
    if args.json:
        print(json.dumps(s.as_dict(), ensure_ascii=False, indent=1))
    else:
        print(
            f"{s.out}: {s.pdfs} PDFs, {s.pages} pages, {s.documents} documents, {s.assignments} assignments, "
            f"{s.meetings} meetings in {s.seconds:.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
