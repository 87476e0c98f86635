"""Lineage links against truth: the demo generator's threads and links drawn by hand.

    .venv/bin/python benchmarks/bench_lineage.py [--seeds 7 11 23] [--scales 1 2] [--corpus DIR]...

Each corpus's truth JSONs go through the real load (`warehouse.load.load_and_publish`, as if
the extractor had produced the truth; bare references flagged `reference_only`), then the
links the load drew (`assignment_links`) are compared with the truth:

* generated corpora (the demo generator's OUTPUT: `truth/*.json` records a `thread` id on every
  assignment planned to recur, reworded, over consecutive years): a true link joins two
  consecutive members of one thread. Corpora are generated into a temp dir by whichever of
  `demo.corpus` / `pipelines.demo.generator` is installed, or read from `--corpus DIR`.
* `../shared/corpus/expected` against `benchmarks/lineage_links.yaml` (ids only).

Prints precision and recall of the links, and of "same lineage" over all member pairs.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

import duckdb
import yaml

from warehouse.load import FileLoad, load_and_publish

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus" / "expected"
HAND = Path(__file__).with_name("lineage_links.yaml")
Key = tuple[str, int, int]  # (file stem, document index, position in its assignments)


def _sha(p: Path, data: dict[str, Any]) -> str:
    # The generator's truth names its PDF's sha256; the shared corpus's expected files do not.
    return str(data.get("sha256") or hashlib.sha256(p.read_bytes()).hexdigest())


def file_loads(paths: list[Path]) -> list[FileLoad]:
    loads = []
    for p in paths:
        data = json.loads(p.read_text(encoding="utf-8"))
        data["sha256"] = _sha(p, data)
        for doc in data["documents"]:
            for a in doc["assignments"]:
                # Bare references ("Uppdrag 13 riktas till ..."): optional in both truths, and
                # for no body of theirs. (The shared corpus also marks plan items optional.)
                a["reference_only"] = bool(a.get("optional")) and a.get("beredning") == "ej_aktuellt"
        pages = data.get("pages") or max(d["page_end"] for d in data["documents"])
        loads.append(FileLoad(data["sha256"], None, p.stem, None, "ok", None, pages, data, (), "truth"))
    return loads


def load(paths: list[Path], warehouse: Path) -> dict[Key, str]:
    """Load the truth files; (stem, document index, position) -> assignment_id."""
    load_and_publish(warehouse, file_loads(paths), run_id="bench-lineage", extractor_version="truth")
    stems = {_sha(p, json.loads(p.read_text(encoding="utf-8"))): p.stem for p in paths}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT a.sha256, d.doc_index, a.ordinal, a.assignment_id FROM assignments a "
            "JOIN documents d USING (document_id)"
        ).fetchall()
    return {(stems[sha], di, i): aid for sha, di, i, aid in rows}


def predicted(warehouse: Path) -> tuple[set[tuple[str, str]], dict[str, str], dict[str, int]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        links = con.execute(
            "SELECT from_assignment_id, to_assignment_id, method FROM assignment_links"
        ).fetchall()
        members = dict(
            con.execute("SELECT assignment_id, lineage_id FROM assignment_lineage_members").fetchall()
        )
    methods: dict[str, int] = defaultdict(int)
    for _, _, m in links:
        methods[m] += 1
    return {(a, b) for a, b, _ in links}, members, dict(methods)


def pr(pred: set[Any], truth: set[Any]) -> tuple[float, float, int, int, int]:
    tp = len(pred & truth)
    return (tp / len(pred) if pred else 1.0, tp / len(truth) if truth else 1.0, tp, len(pred), len(truth))


def same_lineage_pairs(groups: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for ids in groups.values() for p in combinations(sorted(ids), 2)}


def score_generated(corpus: Path, workdir: Path) -> dict[str, Any]:
    paths = sorted((corpus / "truth").glob("*.json"))
    ids = load(paths, workdir / f"{corpus.name}.duckdb")
    threads: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for p in paths:
        for di, doc in enumerate(json.loads(p.read_text(encoding="utf-8"))["documents"]):
            for i, a in enumerate(doc["assignments"]):
                if a.get("thread"):
                    threads[a["thread"]].append((doc["year"], ids[(p.stem, di, i)]))
    truth = {(x[1], y[1]) for m in threads.values() for x, y in zip(sorted(m), sorted(m)[1:], strict=False)}
    links, members, methods = predicted(workdir / f"{corpus.name}.duckdb")
    by_lineage: dict[str, list[str]] = defaultdict(list)
    for aid, lin in members.items():
        by_lineage[lin].append(aid)
    true_groups = {t: [aid for _, aid in m] for t, m in threads.items()}
    return {
        "links": pr({pair for pair in links}, truth),
        "same_lineage": pr(same_lineage_pairs(by_lineage), same_lineage_pairs(true_groups)),
        "methods": methods,
    }


def score_hand(workdir: Path) -> dict[str, Any]:
    hand = yaml.safe_load(HAND.read_text(encoding="utf-8"))
    ids = load(sorted(SHARED.glob("*.json")), workdir / "shared.duckdb")

    def pair(link: dict[str, Any]) -> frozenset[str]:
        return frozenset(ids[(f, d, i)] for f, d, i in (link["from"], link["to"]))

    truth = {pair(x) for x in hand["links"]}
    doubtful = {pair(x) for x in hand.get("doubtful", [])}
    cross = {pair(x) for x in hand.get("cross_organ", [])}
    links, _, methods = predicted(workdir / "shared.duckdb")
    pred = {frozenset(p) for p in links} - doubtful
    return {"links": pr(pred, truth), "cross_organ": pr(pred & cross, cross), "methods": methods}


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # its parent package is not there
        return False


def generate(seed: int, scale: float, out: Path) -> Path:
    # The demo generator's command line (top-level demo/ package; pipelines/demo before it).
    module = next(m for m in ("demo.corpus", "pipelines.demo.generator") if _installed(m))
    target = out / f"demo-seed{seed}-scale{scale:g}"
    args = ["--out", str(target), "--seed", str(seed), "--scale", str(scale)]
    subprocess.run([sys.executable, "-m", module, *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return target


def line(name: str, figures: tuple[float, float, int, int, int]) -> str:
    p, r, tp, n_pred, n_truth = figures
    return f"{name:<44} precision {p:.3f} ({tp}/{n_pred})  recall {r:.3f} ({tp}/{n_truth})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="*", default=[7, 11, 23])
    ap.add_argument("--scales", type=float, nargs="*", default=[1.0, 2.0])
    ap.add_argument("--corpus", type=Path, action="append", default=[], help="an already generated corpus")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpora = list(args.corpus) + [generate(s, k, work) for k in args.scales for s in args.seeds]
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for corpus in corpora:
            result = score_generated(corpus, work)
            for key in ("links", "same_lineage"):
                _, _, tp, n_pred, n_truth = result[key]
                totals[key] = [a + b for a, b in zip(totals[key], (tp, n_pred, n_truth), strict=True)]
            print(line(f"{corpus.name} links", result["links"]), result["methods"])
            print(line(f"{corpus.name} same lineage", result["same_lineage"]))
        for key, (tp, n_pred, n_truth) in totals.items():
            print(
                line(
                    f"ALL generated, {key}", (tp / max(n_pred, 1), tp / max(n_truth, 1), tp, n_pred, n_truth)
                )
            )
        if SHARED.is_dir():
            hand = score_hand(work)
            print(line("shared corpus, hand-drawn links", hand["links"]), hand["methods"])
            print(line("shared corpus, cross-organ links", hand["cross_organ"]))
        else:
            print(f"{SHARED} missing: hand-drawn links not scored")
    return 0


if __name__ == "__main__":
    sys.exit(main())
