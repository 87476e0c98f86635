"""Swedish month and weekday names (lower case), in calendar order."""

from __future__ import annotations

import datetime as dt

MONTH_NAMES = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
# The short forms printed in tables and headers ("14 okt", "3 sept. 2024").
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTHS: dict[str, int] = {name: i for i, name in enumerate(MONTH_NAMES, start=1)} | MONTH_ABBREVIATIONS

# Monday first, as datetime.date.weekday() counts.
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
# "tisdagen den 19 mars": the definite form a date field or a list of dates prints.
WEEKDAYS_DEFINITE = tuple(f"{w}en" for w in WEEKDAYS)
# Short forms of a plan's table ("tis 17/6", "tors 30 jan").
WEEKDAY_ABBREVIATIONS = ("mån", "tis", "ons", "tors", "fre")
# For regular expressions: "måndag|tisdag|...|söndag".
WEEKDAY_ALTERNATION = "|".join(WEEKDAYS)


def weekday_name(date: dt.date) -> str:
    return WEEKDAYS[date.weekday()]
