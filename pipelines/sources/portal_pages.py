"""What each kind of Meetings Plus page offers: committees, a committee's meetings (and its other
years' pages), a meeting's documents. Selection is by link target and text (portal_html.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit, urlunsplit

from pipelines.sources.portal_html import (
    GENERIC_LINK_TEXTS,
    canonical,
    committee_slug,
    document_tab,
    find_date,
    is_cancelled,
    looks_like_meeting,
    parse_page,
    path_segments,
    year_of_link,
)


@dataclass(frozen=True)
class MeetingLink:
    url: str
    date: date | None
    cancelled: bool
    text: str


@dataclass(frozen=True)
class DocumentLink:
    url: str
    tab: str | None  # "agenda" | "protocol" | None (a plain PDF link)
    text: str


@dataclass
class CommitteePage:
    meetings: list[MeetingLink] = field(default_factory=list)
    years: dict[int, str] = field(default_factory=dict)  # another year's listing -> its URL


@dataclass
class MeetingPage:
    documents: list[DocumentLink]
    date: date | None  # from the page's own URL, heading, title or <time>
    cancelled: bool  # the heading or title says "inställt"


def _without_query(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(query=""))


def parse_committee_index(html: str, page_url: str) -> list[tuple[str, str]]:
    """(slug, name) of every committee linked from the index, in page order."""
    names: dict[str, str] = {}
    for anchor in parse_page(html, page_url).anchors:
        found = committee_slug(anchor.url)
        if found and not found[1] and not urlsplit(anchor.url).query and not names.get(found[0]):
            names[found[0]] = anchor.text
    return list(names.items())


def parse_committee_page(html: str, page_url: str, slug: str) -> CommitteePage:
    """Meetings linked from a committee's page (or one of its year pages), and its year pages."""
    out = CommitteePage()
    seen: set[str] = set()
    here = _without_query(page_url).rstrip("/")
    for anchor in parse_page(html, page_url).anchors:
        found = committee_slug(anchor.url)
        if not found or found[0].lower() != slug.lower():
            continue
        year = year_of_link(anchor.url, anchor.text)
        if year is not None and anchor.url != page_url:
            out.years.setdefault(year, anchor.url)
            continue
        rest = found[1]
        key = _without_query(anchor.url).rstrip("/")
        if len(rest) != 1 or key in seen or key == here:
            continue
        if not looks_like_meeting(rest[0], slug, anchor.text, anchor.context):
            continue
        seen.add(key)
        out.meetings.append(
            MeetingLink(
                anchor.url,
                find_date(rest[0], anchor.text, anchor.context),
                is_cancelled(rest[0], anchor.text, anchor.context),
                anchor.text,
            )
        )
    return out


def parse_meeting_page(html: str, page_url: str) -> MeetingPage:
    """Agenda/protocol file links, each file once (duplicates differ only in text or downloadMode)."""
    page = parse_page(html, page_url)
    docs: dict[str, DocumentLink] = {}
    for anchor in page.anchors:
        is_doc, tab = document_tab(anchor.url)
        if not is_doc:
            continue
        key = canonical(anchor.url)
        previous = docs.get(key)
        generic = anchor.text.lower() in GENERIC_LINK_TEXTS
        if previous is None:
            docs[key] = DocumentLink(anchor.url, tab, "" if generic else anchor.text)
        elif not previous.text and not generic:
            docs[key] = DocumentLink(previous.url, previous.tab, anchor.text)
    segments = path_segments(page_url)
    segment = segments[-1] if segments else ""
    return MeetingPage(
        list(docs.values()),
        find_date(segment, page.heading, page.title, *page.times),
        is_cancelled(segment, page.heading),
    )
