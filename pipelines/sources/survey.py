"""What each configured source offers, without downloading a document (`protokoll sources check`).

A portal: its committee index and, for every configured (or listed) committee, the meetings its
pages list, by year, cancelled ones marked. Meeting pages and documents are not requested. A folder:
the PDFs below it. A URL: nothing is fetched (a check must not download documents).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipelines.sources.config import SourceSpec
from pipelines.sources.folder import discover
from pipelines.sources.http import HttpClient
from pipelines.sources.portal_index import Listing, PortalIndex
from pipelines.sources.portal_pages import MeetingLink

# Failures that mean the portal itself cannot be reached (as opposed to a page it does not have).
UNREACHABLE = ("connect_error", "timeout", "host_not_allowed", "scheme_not_allowed", "too_many_redirects")


@dataclass
class CommitteeSurvey:
    slug: str
    name: str | None  # as the committee index names it
    listed: bool | None  # on the committee index (None: the index could not be read)
    configured: bool
    listing: Listing

    @property
    def meetings(self) -> list[MeetingLink]:
        return self.listing.meetings

    def by_year(self) -> dict[int | None, list[MeetingLink]]:
        years: dict[int | None, list[MeetingLink]] = {}
        for m in sorted(self.meetings, key=lambda m: (m.date or date.max, m.url)):
            years.setdefault(m.date.year if m.date else None, []).append(m)
        return years

    def problem(self) -> str | None:
        if self.listing.error:
            unlisted = " and not on the committee index" if self.listed is False else ""
            return f"{self.slug}: {self.listing.error}{unlisted}"
        return None


@dataclass
class SourceSurvey:
    spec: SourceSpec
    unreachable: str | None = None  # the portal (or folder) cannot be read at all
    index_note: str | None = None
    index_size: int | None = None
    committees: list[CommitteeSurvey] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # folder sources

    def problems(self) -> list[str]:
        return [p for c in self.committees if c.configured and (p := c.problem())]

    def counts(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for c in self.committees:
            out["meetings"] += len(c.meetings)
            out["cancelled"] += sum(m.cancelled for m in c.meetings)
        return out


def survey(spec: SourceSpec, client: HttpClient) -> SourceSurvey:
    if spec.kind == "folder":
        assert spec.path is not None
        if not spec.path.exists():
            return SourceSurvey(spec, unreachable=f"{spec.path} does not exist")
        return SourceSurvey(spec, files=discover(spec.path))
    if spec.kind == "url":
        return SourceSurvey(spec)
    return _survey_portal(spec, client)


def _survey_portal(spec: SourceSpec, client: HttpClient) -> SourceSurvey:
    assert spec.url is not None
    out = SourceSurvey(spec)

    def read(url: str, **_: object) -> tuple[str | None, str | None]:
        result = client.get_text(url, spec.hosts)
        return (result.text, None) if result.ok else (None, f"{result.error}: {result.detail}")

    index = PortalIndex(spec.url, read, client.settings.max_links_per_page, spec.since, spec.until)
    found = index.committees()
    if found.failure and found.failure.split(":")[0] in UNREACHABLE:
        out.unreachable = found.error
        return out
    names = dict(found.found)
    out.index_note = found.error or ("; ".join(found.notes) if found.notes else None)
    out.index_size = None if found.error else len(found.found)
    slugs = list(spec.committees) if spec.committees is not None else list(names)
    for slug in slugs:
        listing = index.listing(slug)
        listed = None if found.error else slug in names
        out.committees.append(CommitteeSurvey(slug, names.get(slug), listed, True, listing))
    if spec.committees is not None and not found.error:
        for slug in names:  # on the portal but not configured: shown so a slug can be corrected
            if slug not in spec.committees:
                listing = Listing(slug, index.base + f"committees/{slug}")
                out.committees.append(CommitteeSurvey(slug, names[slug], True, False, listing))
    return out
