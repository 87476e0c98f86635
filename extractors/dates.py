"""Swedish date forms, year inference, and meeting dates told apart from other dates."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from extractors.rules import RuleSet, default_rules

# Full month names in calendar order, for code that writes or reads dates outside the rule files.
MONTH_NAMES = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip

# "den 14/11": day/month only after "den", where it cannot be a fraction, a ratio or a slide bullet.
NUMERIC_DATE = re.compile(r"\b[Dd]en\s+(\d{1,2})/(\d{1,2})(?!/?\d)")
ISO_DATE = re.compile(r"(?<![\d-])((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
LIST_GAP = re.compile(r"^\s*(,|och|samt|respektive|resp\.|[-–])?\s*(den\s+)?$", re.IGNORECASE)


GENERIC_OWN = frozenset(
    {
        "nämndens",
        "styrelsens",
        "beredningens",
        "utskottets",
        "nämnden",
        "styrelsen",
        "beredningen",
        "utskottet",
    }
)


# Day/month dates ("29/1", "tisdag 17/6"), read only where the context makes them dates (a plan's
# date items and meeting column): running text uses "den 5/3" (NUMERIC_DATE) alone.
SLASH_DATE = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?![\d/])")
CELL_SLASH_DATE = re.compile(
    r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])"
)  # a table cell: "1.29/1" is no decimal


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


@cache
def _textual_pattern(months: tuple[str, ...], weekdays: tuple[str, ...]) -> re.Pattern[str]:
    month_alt = "|".join(sorted(months, key=len, reverse=True))
    wd_alt = "|".join(sorted(weekdays, key=len, reverse=True))
    return re.compile(
        rf"(?:\b(?P<wd>{wd_alt})(?:dag(?:en)?)?\s+(?:den\s+)?)?(?<![\d,.:/])\b(?P<day>\d{{1,2}})(?::[ae])?\s+"
        rf"(?P<month>{month_alt})\b\.?(?:\s+(?P<year>(?:19|20)\d{{2}})\b)?",
        re.IGNORECASE,
    )


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, default_year: int | None, rules: RuleSet | None = None) -> list[DateMention]:
    """Every date in ``text``; dates without a year take the next listed year, else ``default_year``."""
    rules = rules or default_rules()
    found: list[tuple[int, int, int | None, int, int, str | None, str]] = []
    for m in ISO_DATE.finditer(text):
        found.append(
            (m.start(), m.end(), int(m.group(1)), int(m.group(2)), int(m.group(3)), None, m.group(0))
        )
    for m in NUMERIC_DATE.finditer(text):
        found.append((m.start(1), m.end(), None, int(m.group(2)), int(m.group(1)), None, m.group(0)))
    pattern = _textual_pattern(tuple(rules.months), rules.weekdays)
    for m in pattern.finditer(text):
        year = int(m.group("year")) if m.group("year") else None
        month = rules.months[m.group("month").lower()]
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
        date = _make(year, month, day)
        if date is not None:
            out.append(DateMention(start, end, date, explicit, wd, raw))
    return out


def slash_dates(text: str, year: int, pattern: re.Pattern[str] = SLASH_DATE) -> list[DateMention]:
    """Day/month dates of ``year``; "3/15" is no date."""
    out = []
    for m in pattern.finditer(text):
        try:
            date = dt.date(year, int(m.group(2)), int(m.group(1)))
        except ValueError:
            continue
        out.append(DateMention(m.start(), m.end(), date, False, None, m.group(0)))
    return out


def is_meeting_context(sentence: str, organ: str | None, rules: RuleSet | None = None) -> bool:
    """Does this sentence speak of a meeting held (or planned) by the document's own body?"""
    rules = rules or default_rules()
    low = sentence.lower()
    if not rules.meeting_cues.search(low) or rules.not_meeting.search(low):
        return False
    subject = rules.other_body_subject.search(low)
    if subject and subject.group(1) not in (organ or "").lower():
        return False  # another body's own meeting ("kommunfullmäktige beslutade på sitt sammanträde")
    other = rules.other_body_possessive.search(low)
    # "nämndens sammanträde" in a document whose body is unknown: a bare body word is its own body.
    if other and not (organ is None and other.group(1) in GENERIC_OWN):
        own = (organ or "").lower()
        stem = re.sub(r"(ens|ets|ns|en|et|n|s)$", "", other.group(1))
        if not own or stem not in own:
            return False
    return True


def meeting_mentions(
    sentence: str, mentions: list[DateMention], rules: RuleSet | None = None
) -> list[DateMention]:
    """The dates a meeting word governs: the date nearest each cue, and the dates listed with it.

    "Nämnden beslutade vid sammanträdet den 11 oktober om avgifter som gäller från den 1 januari"
    speaks of one meeting; "vid sammanträdena den 14 mars, den 30 maj och den 20 september" of three.
    """
    rules = rules or default_rules()
    if not mentions:
        return []
    low = sentence.lower()
    ends = [m.end for m in mentions]
    chosen: set[int] = set()
    for cue in rules.meeting_cues.finditer(low):
        # The nearest mention to the cue: the last one ending before it or the first one after it.
        k = bisect.bisect_right(ends, cue.start())
        near = [i for i in (k - 1, k) if 0 <= i < len(mentions)]
        chosen.add(
            min(
                near,
                key=lambda i: min(abs(mentions[i].start - cue.end()), abs(cue.start() - mentions[i].end)),
            )
        )
    # A list's members share the meeting word: runs of mentions joined by list gaps, in one pass.
    run: list[int] = [0]
    out: set[int] = set()
    for i in range(1, len(mentions) + 1):
        if i < len(mentions) and LIST_GAP.match(sentence[mentions[i - 1].end : mentions[i].start]):
            run.append(i)
            continue
        if chosen.intersection(run):
            out.update(run)
        run = [i]
    return [m for i, m in enumerate(mentions) if i in out]


def is_weekday_row(line: str, rules: RuleSet | None = None) -> bool:
    """A planned meeting in a table: 'Torsdag 30 januari Beslut och beredning: ...'."""
    rules = rules or default_rules()
    first = line.strip().split(" ", 1)[0].lower().rstrip(",")
    return first in rules.weekdays or first.removesuffix("dag") in rules.weekdays


def weekday_agreement(mentions: list[DateMention], year: int) -> int:
    """How many weekday-prefixed dates fall on their printed weekday in ``year``."""
    names = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
    score = 0
    for m in mentions:
        if m.weekday and not m.explicit_year:
            d = _make(year, m.date.month, m.date.day)
            if d is not None and names[d.weekday()].startswith(m.weekday[:3]):
                score += 1
    return score
