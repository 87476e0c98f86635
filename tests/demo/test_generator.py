"""The sample corpus generator: determinism, truth consistent with the PDFs, styles, trends."""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest

from demo.corpus import DONE, generate_corpus

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("corpus")
    return out, generate_corpus(out)


def truths(out: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "truth").glob("*.json"))}


def flat(text: str) -> str:
    """Page text as one line: hyphenation across lines undone, page furniture kept."""
    text = re.sub(
        r"(\w)-\n(\w)",
        lambda m: (
            m.group(1) + m.group(2)
            if m.group(2).islower() and not text.startswith("och", m.end(2) - 1)
            else m.group(0)
        ),
        text,
    )
    return re.sub(r"\s+", " ", text)


def test_deterministic_from_seed(tmp_path: Path) -> None:
    a = generate_corpus(tmp_path / "a", seed=3, bodies=2, years=range(2021, 2024))
    b = generate_corpus(tmp_path / "b", seed=3, bodies=2, years=range(2021, 2024))
    c = generate_corpus(tmp_path / "c", seed=4, bodies=2, years=range(2021, 2024))
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b and a.pages == b.pages
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    assert (tmp_path / "a" / "manifest.json").read_bytes() != (tmp_path / "c" / "manifest.json").read_bytes()
    assert c.pages > 0


def test_layout_and_manifest(corpus: tuple[Path, object]) -> None:
    out, summary = corpus
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["site"] == "Region Exempel" and manifest["seed"] == 7
    assert len(manifest["committees"]) == 4
    listed = set()
    late = cancelled = 0
    for c in manifest["committees"]:
        assert {"slug", "name", "id", "meetings"} <= set(c)
        for m in c["meetings"]:
            cancelled += m["cancelled"]
            for d in m["documents"]:
                assert d["tab"] in ("agenda", "protocol")
                assert (out / d["file"]).is_file() and (out / d["truth"]).is_file()
                assert Path(d["file"]).stem == Path(d["truth"]).stem
                listed.add(Path(d["truth"]).stem)
                late += d.get("published_after_run", 0) >= 1
    assert cancelled == 1 and 1 <= late <= 2
    assert listed == set(truths(out))
    # modest default: roughly 100-300 pages, fast
    assert 100 <= summary.pages <= 300, summary.pages
    assert summary.seconds < 30


def test_truth_consistent_with_pdfs(corpus: tuple[Path, object]) -> None:
    out, _ = corpus
    for stem, truth in truths(out).items():
        body = stem.split("_")[0]
        pdf_path = out / "pdf" / body / f"{stem}.pdf"
        assert truth["source"] == pdf_path.name
        with pdfplumber.open(pdf_path) as pdf:
            pages = [flat(p.extract_text() or "") for p in pdf.pages]
        assert truth["pages"] == len(pages), stem
        prev_end = 0
        for doc in truth["documents"]:
            assert doc["page_start"] == prev_end + 1 and doc["page_end"] >= doc["page_start"], stem
            prev_end = doc["page_end"]
            text = " ".join(pages[doc["page_start"] - 1 : doc["page_end"]])
            assert doc["organ"] in text
            assert doc["title"] in text or doc["title"] in flat(text), (stem, doc["title"])
            for dnr in doc["diarienummer"]:
                assert re.fullmatch(r"\d{2}RS\d{5}", dnr) and dnr in text
            if doc["meeting"]:
                assert f"Sammanträdesdatum: {doc['meeting']['date']}" in text
            for d in doc["meeting_dates"]:
                assert d.startswith(str(doc["year"]))
            assert not set(doc["meeting_dates"]) & {
                o["date"] for o in doc["other_dates"] if o["kind"] != "document date"
            }
            for a in doc["assignments"]:
                assert doc["page_start"] <= a["page"] <= doc["page_end"]
                assert a["text"][:40] in pages[a["page"] - 1] or a["text"][:40] in pages[a["page"]], (stem, a)
                if a["evidence"]:
                    assert a["evidence"] in text, (stem, a["evidence"])
        assert prev_end == truth["pages"]


