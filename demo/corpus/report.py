"""The återrapportering of the sample corpus: a body's yearly report on its assignments.

Each assignment is written in one of five numbering styles, with a comment (meetings held,
dated distractors) and an excerpt of the interim report whose status sentence is the evidence.
Bare references ("Uppdrag 6 riktas till en annan beredning.") are optional entries of the truth.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from demo.corpus.flow import Flow
from demo.corpus.model import Body, Item, Meeting
from demo.corpus.truth import DocTruth
from demo.corpus.wording import MONTHS, fmt_date, secretary, sentence, swedish_date, texts, wording

NUMBER_STYLES = ("nr", "ber_nr", "uppdrag", "plain", "unnumbered")


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
    title = wording("report", "title_numbered", year=year) if k % 2 else wording("report", "title_nämnd")
    start = flow.begin_document(title)
    report_date = meetings[-1].date - dt.timedelta(days=rng.randint(7, 20))
    flow.lines([wording("report", "header")], bold=True)
    flow.lines(
        [wording("report", "header_values", secretary=secretary(body), date=report_date.isoformat(), dnr=dnr)]
    )
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
                truth.assignments += _write_references(flow, refs, section)
                number += len(refs)
            truth.assignments.append(
                write_item(flow, it, style, number, section, comment_prefix, interim_prefix, held, truth, rng)
            )
            number += 1
    truth.page_end = flow.page
    return truth


def _write_references(flow: Flow, refs: list[int], section: str) -> list[dict[str, Any]]:
    """A sentence naming assignments meant for other bodies: optional entries of the truth."""
    if len(refs) == 2:
        ref_text = wording("report", "reference_two", a=refs[0], b=refs[1])
    else:
        ref_text = wording("report", "reference_one", a=refs[0])
    page = flow.para(ref_text)
    return [
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
        for r in refs
    ]


def _write_heading(
    flow: Flow, it: Item, style: str, number: int, rng: random.Random
) -> tuple[str, str | None, int | None, int]:
    """The assignment's own line(s); returns (text, label, number, page)."""
    att = texts("assignments")["templates"]
    att_text = att[it.template % len(att)].format(obj=it.obj)
    if style == "unnumbered":
        subject = rng.choice(texts("assignments")["unnumbered_subjects"])
        text = f"{subject} {att_text[4:]}"
        return text, None, None, flow.para(text, bold=True, keep_with_next=1)
    label = {"nr": f"Nr {number}", "ber_nr": f"Ber nr {number}", "uppdrag": f"Uppdrag {number}"}.get(
        style, f"{number}"
    )
    if style == "uppdrag":
        page = flow.para(f"{label}:", bold=True, keep_with_next=2)
        flow.para(att_text, space=0.0)
    else:
        page = flow.para(f"{label}. {att_text}", keep_with_next=1)
    return att_text, label, number, page


def _comment(it: Item, held: list[dt.date], truth: DocTruth, rng: random.Random) -> list[str]:
    """The body's comment: meetings where it followed the assignment, distractor dates."""
    ph = texts("phrases")
    if it.beredning == "ej_aktuellt":
        return [rng.choice(ph["ej_aktuellt"])]
    comment: list[str] = []
    if rng.random() < 0.65 and held:
        if len(held) >= 2 and rng.random() < 0.3:
            d1, d2 = sorted(rng.sample(held, 2))
            tmpl = rng.choice(ph["meeting_mentions_two"])
            comment.append(sentence(tmpl, rng, d1=fmt_date(d1, rng), d2=fmt_date(d2, rng)))
            truth.meeting_dates += [d1.isoformat(), d2.isoformat()]
        else:
            tmpl = rng.choice(ph["meeting_mentions"])
            d = held[-1] if "planeras" in tmpl else rng.choice(held)
            comment.append(sentence(tmpl, rng, d=fmt_date(d, rng)))
            truth.meeting_dates.append(d.isoformat())
    else:
        comment.append(sentence(rng.choice(ph["neutral"]), rng))
    if rng.random() < 0.2:
        dist = rng.choice(ph["distractors"])
        d = distractor_date(held, rng)
        s = sentence(dist["text"], rng, d=swedish_date(d, rng.random() < 0.5))
        comment.append(s)
        truth.other_dates.append({"text": s, "date": d.isoformat(), "kind": dist["kind"]})
    elif rng.random() < 0.1:
        month = MONTHS[rng.randint(1, 10)]
        comment.append(sentence(rng.choice(ph["month_only"]), rng, month=month))
    if it.beredning == "ej_behandlat":
        comment.append(rng.choice(ph["ej_behandlat"]))
    return comment


def write_item(
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
    """One assignment with its comment and interim report; returns its truth entry."""
    ph = texts("phrases")
    text, label, num, page = _write_heading(flow, it, style, number, rng)
    comment = _comment(it, held, truth, rng)
    # the interim report: background and the status sentence (the evidence)
    status = "pagar" if it.status == "pagar_multi" else it.status
    evidence: str | None = None
    interim = [rng.choice(ph["background"])]
    if it.status != "okant":
        evidence = rng.choice(ph["status"][it.status])
        if it.status == "ej_genomfort" and rng.random() < 0.2:
            interim.append(wording("report", "multi_year"))
            it.multi_year = True
        interim.append(evidence)
    elif rng.random() < 0.5:
        interim.append(sentence(rng.choice(ph["neutral"]), rng))
    if style == "unnumbered":
        flow.para(" ".join(comment))
        flow.para(" ".join(interim))
    else:
        flow.para(f"{comment_prefix} {' '.join(comment)}")
        if it.beredning != "ej_aktuellt" or evidence:
            flow.para(f"{interim_prefix} {' '.join(interim)}")
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


def distractor_date(held: list[dt.date], rng: random.Random) -> dt.date:
    year = held[0].year
    while True:
        d = dt.date(year, rng.randint(1, 10), rng.randint(1, 28))
        if d not in held:
            return d
