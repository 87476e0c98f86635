"""Meetings Plus portal crawler: committees -> meetings (grouped by year) -> agenda/protocol PDFs.

Known shapes (politiskamoten.regionorebrolan.se, meetingsplus.vll.se, forum.regionjh.se ...):
``/committees/<slug>`` lists meetings, grouped by year (older years sometimes on their own pages);
meeting pages are ``/committees/<slug>/mote-YYYY-MM-DD``, ``<slug>-YYYY-MM-DD`` or ``<slug>-<id>``;
cancelled ones say "inställt". A meeting page holds the agenda (kallelse) and protocol tabs; file
links are relative, often twice per file, and look like ``.../agenda/<name>pdf?downloadMode=open``.
Pages are read by link targets and text (portal_html.py), so new CSS classes do not break them.
Minutes come late, so recent meetings are revisited.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

from pipelines.sources.archive import Archive
from pipelines.sources.config import SourceSpec
from pipelines.sources.http import HttpClient
from pipelines.sources.model import Coverage, CoverageCell, FetchReport, utcnow
from pipelines.sources.portal_html import find_date
from pipelines.sources.portal_index import PortalIndex, cap_note, in_window
from pipelines.sources.portal_pages import (
    DocumentLink,
    MeetingLink,
    parse_committee_index,
    parse_committee_page,
    parse_meeting_page,
)
from pipelines.sources.url import download_pdf, manifest_row

__all__ = [
    "DocumentLink",
    "MeetingLink",
    "PortalCrawl",
    "find_date",
    "parse_committee_index",
    "parse_committee_page",
    "parse_meeting_page",
    "years_in_window",
]

Task = tuple[str, MeetingLink, DocumentLink]


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
        self.backfill = since is not None or until is not None
        self.since, self.until = since or spec.since, until or spec.until
        settings = client.settings
        self.max_documents = min(settings.max_documents_per_meeting, settings.max_links_per_page)
        self.index = PortalIndex(spec.url, self._page, settings.max_links_per_page, self.since, self.until)
        self.report = FetchReport()
        self.coverage = Coverage(spec.name)

    def _page(self, url: str, **context: Any) -> tuple[str | None, str | None]:
        result = self.client.get_text(url, self.spec.hosts)
        self.report.fetches.append(
            self.archive.record(manifest_row(result, self.spec.name, "page", **context))
        )
        return (result.text, None) if result.ok else (None, f"{result.error}: {result.detail}")

    def committees(self) -> list[str]:
        if self.spec.committees is not None:
            return list(self.spec.committees)
        found = self.index.committees()
        if found.error:
            self.coverage.notes[None] = found.error
        self.coverage.cell(None, None).skip(found.links_skipped, found.notes)
        return [slug for slug, _ in found.found]

    def _should_visit(self, meeting: MeetingLink) -> bool:
        if self.backfill or meeting.date is None:
            return True
        if self.archive.meeting_state(meeting.url) is None:
            return True
        return meeting.date >= self.today - timedelta(days=self.spec.lookback_days)

    def _count_from_state(self, cell: CoverageCell, meeting: MeetingLink) -> None:
        """A meeting not revisited: its documents counted from the last visit, not requested."""
        for url in (self.archive.meeting_state(meeting.url) or {}).get("documents", []):
            cell.documents_found += 1
            if self.archive.url_state(url):
                cell.unchanged += 1
            else:  # failed last time; retried by a backfill (--since/--until) only
                cell.failed += 1
                cell.failure_reasons["failed_before_not_revisited"] += 1

    def crawl_committee(self, slug: str) -> list[Task]:
        listing = self.index.listing(slug)
        if listing.error:
            self.coverage.notes[slug] = listing.error
            return []
        self.coverage.cell(slug, None).skip(listing.links_skipped, listing.notes)
        tasks: list[Task] = []
        for meeting in listing.meetings:
            cell = self.coverage.cell(slug, meeting.date.year if meeting.date else None)
            cell.meetings_found += 1
            if meeting.cancelled:
                cell.meetings_cancelled += 1
            elif not self._should_visit(meeting):
                self._count_from_state(cell, meeting)
            else:
                tasks.extend(self._visit(slug, meeting, cell))
        return tasks

    def _visit(self, slug: str, meeting: MeetingLink, cell: CoverageCell) -> list[Task]:
        cell.meetings_visited += 1
        context = {"committee": slug, "meeting_date": meeting.date.isoformat() if meeting.date else None}
        html, _ = self._page(meeting.url, **context)
        if html is None:
            cell.failed += 1
            cell.failure_reasons["meeting_page"] += 1
            return []
        page = parse_meeting_page(html, meeting.url)
        if meeting.date is None and page.date:
            # "<slug>-<id>" pages without a date in the link: dated by their heading; moved to its
            # year, or left alone when that is outside the window
            cell.meetings_found -= 1
            cell.meetings_visited -= 1
            if not in_window(page.date, self.since, self.until):
                return []
            meeting = MeetingLink(meeting.url, page.date, meeting.cancelled, meeting.text)
            cell = self.coverage.cell(slug, page.date.year)
            cell.meetings_found += 1
            cell.meetings_visited += 1
        if page.cancelled and not meeting.cancelled:  # only the meeting page says "inställt"
            cell.meetings_cancelled += 1
        docs = page.documents
        if len(docs) > self.max_documents:
            setting = "max_documents_per_meeting"
            cell.skip(
                len(docs) - self.max_documents,
                [cap_note(meeting.url, len(docs), self.max_documents, setting)],
            )
            docs = docs[: self.max_documents]
        self.archive.set_meeting_state(
            meeting.url,
            committee=slug,
            date=meeting.date.isoformat() if meeting.date else None,
            documents=[d.url for d in docs],
            has_protocol=any(d.tab == "protocol" for d in docs),
            visited_at=utcnow().isoformat(),
        )
        return [(slug, meeting, d) for d in docs]

    def run(self) -> tuple[FetchReport, Coverage, list[str | None]]:
        committees = self.committees()
        tasks: list[Task] = []
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

    def _download(self, task: Task) -> Any:
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
