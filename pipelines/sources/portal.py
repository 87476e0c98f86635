"""Meetings Plus portal crawler: committees -> meetings (grouped by year) -> agenda/protocol PDFs.

Known shapes (politiskamoten.regionorebrolan.se, meetingsplus.vll.se, forum.regionjh.se ...):
``/committees/<slug>`` lists meetings; meeting pages are ``/committees/<slug>/mote-YYYY-MM-DD``,
``<slug>-YYYY-MM-DD`` or ``<slug>-<id>``; cancelled ones carry ``installt``. A meeting page holds
the agenda (kallelse) and protocol tabs; file links are relative, often twice per file, and look
like ``.../agenda/<name>pdf?downloadMode=open``. Minutes come late, so recent meetings are revisited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from pipelines.sources.archive import Archive
from pipelines.sources.config import SourceSpec
from pipelines.sources.http import HttpClient
from pipelines.sources.model import Coverage, FetchReport, utcnow
from pipelines.sources.url import download_pdf, manifest_row
from vocab.dates import printed_date as find_date

GENERIC_LINK_TEXTS = {"ladda ner dokument", "ladda ner", "öppna", "download", ""}


@dataclass(frozen=True)
class MeetingLink:
    url: str
    date: date | None
    cancelled: bool
    text: str


@dataclass(frozen=True)
class DocumentLink:
    url: str
    tab: str | None
    text: str


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.anchors.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def anchors(html: str, page_url: str) -> list[tuple[str, str]]:
    """(absolute URL without fragment, link text) for every <a href>."""
    parser = _Anchors()
    parser.feed(html)
    out = []
    for href, text in parser.anchors:
        absolute = urljoin(page_url, href.strip())
        out.append((urlunsplit(urlsplit(absolute)._replace(fragment="")), text))
    return out


def parse_committee_index(html: str, page_url: str) -> list[str]:
    slugs: list[str] = []
    for url, _ in anchors(html, page_url):
        m = re.search(r"/committees/([^/?#]+)/?$", urlsplit(url).path)
        if m and m[1] not in slugs:
            slugs.append(m[1])
    return slugs


def parse_committee_page(html: str, page_url: str, slug: str) -> list[MeetingLink]:
    pattern = re.compile(rf"/committees/{re.escape(slug)}/([^/?#]+)/?$")
    found: dict[str, MeetingLink] = {}
    for url, text in anchors(html, page_url):
        m = pattern.search(urlsplit(url).path)
        if not m or url in found:
            continue
        segment = m[1]
        cancelled = "installt" in segment.lower() or "inställt" in text.lower()
        found[url] = MeetingLink(url, find_date(segment, text), cancelled, text)
    return list(found.values())


def _canonical(url: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() != "downloadmode"]
    return urlunsplit(parts._replace(query=urlencode(query)))


def parse_meeting_page(html: str, page_url: str) -> list[DocumentLink]:
    """Agenda/protocol file links, each file once (duplicates differ only in text or downloadMode)."""
    docs: dict[str, DocumentLink] = {}
    for url, text in anchors(html, page_url):
        path = urlsplit(url).path
        segments = [s.lower() for s in path.split("/")]
        tab = "agenda" if "agenda" in segments else "protocol" if "protocol" in segments else None
        if tab is None and not path.lower().endswith("pdf"):
            continue
        key = _canonical(url)
        previous = docs.get(key)
        if previous is None or (
            previous.text.lower() in GENERIC_LINK_TEXTS and text.lower() not in GENERIC_LINK_TEXTS
        ):
            docs[key] = DocumentLink(previous.url if previous else url, tab, text)
    return list(docs.values())


def _in_window(d: date | None, since: date | None, until: date | None) -> bool:
    return d is None or ((since is None or d >= since) and (until is None or d <= until))


class PortalCrawl:
    """One crawl of one portal source. ``since``/``until`` from the command line force a revisit."""

    def __init__(
        self,
        spec: SourceSpec,
        client: HttpClient,
        archive: Archive,
        since: date | None,
        until: date | None,
        today: date,
    ) -> None:
        assert spec.url is not None
        self.spec, self.client, self.archive, self.today = spec, client, archive, today
        self.base = spec.url if spec.url.endswith("/") else spec.url + "/"
        self.backfill = since is not None or until is not None
        self.since, self.until = since or spec.since, until or spec.until
        self.report = FetchReport()
        self.coverage = Coverage(spec.name)

    def _page(self, url: str, **context: Any) -> str | None:
        result = self.client.get_text(url, self.spec.hosts)
        self.report.fetches.append(manifest_row(result, self.spec.name, "page", **context))
        return result.text if result.ok else None

    def committees(self) -> list[str]:
        if self.spec.committees is not None:
            return list(self.spec.committees)
        index = urljoin(self.base, "committees")
        html = self._page(index, committee=None)
        if html is None:
            self.coverage.notes[None] = f"committee index {index} could not be read"
            return []
        return parse_committee_index(html, index)

    def _should_visit(self, meeting: MeetingLink) -> bool:
        if self.backfill or meeting.date is None:
            return True
        if self.archive.meeting_state(meeting.url) is None:
            return True
        return meeting.date >= self.today - timedelta(days=self.spec.lookback_days)

    def crawl_committee(self, slug: str) -> list[tuple[str, MeetingLink, DocumentLink]]:
        page_url = urljoin(self.base, f"committees/{slug}")
        html = self._page(page_url, committee=slug)
        if html is None:
            failed = self.report.fetches[-1]
            self.coverage.notes[slug] = f"committee page unreadable ({failed['error']})"
            return []
        tasks: list[tuple[str, MeetingLink, DocumentLink]] = []
        for meeting in parse_committee_page(html, page_url, slug):
            if not _in_window(meeting.date, self.since, self.until):
                continue
            cell = self.coverage.cell(slug, meeting.date.year if meeting.date else None)
            cell.meetings_found += 1
            if meeting.cancelled:
                cell.meetings_cancelled += 1
                continue
            if not self._should_visit(meeting):
                for url in (self.archive.meeting_state(meeting.url) or {}).get("documents", []):
                    cell.documents_found += 1
                    if self.archive.url_state(url):
                        cell.unchanged += 1
                    else:  # failed last time; retried by a backfill (--since/--until) only
                        cell.failed += 1
                        cell.failure_reasons["failed_before_not_revisited"] += 1
                continue
            cell.meetings_visited += 1
            context = {"committee": slug, "meeting_date": meeting.date.isoformat() if meeting.date else None}
            meeting_html = self._page(meeting.url, **context)
            if meeting_html is None:
                cell.failed += 1
                cell.failure_reasons["meeting_page"] += 1
                continue
            if meeting.date is None:  # "<slug>-<id>" pages without a date in the link: try the heading
                heading = re.search(r"<h1[^>]*>(.*?)</h1>", meeting_html, re.DOTALL | re.IGNORECASE)
                found = find_date(heading[1]) if heading else None
                if found and _in_window(found, self.since, self.until):
                    meeting = MeetingLink(meeting.url, found, meeting.cancelled, meeting.text)
                    cell.meetings_found -= 1
                    cell.meetings_visited -= 1
                    cell = self.coverage.cell(slug, found.year)
                    cell.meetings_found += 1
                    cell.meetings_visited += 1
            docs = parse_meeting_page(meeting_html, meeting.url)
            self.archive.set_meeting_state(
                meeting.url,
                committee=slug,
                date=meeting.date.isoformat() if meeting.date else None,
                documents=[d.url for d in docs],
                has_protocol=any(d.tab == "protocol" for d in docs),
                visited_at=utcnow().isoformat(),
            )
            tasks.extend((slug, meeting, d) for d in docs)
        return tasks

    def run(self) -> tuple[FetchReport, Coverage, list[str | None]]:
        committees = self.committees()
        tasks: list[tuple[str, MeetingLink, DocumentLink]] = []
        for slug in committees:
            tasks.extend(self.crawl_committee(slug))
        with ThreadPoolExecutor(max_workers=max(1, self.client.settings.max_concurrency)) as pool:
            results = list(pool.map(self._download, tasks))
        for (slug, meeting, _), (fetched, row) in zip(tasks, results, strict=True):
            self.report.files.append(fetched)
            self.report.fetches.append(row)
            self.coverage.cell(slug, meeting.date.year if meeting.date else None).count_file(fetched)
        found: list[str | None] = [*committees]
        return self.report, self.coverage, found

    def _download(self, task: tuple[str, MeetingLink, DocumentLink]) -> Any:
        slug, meeting, doc = task
        return download_pdf(
            self.client, self.archive, self.spec, doc.url, slug, meeting.date, doc.text or None, doc.tab
        )


def years_in_window(years: Iterable[str], since: date | None, until: date | None) -> set[str]:
    """Year keys of a previous coverage that the current window covers (so drops can be flagged)."""
    keep = set()
    for y in years:
        if not y or ((since is None or int(y) >= since.year) and (until is None or int(y) <= until.year)):
            keep.add(y)
    return keep
