"""What the sample corpus holds, before any wording: bodies, meetings, assignments and their statuses.

Trends are planted here on purpose, so that comparing years shows something:

* the first body's share of assignments judged done rises steadily over the years;
* every body has threads of assignments that recur for several years, reworded each year,
  whose status moves (e.g. pagar -> ej_genomfort -> genomfort);
* one year (2020 when in range) has fewer meetings for every body.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import random
import re

from demo.corpus.model import DONE, Body, Item, Meeting
from demo.corpus.wording import texts

# months of the meetings, by number of meetings in the year
MEETING_MONTHS = {2: [3, 10], 3: [2, 5, 10], 4: [2, 5, 9, 11], 5: [2, 4, 6, 9, 11], 6: [2, 3, 5, 9, 10, 12]}
BASE_ASSIGNMENTS = 7
BASE_MEETINGS = 4
THREAD_KINDS = {
    # kind: statuses by year of the thread
    "progress": ["pagar", "ej_genomfort", "ej_genomfort", "genomfort"],
    "multi": ["pagar_multi", "arsdel_genomford", "arsdel_genomford", "arsdel_genomford", "arsdel_genomford"],
    "stalled": ["okant", "pagar", "ej_genomfort", "ej_genomfort", "genomfort"],
}


def parse_years(spec: str) -> range:
    m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*", spec)
    if not m:
        raise argparse.ArgumentTypeError(f"years must look like 2019-2026, got {spec!r}")
    a = int(m.group(1))
    b = int(m.group(2) or a)
    if b < a:
        raise argparse.ArgumentTypeError(f"empty year range {spec!r}")
    return range(a, b + 1)


def make_bodies(n: int) -> list[Body]:
    bank = texts("bodies")["bodies"]
    out = []
    for i in range(n):
        if i < len(bank):
            b = bank[i]
            out.append(Body(i, b["slug"], b["name"], b["short"], 12 + i))
        else:
            name = f"Beredning {i + 1} för regional utveckling"
            out.append(Body(i, f"beredning-{i + 1}", name, f"beredning {i + 1}", 12 + i))
    return out


def low_year_of(years: list[int]) -> int | None:
    if len(years) < 3:
        return None
    return 2020 if 2020 in years[1:-1] else years[1]


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
    """The year's assignments: its threads plus fresh ones, statuses drawn to the body's done rate."""
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
