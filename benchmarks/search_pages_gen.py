"""Page text at scale for bench_search.py: Swedish pages composed from the demo corpus's own
phrase banks (demo/corpus/texts, written for this project), with dates, diarienummer and
names, so the index sees a realistic vocabulary with both very common and rare words."""

from __future__ import annotations

import random
from typing import Any

from demo.corpus.wording import texts
from warehouse.load import FileLoad

MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def _fill(template: str, rng: random.Random, year: int, organ: str) -> str:
    phrases = texts("phrases")
    bodies = texts("bodies")
    return template.format(
        topic=rng.choice(phrases["topics"]),
        d=f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {year}",
        d1=f"{rng.randint(1, 14)} {rng.choice(MONTHS)}",
        d2=f"{rng.randint(15, 28)} {rng.choice(MONTHS)} {year}",
        place=rng.choice(bodies["places"]),
        month=rng.choice(MONTHS),
        year=year,
        organ=organ,
    )


def _assignment(rng: random.Random) -> str:
    a = texts("assignments")
    obj = f"{rng.choice(a['actions'])} {rng.choice(a['areas'])}"
    return str(rng.choice(a["templates"]).format(obj=obj))


def _sentence(rng: random.Random, year: int, organ: str) -> str:
    p: dict[str, Any] = texts("phrases")
    bodies = texts("bodies")
    kind = rng.random()
    if kind < 0.2:
        return f"Uppdrag {rng.randint(1, 40)}. {_assignment(rng)}"
    if kind < 0.35:
        status = rng.choice(list(p["status"].values()))
        return f"{rng.choice(p['comment_prefixes'])} {rng.choice(status)}"
    if kind < 0.5:
        return _fill(rng.choice(p["neutral"]), rng, year, organ)
    if kind < 0.62:
        return _fill(rng.choice(p["meeting_mentions"] + p["meeting_mentions_two"]), rng, year, organ)
    if kind < 0.7:
        return _fill(rng.choice(p["distractors"])["text"], rng, year, organ)
    if kind < 0.8:
        return str(rng.choice(p["background"]))
    if kind < 0.86:
        return _fill(rng.choice(p["report_intro"] + [p["report_intro2"]]), rng, year, organ)
    if kind < 0.92:
        name = f"{rng.choice(bodies['first_names'])} {rng.choice(bodies['last_names'])}"
        return f"Justeras: {name} ({rng.choice(bodies['parties'])}), diarienummer {year % 100}RS{rng.randint(100, 99999)}."
    return f"{rng.choice(p['agenda_topics'])}. {rng.choice(p['plan_focus'])}."


def page_text(rng: random.Random, year: int, organ: str, words: int = 350) -> str:
    out: list[str] = []
    n = 0
    while n < words:
        s = _sentence(rng, year, organ)
        out.append(s)
        n += len(s.split())
    return "\n".join(out)


def make_files(pages: int, pages_per_file: int = 12, seed: int = 7) -> list[FileLoad]:
    """`pages` pages in files of `pages_per_file`, each file one återrapportering of a body and year."""
    rng = random.Random(seed)
    organs = [b["name"] for b in texts("bodies")["bodies"]]
    files: list[FileLoad] = []
    for i in range(-(-pages // pages_per_file)):
        organ = organs[i % len(organs)]
        year = 2012 + (i // len(organs)) % 14
        n = min(pages_per_file, pages - i * pages_per_file)
        sha = f"{i:064x}"
        doc = {
            "doc_type": "aterrapportering",
            "title": f"Återrapportering av uppdrag {year}",
            "organ": organ,
            "year": year,
            "page_start": 1,
            "page_end": n,
            "diarienummer": [],
            "meeting": None,
            "meeting_dates": [],
            "assignments": [],
        }
        files.append(
            FileLoad(
                sha256=sha,
                url=f"http://127.0.0.1/{i}.pdf",
                file_name=f"aterrapportering-{i:05d}.pdf",
                fetched_at="2025-01-01T00:00:00Z",
                status="ok",
                pages=n,
                extraction={"source": sha, "sha256": sha, "pages": n, "documents": [doc]},
                page_texts=[(p, page_text(rng, year, organ)) for p in range(1, n + 1)],
                extractor_version="bench",
            )
        )
    return files