def test_every_status_and_style_present(corpus: tuple[Path, object]) -> None:
    out, _ = corpus
    statuses, bered, labels, multi = set(), set(), set(), set()
    for truth in truths(out).values():
        for doc in truth["documents"]:
            for a in doc["assignments"]:
                statuses.add(a["status"])
                bered.add(a["beredning"])
                multi.add(a["multi_year"])
                lab = a["label"] or "none"
                labels.add(re.sub(r"\d+", "N", lab) + (" optional" if a.get("optional") else ""))
    assert statuses == {"genomfort", "arsdel_genomford", "ej_genomfort", "pagar", "okant"}
    assert bered == {"behandlat", "ej_behandlat", "ej_aktuellt"}
    assert multi == {True, False}
    assert {"Nr N", "Ber nr N", "Uppdrag N", "N", "none", "Uppdrag N optional"} <= labels, labels
    doc_types = {d["doc_type"] for t in truths(out).values() for d in t["documents"]}
    assert doc_types == {"kallelse", "aktivitetsplan", "foredragningspm", "aterrapportering", "protokoll"}


def test_trends_present(corpus: tuple[Path, object]) -> None:
    out, summary = corpus
    share = summary.done_share["nara-vard"]
    years = sorted(share)
    assert share[years[-1]] - share[years[0]] >= 0.5
    assert sum(share[b] >= share[a] for a, b in itertools.pairwise(years)) >= len(years) - 2
    # computed again from the truth files
    per_year: dict[int, list[str]] = defaultdict(list)
    meetings: dict[tuple[str, int], set[str]] = defaultdict(set)
    texts: dict[str, set[str]] = defaultdict(set)
    for truth in truths(out).values():
        for doc in truth["documents"]:
            for d in doc["meeting_dates"]:
                meetings[(doc["organ"], int(d[:4]))].add(d)
            for a in doc["assignments"]:
                if a.get("optional"):
                    continue
                if doc["organ"] == "Beredning för nära vård":
                    per_year[doc["year"]].append(a["status"])
                if a.get("thread"):
                    texts[a["thread"]].add((doc["year"], a["text"]))
    first, last = min(per_year), max(per_year)
    rate = {y: sum(s in DONE for s in v) / len(v) for y, v in per_year.items()}
    assert rate[last] - rate[first] >= 0.5
    # a year with fewer meetings for every body
    low = summary.low_year
    for organ in {o for o, _ in meetings}:
        others = [len(v) for (o, y), v in meetings.items() if o == organ and y != low]
        assert len(meetings[(organ, low)]) < min(others)
    # recurring assignments: several years, reworded
    long_threads = [t for t, v in texts.items() if len({y for y, _ in v}) >= 3]
    assert len(long_threads) >= 8
    assert all(len({txt for _, txt in texts[t]}) >= 2 for t in long_threads)


def test_scale_and_bodies(tmp_path: Path) -> None:
    small = generate_corpus(tmp_path / "s", bodies=1, years=range(2024, 2025), scale=1.0)
    big = generate_corpus(tmp_path / "b", bodies=1, years=range(2024, 2025), scale=6.0)
    assert big.assignments >= 5 * small.assignments and big.pages > small.pages
    many = generate_corpus(tmp_path / "m", bodies=7, years=range(2024, 2026), scale=0.5)
    assert len(many.bodies) == 7 and len(set(many.bodies)) == 7


def test_no_sentences_from_real_samples(corpus: tuple[Path, object]) -> None:
    if not (SHARED / "expected").is_dir():
        pytest.skip("../shared/corpus is absent")
    real = set()
    for p in (SHARED / "expected").glob("*.json"):
        for doc in json.loads(p.read_text(encoding="utf-8"))["documents"]:
            for a in doc["assignments"]:
                for s in (a["text"], a.get("evidence")):
                    if s and len(s) > 45:
                        real.add(s)
    # formulaic wordings quoted by the spec itself (status sentences, bare references) are fine
    spec = SHARED.parent / "spec" / "EXTRACTION.md"
    quoted = re.sub(r"\s+", " ", spec.read_text(encoding="utf-8")) if spec.is_file() else ""
    real = {s for s in real if s.rstrip(".") not in quoted}
    out, _ = corpus
    ours = " ".join(
        a["text"] + " " + (a["evidence"] or "")
        for t in truths(out).values()
        for d in t["documents"]
        for a in d["assignments"]
    )
    assert not [s for s in real if s in ours]
