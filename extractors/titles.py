"""What a document is: its type (rules/doc_types.yaml), its title and its year."""

from __future__ import annotations

import re
from collections import Counter

from extractors.model import Segment
from extractors.rules import RuleSet, default_rules
from extractors.structure import is_prose
from vocab.dates import find_dates, weekday_agreement


def is_title(line: str, rules: RuleSet | None = None) -> bool:
    """A document title: a lexicon title (rules/doc_types.yaml) on a capitalised or all-capitals line;
    running text that continues a page starts in lower case."""
    return line[:1].isupper() and bool((rules or default_rules()).titles.match(line))


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
    head = " ".join(ln.text for ln in seg.body_lines()[:6] if not is_prose(ln.text))
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
