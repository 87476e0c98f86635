"""Multi-year sample corpus: realistic PDFs of several fictional bodies with ground truth.

    python -m demo.corpus --out DIR [--seed 7] [--bodies 4] [--years 2019-2026] [--scale 1.0]

Writes `DIR/manifest.json` (read by the imitation portal, `demo.portal`),
`DIR/pdf/<body>/<body>_<date>_<kind>.pdf` and, next to every PDF, its ground truth
`DIR/truth/<same stem>.json` in the shape of `EXTRACTION.md` (`truth.py`).

Everything is deterministic from the seed (reportlab writes invariant PDFs). What the corpus
holds is planned in `planning.py` (with its planted trends), worded from the YAML banks of
`texts/` by `wording.py`, laid out by `layout.py`, `flow.py` and `wrap.py`, and written
document by document by `notices.py` and `report.py`. One meeting is cancelled and one or two
protocols are published only after the first portal run (`published_after_run`).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from demo.corpus import planning
from demo.corpus.layout import new_flow
from demo.corpus.model import DONE, Body, CorpusSummary, Item, Meeting
from demo.corpus.notices import Agenda, write_aktivitetsplan, write_kallelse, write_pm, write_protokoll
from demo.corpus.report import write_report
from demo.corpus.truth import DocTruth, committee_entry, portal_document, write_manifest, write_pdf
from demo.corpus.wording import diarienummer, texts, wording

GENERATOR_VERSION = "1"


def generate_corpus(
    out: Path, seed: int = 7, bodies: int = 4, years: Iterable[int] = range(2019, 2027), scale: float = 1.0
) -> CorpusSummary:
    """Write the corpus under `out` (its pdf/, truth/ and manifest.json are replaced)."""
    t0 = time.perf_counter()
    out = Path(out)
    year_list = sorted(set(years))
    if not year_list:
        raise ValueError("no years")
    if bodies < 1 or scale <= 0:
        raise ValueError("bodies must be >= 1 and scale > 0")
    for sub in ("pdf", "truth"):
        shutil.rmtree(out / sub, ignore_errors=True)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    body_list = planning.make_bodies(bodies)
    low = planning.low_year_of(year_list)
    summary = CorpusSummary(out, seed, [b.slug for b in body_list], year_list, scale, low_year=low)
    committees = []
    for body in body_list:
        meetings = _write_body(out, body, len(body_list), summary)
        committees.append(committee_entry(body, meetings))
    write_manifest(out, texts("bodies")["site"], summary, committees, GENERATOR_VERSION)
    summary.seconds = round(time.perf_counter() - t0, 2)
    return summary


def _write_body(out: Path, body: Body, n_bodies: int, summary: CorpusSummary) -> list[dict[str, Any]]:
    """All years of one body; returns its meetings for the portal manifest."""
    seed, year_list, scale = summary.seed, summary.years, summary.scale
    rng = random.Random(f"{seed}-{body.slug}")
    pool = planning.object_pool(body, rng)
    threads = planning.plan_threads(body, year_list, pool, rng, scale)
    summary.done_share[body.slug] = {}
    summary.threads[body.slug] = []
    meetings_out: list[dict[str, Any]] = []
    for k, year in enumerate(year_list):
        yrng = random.Random(f"{seed}-{body.slug}-{year}")
        meetings = planning.plan_meetings(body, year, year == summary.low_year, yrng)
        items = planning.plan_items(body, year, k, len(year_list), threads[year], pool, yrng, scale)
        summary.meetings += len(meetings)
        for i in range(len(meetings)):
            meetings_out.append(_write_meeting(out, body, k, i, meetings, items, summary, yrng))
        if body.index == min(1, n_bodies - 1) and k == len(year_list) // 2:
            extra = dt.date(year, 6, 1 + body.index * 7)
            meetings_out.append(
                {
                    "date": extra.isoformat(),
                    "cancelled": True,
                    "documents": [],
                    "title": texts("documents")["cancelled_meeting"],
                }
            )
    return meetings_out


def _agenda(year: int, first: bool, rng: random.Random) -> Agenda:
    """Two information items, and the year's plan at the first meeting."""
    agenda: Agenda = [(t, None) for t in rng.sample(texts("phrases")["agenda_topics"], 2)]
    if first:
        agenda.insert(0, (wording("agenda", "plan", year=year), diarienummer(year, rng)))
    return agenda


def _write_meeting(
    out: Path,
    body: Body,
    k: int,
    i: int,
    meetings: list[Meeting],
    items: list[Item],
    summary: CorpusSummary,
    rng: random.Random,
) -> dict[str, Any]:
    """The kallelse of one meeting (bundling the plan or the report) and, after the last, its protokoll."""
    m, year = meetings[i], meetings[i].date.year
    first, last = i == 0, i == len(meetings) - 1
    flow = new_flow(body, year, rng)
    agenda = _agenda(year, first, rng)
    report_dnr = diarienummer(year, rng)
    if last:
        agenda.insert(0, (wording("agenda", "report", year=year), report_dnr))
    elif rng.random() < 0.5:
        topic = rng.choice(texts("phrases")["topics"])
        agenda.insert(0, (wording("agenda", "remiss", topic=topic), diarienummer(year, rng)))
    docs = [write_kallelse(flow, body, m, agenda, rng)]
    if first:
        docs.append(write_aktivitetsplan(flow, body, year, meetings, rng))
    if last:
        if k % 2 == 0:  # the FöredragningsPM is bundled every other year
            docs.append(write_pm(flow, body, m, report_dnr))
        rep = write_report(flow, body, year, meetings, items, report_dnr, k, rng)
        docs.append(rep)
        _record_report(summary, body, year, rep)
    day = m.date.isoformat()
    pdf_rel, truth_rel = write_pdf(out, flow, docs, body, f"{body.slug}_{day}_kallelse", summary)
    documents = [portal_document("agenda", f"Kallelse {day}", pdf_rel, truth_rel)]
    if last:
        pflow = new_flow(body, year, rng)
        prot = write_protokoll(pflow, body, m, agenda, rng)
        p_rel, pt_rel = write_pdf(out, pflow, [prot], body, f"{body.slug}_{day}_protokoll", summary)
        doc = portal_document("protocol", f"Protokoll {day}", p_rel, pt_rel)
        if year == summary.years[-1] and body.index < 2:
            doc["published_after_run"] = 1  # minutes that appear only after the first run
        documents.append(doc)
    return {"date": day, "cancelled": False, "documents": documents}


def _record_report(summary: CorpusSummary, body: Body, year: int, rep: DocTruth) -> None:
    """The planted trends as the summary reports them: share judged done, recurring threads."""
    asg = [a for a in rep.assignments if not a.get("optional")]
    summary.done_share[body.slug][year] = round(sum(a["status"] in DONE for a in asg) / len(asg), 3)
    summary.threads[body.slug] += [
        {"thread": a["thread"], "year": year, "status": a["status"], "text": a["text"]}
        for a in asg
        if a.get("thread")
    ]
