"""A document's header: the header row (labels over a row of values with a date or a Dnr), the
meeting block of a notice, protocol or notes (date, time, place), and its diarienummer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.model import Line, Page, Segment
from extractors.rules import RuleSet, default_rules
from vocab.dates import ISO_DATE, find_dates

DNR = re.compile(r"\b(\d{2}[A-ZÅÄÖ]{1,4}\d{3,6})\b")
DNR_LABELLED = re.compile(
    r"\b(?:dnr|diarienummer|diarienr|beteckning)\s*[:.]?\s*([A-ZÅÄÖ]{1,5}\s?\d{2,4}[/-]\d{1,6})\b", re.I
)
LABEL_ROW = re.compile(
    r"^(tjänsteställe|handläggare|datum|sammanträdesdatum|beteckning|dnr|diarienummer)\b", re.I
)


@dataclass
class HeaderInfo:
    dnr: str | None
    label: str | None
    value_row: str | None


def _top_lines(page: Page, limit: int = 14) -> list[Line]:
    lines = sorted(page.lines + page.furniture, key=lambda ln: ln.top)
    return [ln for ln in lines if ln.top < ln.page_height * 0.4][:limit]


def header_of(page: Page) -> HeaderInfo:
    label = value = dnr = None
    top = _top_lines(page)
    for i, ln in enumerate(top):
        nxt = top[i + 1].text if i + 1 < len(top) else ""
        # A label row is only a header when the row under it carries the values (a date or a Dnr).
        if (
            LABEL_ROW.match(ln.text)
            and not ISO_DATE.search(ln.text)
            and (ISO_DATE.search(nxt) or DNR.search(nxt))
        ):
            label = re.sub(r"\s+", " ", ln.text.lower())
            value = nxt
        m = DNR.search(ln.text) or DNR_LABELLED.search(ln.text)
        # A header's value row ("... 2020-11-24 Dnr: 20RS10323"), not an agenda item's
        # "Diarienummer: 23RS01022" field.
        value_row = bool(re.search(r"\bdnr\b|beteckning", ln.text, re.I) and ISO_DATE.search(ln.text))
        if m and dnr is None and (value_row or label is not None or ln in page.furniture):
            dnr = m.group(1)
            value = value or ln.text
    return HeaderInfo(dnr=dnr, label=label, value_row=value)


_TIME = re.compile(
    r"\b(?:tid|klockan|kl)\b\.?:?\s*(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})(?:\s*[-–]\s*(?:kl\.?\s*)?(\d{1,2})[:.](\d{2}))?",
    re.I,
)
_HELD = re.compile(
    r"\b(?:mötet|sammanträdet|träffen|rådets\s+möte)\s+(?:hölls|ägde\s+rum|genomfördes|var)\s+(?P<rest>.{0,80})",
    re.IGNORECASE,
)
_PLACE = re.compile(r"^(?:plats|lokal)\s*:?\s+(.+)$", re.I)
# A header field that gives the meeting's day: "Tid: tisdagen den 19 mars 2024", "Tid Tisdagen den 18 mars
# 2025 kl. 08.30", "Plats och tid Kommunhuset, tisdagen den 15 januari 2019", "Sammanträde: onsdagen ...".
_DATE_FIELD = re.compile(
    r"^(sammanträdesdatum|sammanträdesdag|mötesdatum|datum(\s+och\s+tid)?|tid(\s+och\s+plats)?|"
    r"plats\s+och\s+tid|dag\s+och\s+tid|sammanträde|sammanträdestid|tidpunkt|dag)\b\s*:?\s",
    re.I,
)
_MEETING_DATE = re.compile(r"(?:sammanträdesdatum|mötesdatum|datum)\s*:?\s*(\d{4}-\d{2}-\d{2})", re.I)


def meeting_header(seg: Segment, doc_type: str, header_dates: list[str]) -> dict[str, str | None] | None:
    """The meeting block of a notice, protocol or notes: date, start, end, place."""
    if doc_type not in ("kallelse", "protokoll", "anteckningar"):
        return None
    raw = [ln.text for ln in seg.body_lines()[:60]]
    # A field wrapped before its time ("..., kl." + "13.00–16.30") is read as one line.
    lines = [
        f"{t} {raw[i + 1]}" if re.search(r"\bkl\.?$|,$", t) and i + 1 < len(raw) else t
        for i, t in enumerate(raw)
    ]
    date = start = end = place = None
    for ln in lines:
        if date is None and (m := _MEETING_DATE.search(ln)):
            date = m.group(1)
        is_field = bool(_DATE_FIELD.match(ln.strip()))
        if date is None and is_field:
            found = [d for d in find_dates(ln, None) if d.explicit_year]
            if found:
                date = found[0].iso
        if (
            start is None
            and (t := _TIME.search(ln))
            and (is_field or _MEETING_DATE.search(ln) or date is None)
        ):
            start = f"{int(t.group(1)):02d}:{t.group(2)}"
            end = f"{int(t.group(3)):02d}:{t.group(4)}" if t.group(3) else None
        if place is None and (p := _PLACE.match(ln.strip())):
            place = p.group(1).strip()
    if date is None:
        # Notes and minutes in prose: "Mötet hölls den 14 oktober 2024 kl. 14.00–16.05 i ..."
        held = _HELD.search(" ".join(lines[:40]))
        if held:
            found = [d for d in find_dates(held.group("rest"), None) if d.explicit_year]
            if found:
                date = found[0].iso
                if start is None and (t := _TIME.search(held.group("rest"))):
                    start = f"{int(t.group(1)):02d}:{t.group(2)}"
                    end = f"{int(t.group(3)):02d}:{t.group(4)}" if t.group(3) else None
    if date is None and header_dates:
        date = header_dates[0]
    if date is None:
        return None
    return {"date": date, "start": start, "end": end, "place": place}


def header_meeting_dates(seg: Segment, doc_type: str) -> list[str]:
    """Dates that header rows give as a meeting: 'Sammanträdesdatum' columns; 'Datum' of notes/protocols."""
    out: list[str] = []
    for page in seg.pages:
        h = header_of(page)
        if not h.value_row:
            continue
        dates = ISO_DATE.findall(h.value_row)
        if not dates:
            continue
        label = h.label or ""
        if "sammanträdesdatum" in label or (doc_type in ("protokoll", "anteckningar") and "datum" in label):
            iso = "-".join(dates[0])
            if iso not in out:
                out.append(iso)
    return out


def diarienummer_of(seg: Segment, rules: RuleSet | None = None) -> list[str]:
    rules = rules or default_rules()
    found: list[str] = []
    table_lines = [ln for p in seg.pages for ln in p.table_lines]
    for ln in seg.body_lines() + seg.furniture_lines() + table_lines:
        for pattern in rules.diarienummer:
            for m in pattern.finditer(ln.text):
                value = re.sub(r"\s+", "", m.group(1)).upper()
                if value not in found:
                    found.append(value)
    return found
