"""The meeting documents of the sample corpus: kallelse, aktivitetsplan, FöredragningsPM, protokoll.

Each writer places its document on a `Flow` and returns its ground truth (`DocTruth`), including
the dates that are not meetings (deadlines, signing and document dates) a careful extractor must
tell apart from meeting dates.
"""

from __future__ import annotations

import datetime as dt
import random

from demo.corpus.flow import Flow
from demo.corpus.model import Body, Meeting
from demo.corpus.truth import DocTruth, meeting_dict
from demo.corpus.wording import members, secretary, swedish_date, texts, time_text, weekday, wording

Agenda = list[tuple[str, str | None]]  # (item title, diarienummer or None)


def _meeting_lines(flow: Flow, body: Body, m: Meeting) -> None:
    flow.lines([f"Sammanträdesdatum: {m.date.isoformat()}", time_text(m, body), f"Plats: {m.place}"])


def write_kallelse(flow: Flow, body: Body, m: Meeting, agenda: Agenda, rng: random.Random) -> DocTruth:
    year = m.date.year
    start = flow.begin_document(f"Kallelse {body.short} {m.date.isoformat()}")
    flow.heading("Kallelse", size=flow.style.size + 8)
    flow.lines(["Sammanträde med:"])
    flow.lines([body.name], bold=True)
    flow.gap(6)
    _meeting_lines(flow, body, m)
    flow.para(wording("kallelse", "notice", secretary=secretary(body)))
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
        meeting=meeting_dict(m),
        meeting_dates=[m.date.isoformat()],
    )
    flow.para(f"1. {wording('agenda', 'opening')}", bold=True)
    deadline_text = wording("kallelse", "deadline", date=swedish_date(deadline, True))
    flow.para(deadline_text)
    truth.other_dates.append({"text": deadline_text, "date": deadline.isoformat(), "kind": "deadline"})
    for i, (title, dnr) in enumerate(agenda, start=2):
        flow.para(f"{i}. {title}", bold=True, keep_with_next=1)
        if dnr:
            flow.lines([wording("kallelse", "item_line", dnr=dnr, secretary=secretary(body))])
            truth.diarienummer.append(dnr)
            flow.para(wording("kallelse", "proposal", organ=body.name))
    flow.para(f"{len(agenda) + 2}. {wording('agenda', 'other')}", bold=True)
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
        day = f"{weekday(m.date)} {swedish_date(m.date, with_year)}"
        topics = rng.sample(ph["agenda_topics"], 3)
        rows.append([day, "Beslut och beredning:\n" + "\n".join(topics), m.place.replace(", ", ",\n")])
        truth.meeting_dates.append(m.date.isoformat())
    flow.table([1.45, 2.0, 1.25], ["Sammanträdesdag", "Ärenden och information", "Plats"], rows)
    truth.page_end = flow.page
    return truth


def write_pm(flow: Flow, body: Body, m: Meeting, dnr: str) -> DocTruth:
    year = m.date.year
    title = wording("pm", "title", year=year)
    start = flow.begin_document("FöredragningsPM")
    flow.lines([wording("pm", "header")], bold=True)
    flow.lines([wording("pm", "header_values", secretary=secretary(body), date=m.date.isoformat(), dnr=dnr)])
    flow.heading("FöredragningsPM", size=flow.style.size + 4)
    flow.lines(["Organ", body.name])
    flow.heading(title)
    flow.heading("Förslag till beslut", keep=2)
    flow.para(wording("pm", "proposal", organ=body.name))
    flow.heading("Sammanfattning", keep=2)
    flow.para(wording("pm", "summary", year=year))
    flow.heading("Ekonomiska konsekvenser", keep=2)
    flow.para(wording("pm", "economy"))
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


def write_protokoll(flow: Flow, body: Body, m: Meeting, agenda: Agenda, rng: random.Random) -> DocTruth:
    start = flow.begin_document(f"Protokoll {body.short} {m.date.isoformat()}")
    flow.heading("Protokoll", size=flow.style.size + 8)
    flow.lines([body.name], bold=True)
    _meeting_lines(flow, body, m)
    truth = DocTruth(
        "protokoll",
        "Protokoll",
        body.name,
        m.date.year,
        start,
        meeting=meeting_dict(m),
        meeting_dates=[m.date.isoformat()],
    )
    flow.lines(["Närvarande ledamöter"], bold=True)
    flow.lines(members(body)[:5])
    para_no = rng.randint(20, 60)
    signed = m.date + dt.timedelta(days=rng.choice([6, 8, 9]))
    flow.para(f"§ {para_no} Val av justerare", bold=True, keep_with_next=1)
    jtext = wording("protokoll", "signed", date=signed.isoformat())
    member = members(body)[1].split(",")[0]
    flow.para(wording("protokoll", "signing", member=member, signed=jtext))
    truth.other_dates.append({"text": jtext, "date": signed.isoformat(), "kind": "signing date"})
    for i, (title, dnr) in enumerate(agenda, start=1):
        flow.para(f"§ {para_no + i} {title}", bold=True, keep_with_next=1)
        if dnr:
            flow.lines([f"Diarienummer: {dnr}"])
            truth.diarienummer.append(dnr)
            flow.para(wording("protokoll", "decision"))
        else:
            flow.para(wording("protokoll", "noted"))
    truth.page_end = flow.page
    return truth
