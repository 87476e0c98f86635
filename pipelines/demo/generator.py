"""Multi-year sample corpus: realistic PDFs of several fictional bodies with ground truth.

    python -m pipelines.demo.generator --out DIR [--seed 7] [--bodies 4] [--years 2019-2026] [--scale 1.0]

Writes `DIR/manifest.json` (read by the imitation portal, `pipelines.demo.portal`),
`DIR/pdf/<body>/<body>_<date>_<kind>.pdf` and, next to every PDF, its ground truth
`DIR/truth/<same stem>.json` in the shape of `EXTRACTION.md` (what `protokoll extract
FILE --json` should print), so that `score.py DIR/truth PREDICTIONS` works.

Everything is deterministic from the seed (reportlab writes invariant PDFs). Trends are
planted on purpose, so that comparing years shows something:

* the first body's share of assignments judged done rises steadily over the years;
* every body has threads of assignments that recur for several years, reworded each year,
  whose status moves (e.g. pagar -> ej_genomfort -> genomfort);
* one year (2020 when in range) has fewer meetings for every body;
* one meeting is cancelled and one or two protocols are published only after the first
  portal run (`published_after_run`).

The Swedish text comes from the YAML banks in `texts/`; nothing is copied from real documents.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pipelines.demo.pdfflow import Flow, Style
from vocab.calendar import MONTH_NAMES, weekday_name
from vocab.labels import DONE

GENERATOR_VERSION = "1"
TEXTS = Path(__file__).with_name("texts")
NUMBER_STYLES = ("nr", "ber_nr", "uppdrag", "plain", "unnumbered")
MONTHS = list(MONTH_NAMES)
# months of the meetings, by number of meetings in the year
MEETING_MONTHS = {2: [3, 10], 3: [2, 5, 10], 4: [2, 5, 9, 11], 5: [2, 4, 6, 9, 11], 6: [2, 3, 5, 9, 10, 12]}
BASE_ASSIGNMENTS = 7
BASE_MEETINGS = 4


# ---------------------------------------------------------------------------- data


@cache
def texts(name: str) -> dict[str, Any]:
    with (TEXTS / f"{name}.yaml").open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data


@dataclass(frozen=True)
class Body:
    index: int
    slug: str
    name: str
    short: str
    committee_id: int


@dataclass(frozen=True)
class Meeting:
    date: dt.date
    start: str
    end: str
    place: str
    cancelled: bool = False


@dataclass
class Item:
    """One planned assignment of a body-year report."""

    obj: str
    template: int
    status: str
    thread: str | None = None
    multi_year: bool = False
    beredning: str = "behandlat"
    number: int | None = None
    label: str | None = None
    text: str = ""


@dataclass
class CorpusSummary:
    out: Path
    seed: int
    bodies: list[str]
    years: list[int]
    scale: float
    pdfs: int = 0
    pages: int = 0
    documents: int = 0
    assignments: int = 0
    meetings: int = 0
    seconds: float = 0.0
    low_year: int | None = None
    done_share: dict[str, dict[int, float]] = field(default_factory=dict)
    threads: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["out"] = str(self.out)
        return d


# ---------------------------------------------------------------------------- helpers


def swedish_date(d: dt.date, with_year: bool = False) -> str:
    s = f"{d.day} {MONTHS[d.month - 1]}"
    return f"{s} {d.year}" if with_year else s


def diarienummer(year: int, rng: random.Random) -> str:
    return f"{year % 100:02d}RS{rng.randint(10000, 13999)}"


def make_bodies(n: int) -> list[Body]:
    bank = texts("bodies")["bodies"]
    out = []
    for i in range(n):
        if i < len(bank):
            b = bank[i]
            out.append(Body(i, b["slug"], b["name"], b["short"], 12 + i))
        else:
            out.append(
                Body(
                    i,
                    f"beredning-{i + 1}",
                    f"Beredning {i + 1} för regional utveckling",
                    f"beredning {i + 1}",
                    12 + i,
                )
            )
    return out


def parse_years(spec: str) -> range:
    m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*", spec)
    if not m:
        raise argparse.ArgumentTypeError(f"years must look like 2019-2026, got {spec!r}")
    a = int(m.group(1))
    b = int(m.group(2) or a)
    if b < a:
        raise argparse.ArgumentTypeError(f"empty year range {spec!r}")
    return range(a, b + 1)


def low_year_of(years: list[int]) -> int | None:
    if len(years) < 3:
        return None
    return 2020 if 2020 in years[1:-1] else years[1]


def style_for(body: Body, year: int, rng: random.Random) -> Style:
    # each body has a house style; one body changes font half way through the period
    fonts = ["Helvetica", "Times-Roman", "Helvetica", "Courier", "Times-Roman", "Helvetica"]
    font = fonts[body.index % len(fonts)]
    if body.index == 1 and year >= 2023:
        font = "Helvetica"
    size = {"Helvetica": 10.0, "Times-Roman": 11.0, "Courier": 9.5}[font] + rng.choice([0.0, 0.5])
    return Style(
        font=font,
        size=size,
        leading=round(size * rng.choice([1.25, 1.3, 1.35]), 1),
        margin_left=rng.choice([60.0, 70.0, 85.0]),
        margin_right=rng.choice([55.0, 65.0, 75.0]),
        margin_top=rng.choice([70.0, 80.0]),
        margin_bottom=rng.choice([80.0, 90.0]),
        hyphenate=rng.choice([0.0, 0.4, 0.8]) if body.index != 2 else 0.9,
        header=body.index % 4 != 3,
        footer_every_page=body.index % 2 == 1,
    )


def members(body: Body) -> list[str]:
    b = texts("bodies")
    rng = random.Random(f"members-{body.slug}")
    names: list[str] = []
    while len(names) < 7:
        n = f"{rng.choice(b['first_names'])} {rng.choice(b['last_names'])}"
        if n not in names:
            names.append(n)
    roles = ["ordförande", "vice ordförande", "andre vice ordförande"]
    out = []
    for i, n in enumerate(names):
        party = rng.choice(b["parties"])
        out.append(f"{n} ({party}), {roles[i]}" if i < 3 else f"{n} ({party})")
    return out


def secretary(body: Body) -> str:
    b = texts("bodies")
    rng = random.Random(f"secretary-{body.slug}")
    return f"{rng.choice(b['first_names'])} {rng.choice(b['last_names'])}"


# ---------------------------------------------------------------------------- planning


def plan_meetings(body: Body, year: int, low: bool, rng: random.Random) -> list[Meeting]:
    n = 2 if low else BASE_MEETINGS + (1 if body.index % 3 == 1 else 0)
    weekday = [1, 3, 2, 3, 1, 4][body.index % 6]  # Tuesday, Thursday, Wednesday ...
    places = texts("bodies")["places"]
    times = [("09:00", "12:00"), ("09:00", "15:30"), ("13:00", "16:30"), ("08:30", "12:00")]
    out = []
    for month in MEETING_MONTHS[n]:
        days = [
            d
            for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if dt.date(year, month, d).weekday() == weekday
        ]
        day = days[rng.randint(1, len(days) - 2)]
        start, end = rng.choice(times)
        out.append(Meeting(dt.date(year, month, day), start, end, rng.choice(places)))
    return out


def done_rate(body: Body, k: int, n_years: int, rng: random.Random) -> float:
    if body.index == 0:  # the planted trend: steadily more assignments judged done
        return 0.15 + 0.7 * (k / max(1, n_years - 1))
    base = [0.5, 0.45, 0.55, 0.4, 0.5][(body.index - 1) % 5]
    return max(0.1, min(0.9, base + rng.uniform(-0.08, 0.08)))


def object_pool(body: Body, rng: random.Random) -> list[str]:
    a = texts("assignments")
    pool = [f"{act} {area}{q}" for area in a["areas"] for act in a["actions"] for q in a["qualifiers"]]
    rng.shuffle(pool)
    return pool


THREAD_KINDS = {
    # kind: statuses by year of the thread
    "progress": ["pagar", "ej_genomfort", "ej_genomfort", "genomfort"],
    "multi": ["pagar_multi", "arsdel_genomford", "arsdel_genomford", "arsdel_genomford", "arsdel_genomford"],
    "stalled": ["okant", "pagar", "ej_genomfort", "ej_genomfort", "genomfort"],
}


def plan_threads(
    body: Body, years: list[int], pool: list[str], rng: random.Random, scale: float
) -> dict[int, list[Item]]:
    """Assignments that recur over several years with reworded text."""
    by_year: dict[int, list[Item]] = {y: [] for y in years}
    if len(years) < 3:
        return by_year
    kinds = list(THREAD_KINDS)
    for t in range(max(3, round(3 * min(scale, 3.0)))):
        kind = kinds[(t + body.index) % len(kinds)]
        statuses = THREAD_KINDS[kind][: len(years)]
        start = rng.randint(0, len(years) - len(statuses))
        obj = pool.pop()
        tmpl0 = rng.randrange(len(texts("assignments")["templates"]))
        for k, status in enumerate(statuses):
            by_year[years[start + k]].append(
                Item(obj=obj, template=tmpl0 + k, status=status, thread=f"{body.slug}-t{t + 1}")
            )
    return by_year


def plan_items(
    body: Body,
    year: int,
    k: int,
    n_years: int,
    threads: list[Item],
    pool: list[str],
    rng: random.Random,
    scale: float,
) -> list[Item]:
    n = max(3, round(BASE_ASSIGNMENTS * scale))
    items = list(threads)
    while len(items) < n:
        items.append(
            Item(
                obj=pool.pop() if pool else f"etapp {len(items)} av arbetet med vårdens utveckling",
                template=rng.randrange(8),
                status="",
            )
        )
    target = round(done_rate(body, k, n_years, rng) * len(items))
    have = sum(1 for it in items if it.status in DONE)
    fresh = [it for it in items if not it.status]
    for it in fresh:
        if have < target:
            it.status = "arsdel_genomford" if rng.random() < 0.2 else "genomfort"
            have += 1
        else:
            it.status = rng.choices(["ej_genomfort", "pagar", "pagar_multi", "okant"], [4, 3, 1, 2])[0]
    for it in fresh:
        if it.status == "okant" and rng.random() < 0.35:
            it.beredning = "ej_aktuellt"
        elif it.status in ("genomfort", "ej_genomfort") and rng.random() < 0.12:
            it.beredning = "ej_behandlat"
    for it in items:
        if it.status in ("pagar_multi", "arsdel_genomford"):
            it.multi_year = True
    rng.shuffle(items)
    return items


# ---------------------------------------------------------------------------- documents


@dataclass
class DocTruth:
    doc_type: str
    title: str
    organ: str
    year: int
    page_start: int
    page_end: int = 0
    diarienummer: list[str] = field(default_factory=list)
    meeting: dict[str, Any] | None = None
    meeting_dates: list[str] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)
    other_dates: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["meeting_dates"] = sorted(set(self.meeting_dates))
        return d


def _meeting_dict(m: Meeting) -> dict[str, Any]:
    return {"date": m.date.isoformat(), "start": m.start, "end": m.end, "place": m.place}


def _time_text(m: Meeting, body: Body) -> str:
    if body.index % 3 == 2:
        return f"Tid: {m.start.replace(':', '.')}–{m.end.replace(':', '.')}"
    return f"Tid: kl. {m.start}-{m.end}"


def write_kallelse(
    flow: Flow, body: Body, m: Meeting, agenda: list[tuple[str, str | None]], rng: random.Random
) -> DocTruth:
    year = m.date.year
    start = flow.begin_document(f"Kallelse {body.short} {m.date.isoformat()}")
    flow.heading("Kallelse", size=flow.style.size + 8)
    flow.lines(["Sammanträde med:"])
    flow.lines([body.name], bold=True)
    flow.gap(6)
    flow.lines([f"Sammanträdesdatum: {m.date.isoformat()}", _time_text(m, body), f"Plats: {m.place}"])
    flow.para(
        f"Meddela förhinder snarast till nämndsekreterare {secretary(body)}. "
        "Ersättare meddelar om de kommer att delta."
    )
    flow.gap(4)
    flow.lines(["Ledamöter kallas"], bold=True)
    flow.lines(members(body))
    flow.heading("Ärenden", keep=2)
    deadline = m.date + dt.timedelta(days=rng.choice([10, 12, 14]))
    truth = DocTruth(
        "kallelse",
        "Kallelse",
        body.name,
        year,
        start,
        meeting=_meeting_dict(m),
        meeting_dates=[m.date.isoformat()],
    )
    flow.para("1. Mötet öppnas och val av justerare", bold=True)
    deadline_text = f"Protokollet ska vara justerat senast den {swedish_date(deadline, True)}."
    flow.para(deadline_text)
    truth.other_dates.append({"text": deadline_text, "date": deadline.isoformat(), "kind": "deadline"})
    for i, (title, dnr) in enumerate(agenda, start=2):
        flow.para(f"{i}. {title}", bold=True, keep_with_next=1)
        if dnr:
            flow.lines([f"Diarienummer: {dnr}   Föredragande: {secretary(body)}"])
            truth.diarienummer.append(dnr)
            flow.para(
                f"Förslag till beslut: {body.name} beslutar att godkänna underlaget och "
                "överlämna det till hälso- och sjukvårdsnämnden."
            )
    flow.para(f"{len(agenda) + 2}. Övriga frågor", bold=True)
    truth.page_end = flow.page
    return truth


def write_aktivitetsplan(
    flow: Flow, body: Body, year: int, meetings: list[Meeting], rng: random.Random
) -> DocTruth:
    ph = texts("phrases")
    title = f"Aktivitetsplan {year}"
    start = flow.begin_document(f"Aktivitetsplan {year}, {body.short}")
    flow.heading(title, size=flow.style.size + 6)
    flow.lines([body.name])
    truth = DocTruth("aktivitetsplan", title, body.name, year, start)
    revised = dt.date(year - 1, 12, rng.randint(1, 20))
    rev_text = f"Reviderad {revised.isoformat()}"
    flow.lines([rev_text])
    truth.other_dates.append({"text": rev_text, "date": revised.isoformat(), "kind": "document date"})
    flow.heading("1. Inledning")
    for p in ph["plan_intro"]:
        flow.para(p.format(organ=body.name, year=year))
    flow.heading("2. Fokusområden")
    for f in rng.sample(ph["plan_focus"], 4):
        flow.lines([f"– {f}"])
    flow.heading(f"3. Planerade sammanträden {year}")
    rows = []
    with_year = rng.random() < 0.3
    for m in meetings:
        day = f"{weekday_name(m.date).capitalize()} {swedish_date(m.date, with_year)}"
        topics = rng.sample(ph["agenda_topics"], 3)
        rows.append([day, "Beslut och beredning:\n" + "\n".join(topics), m.place.replace(", ", ",\n")])
        truth.meeting_dates.append(m.date.isoformat())
    flow.table([1.45, 2.0, 1.25], ["Sammanträdesdag", "Ärenden och information", "Plats"], rows)
    truth.page_end = flow.page
    return truth


def write_pm(flow: Flow, body: Body, m: Meeting, dnr: str) -> DocTruth:
    year = m.date.year
    title = f"Återrapportering av beredningens uppdrag för {year}"
    start = flow.begin_document("FöredragningsPM")
    flow.lines(["Tjänsteställe, handläggare        Sammanträdesdatum        Diarienummer"], bold=True)
    flow.lines([f"Staben Hälso- och sjukvård, {secretary(body)}   {m.date.isoformat()}   Dnr: {dnr}"])
    flow.heading("FöredragningsPM", size=flow.style.size + 4)
    flow.lines(["Organ", body.name])
    flow.heading(title)
    flow.heading("Förslag till beslut", keep=2)
    flow.para(
        f"{body.name} beslutar att godkänna återrapporteringen och överlämna den till "
        "hälso- och sjukvårdsnämnden."
    )
    flow.heading("Sammanfattning", keep=2)
    flow.para(
        f"Nämnden har i verksamhetsplanen för {year} lämnat uppdrag som berör beredningen. "
        "I bilagan redovisas hur beredningen har följt dem under året."
    )
    flow.heading("Ekonomiska konsekvenser", keep=2)
    flow.para("Beslutet bedöms inte få några ekonomiska konsekvenser.")
    return DocTruth(
        "foredragningspm",
        title,
        body.name,
        year,
        start,
        flow.page,
        diarienummer=[dnr],
        meeting_dates=[m.date.isoformat()],
    )


def _fmt_date(d: dt.date, rng: random.Random) -> str:
    return swedish_date(d, with_year=rng.random() < 0.3)


def _sentence(tmpl: str, rng: random.Random, **kw: str) -> str:
    ph = texts("phrases")
    kw.setdefault("topic", rng.choice(ph["topics"]))
    kw.setdefault("place", rng.choice(texts("bodies")["places"]).split(",")[0])
    return tmpl.format(**kw)


def write_report(
    flow: Flow,
    body: Body,
    year: int,
    meetings: list[Meeting],
    items: list[Item],
    dnr: str,
    k: int,
    rng: random.Random,
) -> DocTruth:
    ph, asg = texts("phrases"), texts("assignments")
    style = NUMBER_STYLES[(body.index + k) % len(NUMBER_STYLES)]
    comment_prefix = ph["comment_prefixes"][(body.index + k) % len(ph["comment_prefixes"])]
    interim_prefix = ph["interim_prefixes"][(body.index * 2 + k) % len(ph["interim_prefixes"])].format(
        year=year
    )
    title = (
        f"Återrapportering av uppdrag {year}"
        if k % 2
        else "Återrapportering till hälso- och sjukvårdsnämnden"
    )
    start = flow.begin_document(title)
    report_date = meetings[-1].date - dt.timedelta(days=rng.randint(7, 20))
    flow.lines(["Tjänsteställe, handläggare        Datum        Diarienummer"], bold=True)
    flow.lines([f"Staben Hälso- och sjukvård, {secretary(body)}   {report_date.isoformat()}   Dnr: {dnr}"])
    flow.heading(title, size=flow.style.size + 5)
    flow.lines([body.name])
    truth = DocTruth("aterrapportering", title, body.name, year, start, diarienummer=[dnr])
    truth.other_dates.append(
        {
            "text": f"Datum {report_date.isoformat()} (document date)",
            "date": report_date.isoformat(),
            "kind": "document date",
        }
    )
    flow.heading("1. Inledning")
    flow.para(ph["report_intro"][k % 2].format(organ=body.name))
    flow.para(ph["report_intro2"].format(year=year))
    flow.heading("2. Återrapportering av uppdrag")
    held = [m.date for m in meetings]
    n_sections = min(len(asg["sections"]), max(1, len(items) // 3))
    bounds = [round(i * len(items) / n_sections) for i in range(n_sections + 1)]
    number = rng.randint(1, 8)
    for s in range(n_sections):
        heading = asg["sections"][(s + k) % len(asg["sections"])]
        section = heading if style == "plain" else f"2.{s + 1} {heading}"
        flow.heading(section, size=flow.style.size + 1)
        if style != "unnumbered":
            flow.para(rng.choice(asg["list_intros"]))
        for it in items[bounds[s] : bounds[s + 1]]:
            if style != "unnumbered" and rng.random() < 0.15:
                refs = [number, number + 1] if rng.random() < 0.6 else [number]
                ref_text = (
                    f"Uppdrag {refs[0]} och {refs[1]} riktas till andra beredningar."
                    if len(refs) == 2
                    else f"Uppdrag {refs[0]} riktas till en annan beredning."
                )
                page = flow.para(ref_text)
                for r in refs:
                    truth.assignments.append(
                        {
                            "label": f"Uppdrag {r}",
                            "number": r,
                            "text": ref_text,
                            "section": section,
                            "status": "okant",
                            "beredning": "ej_aktuellt",
                            "multi_year": False,
                            "evidence": None,
                            "page": page,
                            "optional": True,
                        }
                    )
                number += len(refs)
            truth.assignments.append(
                _write_item(
                    flow, it, style, number, section, comment_prefix, interim_prefix, held, truth, rng
                )
            )
            number += 1
    truth.page_end = flow.page
    return truth


def _write_item(
    flow: Flow,
    it: Item,
    style: str,
    number: int,
    section: str,
    comment_prefix: str,
    interim_prefix: str,
    held: list[dt.date],
    truth: DocTruth,
    rng: random.Random,
) -> dict[str, Any]:
    ph, asg = texts("phrases"), texts("assignments")
    templates = asg["templates"]
    att = templates[it.template % len(templates)].format(obj=it.obj)
    if style == "unnumbered":
        subject = rng.choice(asg["unnumbered_subjects"])
        text = f"{subject} {att[4:]}"
        label, num = None, None
        page = flow.para(text, bold=True, keep_with_next=1)
    else:
        text, num = att, number
        label = {
            "nr": f"Nr {number}",
            "ber_nr": f"Ber nr {number}",
            "uppdrag": f"Uppdrag {number}",
            "plain": f"{number}",
        }[style]
        if style == "uppdrag":
            page = flow.para(f"{label}:", bold=True, keep_with_next=2)
            flow.para(text, space=0.0)
        else:
            page = flow.para(f"{label}. {text}", keep_with_next=1)

    # the comment: activities, meetings, distractors
    comment: list[str] = []
    if it.beredning == "ej_aktuellt":
        comment.append(rng.choice(ph["ej_aktuellt"]))
    else:
        if rng.random() < 0.65 and held:
            if len(held) >= 2 and rng.random() < 0.3:
                d1, d2 = sorted(rng.sample(held, 2))
                comment.append(
                    _sentence(
                        rng.choice(ph["meeting_mentions_two"]),
                        rng,
                        d1=_fmt_date(d1, rng),
                        d2=_fmt_date(d2, rng),
                    )
                )
                truth.meeting_dates += [d1.isoformat(), d2.isoformat()]
            else:
                tmpl = rng.choice(ph["meeting_mentions"])
                d = held[-1] if "planeras" in tmpl else rng.choice(held)
                comment.append(_sentence(tmpl, rng, d=_fmt_date(d, rng)))
                truth.meeting_dates.append(d.isoformat())
        else:
            comment.append(_sentence(rng.choice(ph["neutral"]), rng))
        if rng.random() < 0.2:
            dist = rng.choice(ph["distractors"])
            d = _distractor_date(held, rng)
            s = _sentence(dist["text"], rng, d=swedish_date(d, rng.random() < 0.5))
            comment.append(s)
            truth.other_dates.append({"text": s, "date": d.isoformat(), "kind": dist["kind"]})
        elif rng.random() < 0.1:
            month = MONTHS[rng.randint(1, 10)]
            comment.append(_sentence(rng.choice(ph["month_only"]), rng, month=month))
        if it.beredning == "ej_behandlat":
            comment.append(rng.choice(ph["ej_behandlat"]))

    # the interim report: background and the status sentence (the evidence)
    status = "pagar" if it.status == "pagar_multi" else it.status
    evidence: str | None = None
    interim = [rng.choice(ph["background"])]
    if it.status != "okant":
        evidence = rng.choice(ph["status"][it.status])
        if it.status == "ej_genomfort" and rng.random() < 0.2:
            interim.append("Arbetet är en del av en flerårig process.")
            it.multi_year = True
        interim.append(evidence)
    elif rng.random() < 0.5:
        interim.append(_sentence(rng.choice(ph["neutral"]), rng))

    if style == "unnumbered":
        flow.para(" ".join(comment))
        flow.para(" ".join(interim))
    else:
        flow.para(f"{comment_prefix} {' '.join(comment)}")
        if it.beredning != "ej_aktuellt" or evidence:
            flow.para(f"{interim_prefix} {' '.join(interim)}")
        elif evidence is None:
            pass
    if it.beredning == "ej_aktuellt" and it.status == "okant":
        evidence = None
    it.text, it.number, it.label = text, num, label
    return {
        "label": label,
        "number": num,
        "text": text,
        "section": section,
        "status": status,
        "beredning": it.beredning,
        "multi_year": it.multi_year,
        "evidence": evidence,
        "page": page,
        "optional": False,
        "thread": it.thread,
    }


def _distractor_date(held: list[dt.date], rng: random.Random) -> dt.date:
    year = held[0].year
    while True:
        d = dt.date(year, rng.randint(1, 10), rng.randint(1, 28))
        if d not in held:
            return d


def write_protokoll(
    flow: Flow, body: Body, m: Meeting, agenda: list[tuple[str, str | None]], rng: random.Random
) -> DocTruth:
    start = flow.begin_document(f"Protokoll {body.short} {m.date.isoformat()}")
    flow.heading("Protokoll", size=flow.style.size + 8)
    flow.lines([body.name], bold=True)
    flow.lines([f"Sammanträdesdatum: {m.date.isoformat()}", _time_text(m, body), f"Plats: {m.place}"])
    truth = DocTruth(
        "protokoll",
        "Protokoll",
        body.name,
        m.date.year,
        start,
        meeting=_meeting_dict(m),
        meeting_dates=[m.date.isoformat()],
    )
    flow.lines(["Närvarande ledamöter"], bold=True)
    flow.lines(members(body)[:5])
    para_no = rng.randint(20, 60)
    signed = m.date + dt.timedelta(days=rng.choice([6, 8, 9]))
    flow.para(f"§ {para_no} Val av justerare", bold=True, keep_with_next=1)
    jtext = f"Protokollet justerades den {signed.isoformat()}."
    flow.para(
        f"Beredningen utser {members(body)[1].split(',')[0]} att jämte ordföranden justera protokollet. {jtext}"
    )
    truth.other_dates.append({"text": jtext, "date": signed.isoformat(), "kind": "signing date"})
    for i, (title, dnr) in enumerate(agenda, start=1):
        flow.para(f"§ {para_no + i} {title}", bold=True, keep_with_next=1)
        if dnr:
            flow.lines([f"Diarienummer: {dnr}"])
            truth.diarienummer.append(dnr)
            flow.para(
                "Beslut: Beredningen beslutar att godkänna underlaget och överlämna det till "
                "hälso- och sjukvårdsnämnden."
            )
        else:
            flow.para("Beredningen tackar för informationen.")
    truth.page_end = flow.page
    return truth


# ---------------------------------------------------------------------------- corpus


def _new_flow(body: Body, year: int, rng: random.Random) -> Flow:
    b = texts("bodies")
    return Flow(style_for(body, year, rng), rng, site=b["site"], footer_lines=tuple(b["address"]))


def _write_pdf(
    out: Path, flow: Flow, docs: list[DocTruth], body: Body, stem: str, summary: CorpusSummary
) -> tuple[str, str]:
    pdf_rel = f"pdf/{body.slug}/{stem}.pdf"
    truth_rel = f"truth/{stem}.json"
    pdf_path = out / pdf_rel
    pages = flow.render(pdf_path)
    data = pdf_path.read_bytes()
    truth = {
        "source": pdf_path.name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "pages": pages,
        "documents": [d.as_dict() for d in docs],
    }
    (out / truth_rel).write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    summary.pdfs += 1
    summary.pages += pages
    summary.documents += len(docs)
    summary.assignments += sum(1 for d in docs for a in d.assignments if not a.get("optional"))
    return pdf_rel, truth_rel


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
    body_list = make_bodies(bodies)
    low = low_year_of(year_list)
    summary = CorpusSummary(out, seed, [b.slug for b in body_list], year_list, scale, low_year=low)
    site = texts("bodies")["site"]
    committees = []
    for body in body_list:
        rng = random.Random(f"{seed}-{body.slug}")
        pool = object_pool(body, rng)
        threads = plan_threads(body, year_list, pool, rng, scale)
        summary.done_share[body.slug] = {}
        summary.threads[body.slug] = []
        meetings_out: list[dict[str, Any]] = []
        for k, year in enumerate(year_list):
            yrng = random.Random(f"{seed}-{body.slug}-{year}")
            meetings = plan_meetings(body, year, year == low, yrng)
            items = plan_items(body, year, k, len(year_list), threads[year], pool, yrng, scale)
            summary.meetings += len(meetings)
            for i, m in enumerate(meetings):
                first, last = i == 0, i == len(meetings) - 1
                flow = _new_flow(body, year, yrng)
                agenda: list[tuple[str, str | None]] = [
                    (t, None) for t in yrng.sample(texts("phrases")["agenda_topics"], 2)
                ]
                if first:
                    agenda.insert(0, (f"Aktivitetsplan {year}", diarienummer(year, yrng)))
                report_dnr = diarienummer(year, yrng)
                if last:
                    agenda.insert(0, (f"Återrapportering av beredningens uppdrag {year}", report_dnr))
                elif yrng.random() < 0.5:
                    agenda.insert(
                        0,
                        (
                            f"Yttrande över remiss om {yrng.choice(texts('phrases')['topics'])}",
                            diarienummer(year, yrng),
                        ),
                    )
                docs = [write_kallelse(flow, body, m, agenda, yrng)]
                if first:
                    docs.append(write_aktivitetsplan(flow, body, year, meetings, yrng))
                if last:
                    if k % 2 == 0:  # the FöredragningsPM is bundled every other year
                        docs.append(write_pm(flow, body, m, report_dnr))
                    rep = write_report(flow, body, year, meetings, items, report_dnr, k, yrng)
                    docs.append(rep)
                    asg = [a for a in rep.assignments if not a.get("optional")]
                    summary.done_share[body.slug][year] = round(
                        sum(a["status"] in DONE for a in asg) / len(asg), 3
                    )
                    summary.threads[body.slug] += [
                        {"thread": a["thread"], "year": year, "status": a["status"], "text": a["text"]}
                        for a in asg
                        if a.get("thread")
                    ]
                stem = f"{body.slug}_{m.date.isoformat()}_kallelse"
                pdf_rel, truth_rel = _write_pdf(out, flow, docs, body, stem, summary)
                documents: list[dict[str, Any]] = [
                    {
                        "tab": "agenda",
                        "title": f"Kallelse {m.date.isoformat()}",
                        "file": pdf_rel,
                        "truth": truth_rel,
                    }
                ]
                if last:
                    pflow = _new_flow(body, year, yrng)
                    prot = write_protokoll(pflow, body, m, agenda, yrng)
                    pstem = f"{body.slug}_{m.date.isoformat()}_protokoll"
                    p_rel, pt_rel = _write_pdf(out, pflow, [prot], body, pstem, summary)
                    doc = {
                        "tab": "protocol",
                        "title": f"Protokoll {m.date.isoformat()}",
                        "file": p_rel,
                        "truth": pt_rel,
                    }
                    if year == year_list[-1] and body.index < 2:
                        doc["published_after_run"] = 1  # minutes that appear only after the first run
                    documents.append(doc)
                meetings_out.append({"date": m.date.isoformat(), "cancelled": False, "documents": documents})
            if body.index == min(1, len(body_list) - 1) and k == len(year_list) // 2:
                extra = dt.date(year, 6, 1 + body.index * 7)
                meetings_out.append(
                    {
                        "date": extra.isoformat(),
                        "cancelled": True,
                        "documents": [],
                        "title": "Extra sammanträde (inställt)",
                    }
                )
        meetings_out.sort(key=lambda x: x["date"])
        committees.append(
            {
                "slug": f"beredning-{body.slug}",
                "name": body.name,
                "id": body.committee_id,
                "body_slug": body.slug,
                "meetings": meetings_out,
            }
        )
    manifest = {
        "site": site,
        "seed": seed,
        "committees": committees,
        "generator": {
            "version": GENERATOR_VERSION,
            "bodies": bodies,
            "years": year_list,
            "scale": scale,
            "low_year": low,
        },
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    summary.seconds = round(time.perf_counter() - t0, 2)
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m pipelines.demo.generator", description=__doc__.splitlines()[0]
    )
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--bodies", type=int, default=4)
    ap.add_argument("--years", type=parse_years, default=range(2019, 2027))
    ap.add_argument("--scale", type=float, default=1.0)
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
