"""Swedish date forms, read alike by the crawler (a meeting's link) and the extractor (running text).

Forms: ISO ``2024-05-14``; ``14 maj 2024``, ``tisdagen den 14 maj``, ``1:a november``, ``3 sept.``
(month names and abbreviations of ``vocab.calendar``); ``den 14/11``; and, where the context makes
them dates (a plan's date items and meeting column), bare day/month ``29/1``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from vocab.calendar import MONTHS, WEEKDAY_ABBREVIATIONS, WEEKDAYS

# "den 14/11": day/month only after "den", where it cannot be a fraction, a ratio or a slide bullet.
NUMERIC_DATE = re.compile(r"\b[Dd]en\s+(\d{1,2})/(\d{1,2})(?!/?\d)")
ISO_DATE = re.compile(r"(?<![\d-])((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
# A URL segment joins words with hyphens: "mote-2024-05-14".
SLUG_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
LIST_GAP = re.compile(r"^\s*(,|och|samt|respektive|resp\.|[-–])?\s*(den\s+)?$", re.IGNORECASE)

# Day/month dates ("29/1", "tisdag 17/6"), read only where the context makes them dates (a plan's
# date items and meeting column): running text uses "den 5/3" (NUMERIC_DATE) alone.
SLASH_DATE = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?![\d/])")
CELL_SLASH_DATE = re.compile(
    r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])"
)  # a table cell: "1.29/1" is no decimal


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# "tisdagen den 14 maj 2024", "14 maj", "1:a november", "3 sept.": the year is optional.
TEXTUAL_DATE = re.compile(
    rf"(?:\b(?P<wd>{_alternation(WEEKDAYS + WEEKDAY_ABBREVIATIONS)})(?:dag(?:en)?)?\s+(?:den\s+)?)?"
    rf"(?<![\d,.:/])\b(?P<day>\d{{1,2}})(?::[ae])?\s+"
    rf"(?P<month>{_alternation(list(MONTHS))})\b\.?(?:\s+(?P<year>(?:19|20)\d{{2}})\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: dt.date
    explicit_year: bool
    weekday: str | None
    text: str

    @property
    def iso(self) -> str:
        return self.date.isoformat()


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None where the day does not exist ("31 april")."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, default_year: int | None) -> list[DateMention]:
    """Every date in ``text``; dates without a year take the next listed year, else ``default_year``."""
    found: list[tuple[int, int, int | None, int, int, str | None, str]] = []
    for m in ISO_DATE.finditer(text):
        found.append(
            (m.start(), m.end(), int(m.group(1)), int(m.group(2)), int(m.group(3)), None, m.group(0))
        )
    for m in NUMERIC_DATE.finditer(text):
        found.append((m.start(1), m.end(), None, int(m.group(2)), int(m.group(1)), None, m.group(0)))
    for m in TEXTUAL_DATE.finditer(text):
        year = int(m.group("year")) if m.group("year") else None
        month = MONTHS[m.group("month").lower()]
        wd = m.group("wd").lower() if m.group("wd") else None
        found.append((m.start(), m.end(), year, month, int(m.group("day")), wd, m.group(0)))
    found.sort()
    # "den 30 maj och den 20 september 2023": the list's year applies to each member. One pass from
    # the end: a member without a year takes the year of the member after it, across a list gap.
    list_year: list[int | None] = [None] * len(found)
    for i in range(len(found) - 1, -1, -1):
        year = found[i][2]
        if year is None and i + 1 < len(found) and LIST_GAP.match(text[found[i][1] : found[i + 1][0]]):
            year = list_year[i + 1]
        list_year[i] = year
    out: list[DateMention] = []
    for i, (start, end, year, month, day, wd, raw) in enumerate(found):
        explicit = year is not None
        year = list_year[i] if list_year[i] is not None else default_year
        if year is None:
            continue
        date = make_date(year, month, day)
        if date is not None:
            out.append(DateMention(start, end, date, explicit, wd, raw))
    return out


def slash_dates(text: str, year: int, pattern: re.Pattern[str] = SLASH_DATE) -> list[DateMention]:
    """Day/month dates of ``year``; "3/15" is no date."""
    out = []
    for m in pattern.finditer(text):
        date = make_date(year, int(m.group(2)), int(m.group(1)))
        if date is not None:
            out.append(DateMention(m.start(), m.end(), date, False, None, m.group(0)))
    return out


def printed_date(*texts: str) -> dt.date | None:
    """The date the first of ``texts`` that prints one in full gives: an ISO date (also inside a URL
    segment, "mote-2024-05-14"), else a Swedish date with its year ("tisdag 14 maj 2024")."""
    for text in texts:
        for m in SLUG_ISO_DATE.finditer(text):
            date = make_date(int(m[1]), int(m[2]), int(m[3]))
            if date is not None:
                return date
        for m in TEXTUAL_DATE.finditer(text):
            if m.group("year"):
                date = make_date(int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day")))
                if date is not None:
                    return date
    return None


def weekday_agreement(mentions: list[DateMention], year: int) -> int:
    """How many weekday-prefixed dates fall on their printed weekday in ``year``."""
    score = 0
    for m in mentions:
        if m.weekday and not m.explicit_year:
            d = make_date(year, m.date.month, m.date.day)
            if d is not None and WEEKDAYS[d.weekday()].startswith(m.weekday[:3]):
                score += 1
    return score
