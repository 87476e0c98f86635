"""Reading Meetings Plus pages by what their links point to, not by their CSS classes.

The portals differ between sites and versions (class names, lists or tables, relative or absolute
links, ``/committees/<slug>`` or ``/welcome-sv/namnder-styrelser/<slug>``), but the link targets
are a stable contract:

- a committee is ``.../committees/<slug>`` (or ``.../namnder-styrelser/<slug>``);
- a meeting is one segment below it: ``mote-YYYY-MM-DD``, ``<slug>-YYYY-MM-DD``, ``<slug>-<id>``,
  ``extra-<slug>-<id>``, ``installt-<slug>`` ...; its date is taken from the segment, the link text,
  the text of the list item or table row holding the link, or the meeting page's heading;
- another year of a committee's meetings is the committee's own page with a year in its query
  (``?year=2022``) or path (``/committees/<slug>/2022``);
- a document is ``<meeting>/agenda/<file>`` or ``<meeting>/protocol/<file>`` (``<name>pdf``,
  ``<name>pdf-19038``, with ``?downloadMode=open``), or any link whose last segment ends in pdf;
- a cancelled meeting says "inställt" (link, its row, or the page heading) or has ``installt`` in
  its segment; an unpublished protocol is a ``javascript:void(0)`` link, which is no link at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from vocab.dates import SLUG_ISO_DATE
from vocab.dates import printed_date as find_date

GENERIC_LINK_TEXTS = {"ladda ner dokument", "ladda ner", "öppna", "download", "öppna protokoll", ""}
_ROOTS = ("committees", "namnder-styrelser")  # the segment a committee slug follows
_CONTAINERS = {"li", "tr", "article", "section", "div", "p", "dd", "td", "nav", "ul", "table"}
_YEAR = re.compile(r"^(19|20)\d\d$")
MAX_CONTEXT = 300  # longer is a whole page section, not the row of one link


@dataclass
class Anchor:
    url: str  # absolute, without fragment
    text: str  # the link's text, else its title / aria-label
    context: str = ""  # text of the innermost list item / row / block holding only this link


@dataclass
class Page:
    anchors: list[Anchor] = field(default_factory=list)
    heading: str = ""  # the first <h1>
    title: str = ""
    times: list[str] = field(default_factory=list)  # <time datetime="...">


class _Parser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url, self.page = page_url, Page()
        self._href: str | None = None
        self._label = ""
        self._text: list[str] = []
        self._blocks: list[tuple[str, list[str], list[Anchor]]] = []  # open containers
        self._in: str | None = None  # "h1" | "title" while inside one
        self._h1_done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a":
            self._close_anchor()
            self._href, self._text = a.get("href"), []
            self._label = a.get("title") or a.get("aria-label") or ""
        elif tag in _CONTAINERS:
            self._blocks.append((tag, [], []))
        elif tag == "time" and a.get("datetime"):
            self.page.times.append(a["datetime"] or "")
        elif tag == "title" or (tag == "h1" and not self._h1_done):
            self._in = tag

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)
        if self._blocks:
            self._blocks[-1][1].append(data)
        if self._in == "h1":
            self.page.heading += data
        elif self._in == "title":
            self.page.title += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._close_anchor()
        elif self._in is not None and tag == self._in:
            self._h1_done = self._h1_done or tag == "h1"
            self._in = None
        elif tag in _CONTAINERS:
            while self._blocks:  # also closes containers whose end tag the page left out
                open_tag, texts, inside = self._blocks.pop()
                text = " ".join("".join(texts).split())
                # The row of a link: the innermost container that says more than the link itself
                # (a <td> holding only the link is not its row; the <tr> is).
                if len(inside) == 1 and not inside[0].context and text != inside[0].text:
                    inside[0].context = text if len(text) <= MAX_CONTEXT else ""
                if self._blocks:
                    self._blocks[-1][1].append(" " + " ".join(texts))
                    self._blocks[-1][2].extend(inside)
                if open_tag == tag:
                    break

    def _close_anchor(self) -> None:
        if self._href is None:
            return
        href, self._href = self._href.strip(), None
        url = urljoin(self.page_url, href).partition("#")[0]
        if not url[:8].lower().startswith(("http://", "https://")):
            return  # javascript:void(0) (an unpublished protocol), mailto:, tel:
        text = " ".join("".join(self._text).split()) or " ".join(self._label.split())
        anchor = Anchor(url, text)
        self.page.anchors.append(anchor)
        if self._blocks:
            self._blocks[-1][2].append(anchor)


def parse_page(html: str, page_url: str) -> Page:
    parser = _Parser(page_url)
    parser.feed(html)
    parser.close()
    parser._close_anchor()
    while parser._blocks:
        parser.handle_endtag(parser._blocks[-1][0])
    parser.page.heading = " ".join(parser.page.heading.split())
    parser.page.title = " ".join(parser.page.title.split())
    return parser.page


def is_cancelled(*texts: str) -> bool:
    return any("inställt" in t.lower() or "installt" in t.lower() for t in texts)


def path_segments(url: str) -> list[str]:
    return [unquote(s) for s in urlsplit(url).path.split("/") if s]


def committee_slug(url: str) -> tuple[str, list[str]] | None:
    """(slug, segments after the slug) for a link into a committee's pages, else None."""
    segments = path_segments(url)
    for i, seg in enumerate(segments[:-1]):
        if seg.lower() in _ROOTS and "api" not in (s.lower() for s in segments[:i]):
            return segments[i + 1], segments[i + 2 :]
    return None


def year_of_link(url: str, text: str) -> int | None:
    """The year a link to a committee's own page selects (``?year=2022``, ``/2022``), else None."""
    for _, value in parse_qsl(urlsplit(url).query):
        if _YEAR.match(value):
            return int(value)
    found = committee_slug(url)
    if found and len(found[1]) == 1 and _YEAR.match(found[1][0]):
        return int(found[1][0])
    return int(text) if _YEAR.match(text) and urlsplit(url).query else None


def looks_like_meeting(segment: str, slug: str, *texts: str) -> bool:
    s = segment.lower()
    return bool(
        SLUG_ISO_DATE.search(s)
        or s.startswith("mote")
        or "installt" in s
        or re.search(r"-\d+$", s)
        or (slug.lower() in s and s != slug.lower())
        or find_date(*texts)
    )


def canonical(url: str) -> str:
    """The URL without ``downloadMode`` (the same file is linked as open and as download)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() != "downloadmode"]
    return urlunsplit(parts._replace(query=urlencode(query)))


def document_tab(url: str) -> tuple[bool, str | None]:
    """(is a document link, "agenda" | "protocol" | None)."""
    segments = [s.lower() for s in path_segments(url)]
    if not segments or "api" in segments:
        return False, None  # e.g. /api/v2.0/meetings/7/download/Agenda: a ZIP of the whole agenda
    if len(segments) >= 2 and segments[-2] in ("agenda", "protocol"):
        return True, segments[-2]
    return bool(re.search(r"pdf(-\d+)?$", segments[-1])), None
