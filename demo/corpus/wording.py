"""The words of the sample corpus: the YAML text banks in `texts/` and how they are filled in.

Every sentence of the generated documents comes from a bank (`bodies`, `assignments`, `phrases`,
`documents`); this module only chooses and formats them. Choices draw on the caller's random
generator in a fixed order, which is what keeps a seed's corpus byte-identical.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from demo.corpus.model import Body, Meeting
from vocab.calendar import MONTH_NAMES, weekday_name

TEXTS = Path(__file__).with_name("texts")
MONTHS = list(MONTH_NAMES)
ROLES = ["ordförande", "vice ordförande", "andre vice ordförande"]


@cache
def texts(name: str) -> dict[str, Any]:
    with (TEXTS / f"{name}.yaml").open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data


def wording(section: str, key: str, **values: Any) -> str:
    """A fixed sentence of `documents.yaml`, filled in."""
    text: str = texts("documents")[section][key]
    return text.format(**values)


def swedish_date(d: dt.date, with_year: bool = False) -> str:
    s = f"{d.day} {MONTHS[d.month - 1]}"
    return f"{s} {d.year}" if with_year else s


def weekday(d: dt.date) -> str:
    return weekday_name(d).capitalize()


def fmt_date(d: dt.date, rng: random.Random) -> str:
    return swedish_date(d, with_year=rng.random() < 0.3)


def diarienummer(year: int, rng: random.Random) -> str:
    return f"{year % 100:02d}RS{rng.randint(10000, 13999)}"


def members(body: Body) -> list[str]:
    b = texts("bodies")
    rng = random.Random(f"members-{body.slug}")
    names: list[str] = []
    while len(names) < 7:
        n = f"{rng.choice(b['first_names'])} {rng.choice(b['last_names'])}"
        if n not in names:
            names.append(n)
    out = []
    for i, n in enumerate(names):
        party = rng.choice(b["parties"])
        out.append(f"{n} ({party}), {ROLES[i]}" if i < 3 else f"{n} ({party})")
    return out


def secretary(body: Body) -> str:
    b = texts("bodies")
    rng = random.Random(f"secretary-{body.slug}")
    return f"{rng.choice(b['first_names'])} {rng.choice(b['last_names'])}"


def time_text(m: Meeting, body: Body) -> str:
    if body.index % 3 == 2:
        return f"Tid: {m.start.replace(':', '.')}–{m.end.replace(':', '.')}"
    return f"Tid: kl. {m.start}-{m.end}"


def sentence(tmpl: str, rng: random.Random, **kw: str) -> str:
    """A phrase-bank template with a topic and a place drawn when the caller gives none."""
    ph = texts("phrases")
    kw.setdefault("topic", rng.choice(ph["topics"]))
    kw.setdefault("place", rng.choice(texts("bodies")["places"]).split(",")[0])
    return tmpl.format(**kw)
