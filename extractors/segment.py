"""Split a bundled PDF into logical documents and read each one's type, title, organ, year, header.

A page starts a new document when (in this order of evidence):
  * its header row (a ``Dnr``/``Beteckning`` value row and the label row above it) differs from the
    previous page's header, e.g. a FöredragningsPM followed by the report it presents;
  * its first lines carry a document title (``Kallelse``, ``Aktivitetsplan 2020``, ``Förord`` ...);
  * it is a cover page (a few short lines, no sentences) after a page of running text;
  * its section numbering restarts at ``1.`` when the current document already had a section 1.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extractors.model import Line, Page, Segment
from extractors.rules import RuleSet, default_rules
from vocab.bodies import UNNAMED_BODY_WORDS
from vocab.calendar import WEEKDAY_ALTERNATION
from vocab.dates import ISO_DATE, find_dates, weekday_agreement

DNR = re.compile(r"\b(\d{2}[A-ZÅÄÖ]{1,4}\d{3,6})\b")
DNR_LABELLED = re.compile(
    r"\b(?:dnr|diarienummer|diarienr|beteckning)\s*[:.]?\s*([A-ZÅÄÖ]{1,5}\s?\d{2,4}[/-]\d{1,6})\b", re.I
)
LABEL_ROW = re.compile(
    r"^(tjänsteställe|handläggare|datum|sammanträdesdatum|beteckning|dnr|diarienummer)\b", re.I
)


def is_title(line: str, rules: RuleSet | None = None) -> bool:
    """A document title: a lexicon title (rules/doc_types.yaml) on a capitalised or all-capitals line;
    running text that continues a page starts in lower case."""
    return line[:1].isupper() and bool((rules or default_rules()).titles.match(line))


SECTION_ONE = re.compile(r"^1\.?\s+[A-ZÅÄÖ]")
# A numbered line: a section heading ("2.1 Väntetider") or a numbered paragraph ("3. Budget 2024 ...");
# structure.HEADING is the stricter heading without sentence punctuation.
NUMBERED_LINE = re.compile(r"^(\d{1,2}(\.\d{1,2}){0,3})\.?\s+([A-ZÅÄÖ].{1,110})$")
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
YEAR_RANGE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\s*[–-]\s*(19[5-9]\d|20[0-4]\d)\b")
YEAR_PHRASE = re.compile(
    r"(budget\s+(för\s+)?(år\s+)?|verksamhetsplan(en)?\s+(med\s+budget\s+)?(för\s+)?(år\s+)?|uppdrag(en)?\s+(för\s+)?(år\s+)?|"
    r"aktiviteter\s+för\s+|aktivitetsplan\s+(för\s+)?|områden\s+|sjukvårdsnämnden\s+|delårsrapport(en)?\s+(för\s+)?)"
    r"(19[5-9]\d|20[0-4]\d)\b",
    re.I,
)
BODY = re.compile(
    r"\b((?:[A-ZÅÄÖ][a-zåäö\-]+(?:\s+och\s+[a-zåäö\-]+)?nämnden)|Nämnden\s+för\s+[a-zåäö]+(?:\s+och\s+[a-zåäö]+)?|"
    r"Regionstyrelsens\s+[a-zåäö]+utskott(?:\s+för\s+[a-zåäö]+)?|Regionstyrelsen|Regionfullmäktige|"
    r"Kommunstyrelsen|Kommunfullmäktige)\b"
)
_ORGAN_STOP = (
    r"är|har|ger|beslutar|fick|får|ska|skall|samt\s+beredning|och\s+beredning|hälsar|till|på|med|i|om|"
    r"inom|angående|uppdelat|att|som|under|vid|från|avser|bereder|ansvarar|består|arbetar|verkar|utgör|"
    r"sammanträder|träffas|följer|lämnar|redovisar|behandlar|planerar|vill|kan|kommer|gör|hade|var"
)
# The name after "för" is lower-case words, maybe comma-listed ("psykisk hälsa, habilitering och
# hjälpmedel"); it ends at a verb or preposition, punctuation, or a capitalised word (next field).
ORGAN = re.compile(
    r"\b((?:[A-ZÅÄÖ][a-zåäö]+s\s+)?(?:[Gg]emensamma\s+)?(?:[Bb]eredning(?:en)?|[Uu]tskott(?:et)?|[Nn]ämnd(?:en)?|[Rr]åd(?:et)?)"
    r"\s+för\s+[a-zåäö][a-zåäö\-]*(?:,?\s+[a-zåäö][a-zåäö\-]*)*?)"
    rf"(?=,?\s+(?:{_ORGAN_STOP})\b|,?\s+[A-ZÅÄÖ0-9]|\s*[.:;()]|,\s*$|\s*$)"
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


# A list of attachments may run onto the next page: its items look like document titles.
# Only the head of a list ("Bilagor:", "Beslutsunderlag"), not a complete reference ("Bilaga: Plan 2026").
_LIST_HEAD = re.compile(r"^(bilagor|bilaga|beslutsunderlag|handlingar|underlag)\s*:?\s*$", re.I)
_ROW_START = re.compile(rf"^({WEEKDAY_ALTERNATION}|\d)", re.I)


def _is_cover(page: Page) -> bool:
    """A title page: a few short lines, no sentences, not the tail of a table or list."""
    body = page.lines
    return (
        0 < len(body) <= 4
        and body[0].text[:1].isupper()
        and not _ROW_START.match(body[0].text)
        and all(len(ln.text) < 90 and not ln.text.rstrip().endswith((".", ":")) for ln in body)
    )


def _starts_new(
    prev: Page, page: Page, h_prev: HeaderInfo, h: HeaderInfo, seen_section_one: bool, rules: RuleSet
) -> bool:
    if h.dnr or h.label:
        if h.dnr and h.dnr == h_prev.dnr:
            if h.label and h_prev.label and h.label != h_prev.label:
                return True
        elif (h.dnr, h.label) != (h_prev.dnr, h_prev.label):
            return True
    first = page.lines[0].text if page.lines else ""
    prev_last = prev.lines[-1].text.strip() if prev.lines else ""
    in_list = prev_last.endswith(":") or bool(_LIST_HEAD.match(prev_last))
    # The title may sit under a short letterhead line ("Region X  Bilaga till punkt 2").
    opening = [first]
    for ln in page.lines[1:3]:
        prior = opening[-1].rstrip()
        if len(prior) > 60 or prior.endswith((".", ";", ",", ":")) or _LIST_HEAD.match(prior):
            break
        opening.append(ln.text)
    if any(is_title(t, rules) for t in opening) and not in_list:
        return True
    if _is_cover(page) and len(prev.lines) > 12:
        return True
    return bool(SECTION_ONE.match(first) and seen_section_one and not _is_cover(prev))


def split_documents(pages: list[Page], rules: RuleSet | None = None) -> list[Segment]:
    rules = rules or default_rules()
    segments: list[list[Page]] = []
    headers = [header_of(p) for p in pages]  # each page's header once, compared with its neighbour
    seen_one = False
    for i, page in enumerate(pages):
        if not segments:
            segments.append([page])
        elif _starts_new(pages[i - 1], page, headers[i - 1], headers[i], seen_one, rules):
            segments.append([page])
            seen_one = False
        else:
            segments[-1].append(page)
        if any(SECTION_ONE.match(ln.text) for ln in page.lines):
            seen_one = True
    return [Segment(page_start=s[0].number, page_end=s[-1].number, pages=s) for s in segments]


def opening_text(seg: Segment, n: int = 14) -> str:
    """The first lines in reading order: the letterhead above the body, then the body's own order
    (on a two-column page, sorting by height alone would interleave the columns)."""
    lines: list[str] = []
    for p in seg.pages[:2]:
        first_top = p.lines[0].top if p.lines else float("inf")
        lines += [ln.text for ln in sorted(p.furniture, key=lambda x: x.top) if ln.top < first_top]
        lines += [ln.text for ln in p.lines]
    return "\n".join(lines[:n])


def classify(seg: Segment, full_text: str, rules: RuleSet | None = None) -> str:
    rules = rules or default_rules()
    opening = opening_text(seg).lower()
    furniture = "\n".join(ln.text for ln in seg.furniture_lines()).lower()
    for doc_type, title, _body in rules.doc_types:
        if title is not None and (
            title.search(opening)
            or any(title.search(x) for x in opening.splitlines())
            or title.search(furniture)
        ):
            return doc_type
    low = full_text.lower()
    for doc_type, _title, body in rules.doc_types:
        if body is not None and body.search(low):
            return doc_type
    return "ovrigt"


_SKIP_TITLE = re.compile(
    r"(dnr|tjänsteställe|handläggare|postadress|besöksadress|box\s+\d|e-post|tel[:.]|organisationsnummer|"
    r"^organ$|sammanträde med|www\.|^region\b|kansliet$|\d{4}-\d{2}-\d{2})",
    re.I,
)


def title_of(seg: Segment, rules: RuleSet | None = None) -> str:
    lines = seg.body_lines()
    titled = [i for i, ln in enumerate(lines[:15]) if is_title(ln.text, rules)]
    if titled:
        lines = lines[titled[0] :]
    for i, ln in enumerate(lines[:12]):
        text = ln.text.strip()
        if (
            _SKIP_TITLE.search(text)
            or len(text) < 3
            or (
                i > 0
                and _SKIP_TITLE.search(lines[i - 1].text)
                and lines[i - 1].text.strip().lower() == "organ"
            )
        ):
            continue
        parts = [text]
        for nxt in lines[i + 1 : i + 4]:
            prev = parts[-1]
            if prev.endswith((".", ":")) or not nxt.text[:1].islower():
                break
            parts.append(nxt.text.strip())
        title = " ".join(parts)
        return re.sub(r"(\w)- (?!och\b|eller\b)(\w)", r"\1\2", title)
    return lines[0].text if lines else ""


def _canonical_organ(name: str) -> str:
    name = re.sub(r"\s+", " ", name.strip(" ,"))
    name = re.sub(r"^[Bb]eredning(en)?\b", "Beredning", name)
    name = re.sub(r"^[Uu]tskott(et)?\b", "Utskott", name)
    return name


_ORGAN_FIELD = re.compile(
    r"^(organ|instans|nämnd|beslutsinstans|sammanträde\s+med)\s*:?\s+(?P<name>\S.{2,100})$", re.I
)
# Any body's name as a letterhead prints it: "Miljö- och byggnadsnämnden", "SOCIALNÄMNDEN",
# "Regionstyrelsen", "Kommunala pensionärsrådet", "Kommunstyrelsens arbetsutskott".
_LETTERHEAD_BODY = re.compile(
    r"(?:^|\s)((?:[A-ZÅÄÖ][a-zåäö]+s\s+[a-zåäö]*utskott(?:et)?)|"
    r"(?:(?:[A-ZÅÄÖ][a-zåäö]+a\s+)?(?:[A-ZÅÄÖ][a-zåäö]+-?(?:,\s+[a-zåäö]+-?)*\s+och\s+)?[A-ZÅÄÖ]?[a-zåäö]*"
    r"(?:nämnden|styrelsen|fullmäktige|utskottet|rådet|beredningen)))(?=\s|$|,)"
)


# "socialnämndens" -> "socialnämnden", "kommunstyrelsens" -> "kommunstyrelsen", "välfärdsberedningens" -> ...
_GENITIVE_BODY = re.compile(
    r"\b((?:[a-zåäö]+a\s+)?(?:[a-zåäö]+-\s+och\s+)?[a-zåäö]*(?:nämnd|styrelse|beredning|utskott|råd))(ens|ets|ns|s)\b",
    re.IGNORECASE,
)
_DEFINITE = {"ens": "en", "ets": "et", "ns": "n", "s": ""}


def _as_printed_in_text(line: str) -> str:
    """An all-capitals letterhead in text case: "MILJÖ- OCH BYGGNADSNÄMNDEN" -> "Miljö- Och ..." -> names match."""
    if not line.isupper():
        return line
    return re.sub(r"\bOch\b", "och", line.title())


def _is_prose(text: str) -> bool:
    """A sentence of running text, not a letterhead, heading or footer line."""
    t = text.strip()
    words = len(t.split())
    return (
        (t.endswith((".", ":", ";")) and words > 3)
        or words > 8
        or bool(re.search(r"[a-zåäö]\.\s+[A-ZÅÄÖ]", t))
    )


def _body_in_line(line: Line) -> str | None:
    text = _as_printed_in_text(line.text.strip())
    raw = line.text.strip()
    # "GEMENSAMMA NÄMNDEN FÖR HJÄLPMEDEL": the "X för y" form reads in sentence case.
    m = ORGAN.search(raw[:1] + raw[1:].lower() if raw.isupper() else text)
    if m:
        name = re.sub(r"\s+", " ", m.group(1).strip(" ,"))
        return name[:1].upper() + name[1:]  # as printed: "Beredningen för ...", "Nämnden för ..."
    for m in _LETTERHEAD_BODY.finditer(text):
        name = m.group(1).strip()
        # "Beredningen", "Nämnden" alone name no body; "Trygghetsberedningen" does.
        if name[:1].isupper() and len(name) > 6 and name.lower() not in UNNAMED_BODY_WORDS:
            return name[:1] + name[1:].lower() if line.text.strip().isupper() else name
    return None


def _letterhead_organ(seg: Segment) -> str | None:
    """The body a letterhead, heading or footer prints (never a body a sentence mentions)."""
    first = seg.pages[0]
    lines = sorted(first.lines + first.furniture, key=lambda ln: ln.top)
    for ln in [x for x in lines[:6] if not _is_prose(x.text)]:
        found = _body_in_line(ln)
        if found:
            return found
    return None


def _signature_organ(seg: Segment) -> str | None:
    for ln in seg.body_lines()[-8:]:
        text = _as_printed_in_text(ln.text.strip()).removeprefix("För ").removeprefix("för ")
        m = _LETTERHEAD_BODY.fullmatch(" " + text) if len(text.split()) <= 5 else None
        if m and m.group(1).lower() not in UNNAMED_BODY_WORDS:
            name = m.group(1).strip()
            return name[:1].upper() + name[1:]
    return None


def _footer_organ(seg: Segment) -> str | None:
    """Last resort: the body a page footer names ("Miljö- och byggnadsnämnden  Sida 1 av 2")."""
    first = seg.pages[0]
    for ln in sorted(first.furniture, key=lambda x: -x.top):
        found = _body_in_line(ln)
        if found:
            return found
    return None


def organ_of(seg: Segment, text: str, bundle_organ: str | None) -> str | None:
    lines = [ln.text.strip() for ln in seg.body_lines()[:40]]
    # A label row may be in the page's furniture ("Organ") with its value in the body under it.
    first = seg.pages[0]
    labelled = [ln.text.strip() for ln in sorted(first.lines + first.furniture, key=lambda x: x.top)[:40]]
    for i, ln in enumerate(labelled[:-1]):
        if (
            ln.lower() in ("organ", "sammanträde med:", "sammanträde med", "instans")
            and len(labelled[i + 1]) < 120
        ):
            return _canonical_organ(labelled[i + 1])
    for i, ln in enumerate(lines[:-1]):
        if ln.lower() in ("organ", "sammanträde med:", "sammanträde med", "instans"):
            nxt = lines[i + 1]
            if len(nxt) < 120:
                return _canonical_organ(nxt)
        if (f := _ORGAN_FIELD.match(ln)) and _LETTERHEAD_BODY.search(f.group("name")):
            return _canonical_organ(f.group("name"))
    letterhead = _letterhead_organ(seg)
    if letterhead:
        return letterhead
    # The title names whose report it is: "Uppföljning av socialnämndens uppdrag 2024",
    # "Tekniska nämndens uppföljning av ...".
    for ln in lines[:4]:
        g = _GENITIVE_BODY.search(ln) if not _is_prose(ln) else None
        if g and (g.group(1) + _DEFINITE[g.group(2)]).lower() not in UNNAMED_BODY_WORDS:
            return g.group(1)[:1].upper() + g.group(1)[1:] + _DEFINITE[g.group(2)]
    # An attachment that names the notice's body belongs to it (the label there gives the exact name).
    if bundle_organ and bundle_organ.lower() in re.sub(r"\s+", " ", text.lower()):
        return bundle_organ
    m = ORGAN.search(" ".join(lines))
    if m:
        return _canonical_organ(m.group(1))
    # A nämnd or styrelse named in the opening lines (the document's own header, not mentions).
    m = BODY.search(" ".join(lines[:8]))
    if m:
        return m.group(1)
    if bundle_organ and re.search(r"\bberedning", text, re.I):
        return bundle_organ
    # A page footer, then a signature ("Socialnämnden" alone on one of the last lines), then the
    # bundle's body: an attachment without a body of its own belongs to the notice's.
    return _footer_organ(seg) or _signature_organ(seg) or bundle_organ


def year_of(
    seg: Segment,
    title: str,
    text: str,
    bundle_year: int | None,
    rules: RuleSet | None = None,
    doc_type: str | None = None,
) -> int | None:
    # Inside a bundle, a year far beyond the notice's is a target ("Målbild 2030"), not the document's.
    limit = bundle_year + 2 if bundle_year else 2100

    def plausible(counter: Counter[int]) -> Counter[int]:
        return Counter({y: c for y, c in counter.items() if y <= limit})

    m = YEAR.search(title)
    title_year = int(m.group(1)) if m else None
    span = YEAR_RANGE.search(title)
    if span and doc_type == "aterrapportering":
        title_year = int(span.group(2))  # "Uppföljning av uppdragen 2020–2021" reports up to 2021
    attachment = bool(bundle_year) and doc_type in ("ovrigt", "foredragningspm")
    # an attachment's title year beyond its notice's is a target ("inför budget 2021")
    if title_year and title_year <= (bundle_year if attachment and bundle_year else limit):
        return title_year
    if attachment and bundle_year:
        # An attachment is not written after the notice that sends it: its year is the latest year
        # it speaks of up to the notice's ("budget 2021" in a 2020 memo is a target).
        written = [int(y) for y in YEAR.findall(text) if int(y) <= bundle_year]
        if written:
            return max(written)
    # A title that does not open its line ("Trygghetsberedningens årsrapport 2024") in the heading block.
    rules = rules or default_rules()
    head = " ".join(ln.text for ln in seg.body_lines()[:6] if not _is_prose(ln.text))
    m = YEAR.search(head) if rules.titles.search(head.lower()) else None
    if m and int(m.group(1)) <= limit:
        return int(m.group(1))
    # A title printed as the running header of every page (so it is furniture, not body).
    for ln in seg.pages[0].furniture:
        if is_title(ln.text, rules) and (m := YEAR.search(ln.text)) and int(m.group(1)) <= limit:
            return int(m.group(1))
    phrase_years = Counter(int(p.group(p.lastindex or 0)) for p in YEAR_PHRASE.finditer(text))
    numbered = Counter(
        int(y) for ln in seg.body_lines() if NUMBERED_LINE.match(ln.text) for y in YEAR.findall(ln.text)
    )
    candidates = plausible(phrase_years + numbered)
    full = plausible(Counter(d.date.year for d in find_dates(text, None) if d.explicit_year))
    if not candidates:
        candidates = full
    if not candidates and bundle_year:
        return bundle_year
    if not candidates:
        anywhere = plausible(Counter(int(y) for y in YEAR.findall(text)))
        if not anywhere:
            return None
        candidates = anywhere
    # Planned meetings ("Torsdag 30 januari") fall on their printed weekday only in the right year.
    weekday_dates = [d for d in find_dates(text, 2000) if d.weekday and not d.explicit_year]
    if len(weekday_dates) >= 3:
        pool = set(candidates) | ({bundle_year, bundle_year + 1} if bundle_year else set())
        scored = sorted(
            pool, key=lambda y: (weekday_agreement(weekday_dates, y), candidates[y], y), reverse=True
        )
        if weekday_agreement(weekday_dates, scored[0]) >= 0.6 * len(weekday_dates):
            return scored[0]
    best = max(candidates.values())
    tied = sorted((y for y, c in candidates.items() if c == best), key=lambda y: (full[y], y), reverse=True)
    return tied[0]


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
