"""Split a bundled PDF into logical documents (each one's type, title and year: ``titles.py``; its
body: ``organ.py``; its header fields: ``header.py``).

A page starts a new document when (in this order of evidence):
  * its header row (a ``Dnr``/``Beteckning`` value row and the label row above it) differs from the
    previous page's header, e.g. a FöredragningsPM followed by the report it presents;
  * its first lines carry a document title (``Kallelse``, ``Aktivitetsplan 2020``, ``Förord`` ...);
  * it is a cover page (a few short lines, no sentences) after a page of running text;
  * its section numbering restarts at ``1.`` when the current document already had a section 1.
"""

from __future__ import annotations

import re

from extractors.header import HeaderInfo, header_of
from extractors.model import Page, Segment
from extractors.rules import RuleSet, default_rules
from extractors.titles import is_title
from vocab.calendar import WEEKDAY_ALTERNATION

SECTION_ONE = re.compile(r"^1\.?\s+[A-ZÅÄÖ]")


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
