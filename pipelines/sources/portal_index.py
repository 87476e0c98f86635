"""What a Meetings Plus portal lists: its committees and each committee's meetings, read from the
committee index, the committee pages and their year pages. No meeting page and no document is
requested here; the crawl (portal.py) and `protokoll sources check` both start from this.

Links followed from one page are capped (``http.max_links_per_page``): a page with 50,000 links
costs one request and a count of what was left, not 14 hours of requests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin

from pipelines.sources.portal_pages import MeetingLink, parse_committee_index, parse_committee_page

# (url, **manifest context) -> (HTML or None when unreadable, the reason it was unreadable)
PageReader = Callable[..., tuple[str | None, str | None]]


@dataclass
class Listing:
    """One committee's meetings as its pages list them (inside the window, cancelled ones included)."""

    slug: str
    url: str
    meetings: list[MeetingLink] = field(default_factory=list)
    pages_read: int = 0
    years_read: list[int] = field(default_factory=list)
    outside_window: int = 0  # meetings listed but dated outside since/until
    links_skipped: int = 0  # links over the cap, not followed
    notes: list[str] = field(default_factory=list)
    error: str | None = None  # the committee page could not be read


@dataclass
class Committees:
    url: str
    found: list[tuple[str, str]] = field(default_factory=list)  # (slug, name) on the index
    links_skipped: int = 0
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    failure: str | None = None  # the reader's "<reason>: <detail>" when the index was unreadable


def in_window(d: date | None, since: date | None, until: date | None) -> bool:
    return d is None or ((since is None or d >= since) and (until is None or d <= until))


def cap_note(url: str, found: int, cap: int, setting: str) -> str:
    return f"link cap: {found - cap} of {found} links on {url} not followed (http.{setting} {cap})"


class PortalIndex:
    def __init__(
        self,
        base_url: str,
        read: PageReader,
        max_links: int,
        since: date | None = None,
        until: date | None = None,
    ) -> None:
        self.base = base_url if base_url.endswith("/") else base_url + "/"
        self.read, self.max_links = read, max_links
        self.since, self.until = since, until

    def committees(self) -> Committees:
        url = urljoin(self.base, "committees")
        out = Committees(url)
        html, error = self.read(url, committee=None)
        if html is None:
            out.error, out.failure = f"committee index {url} could not be read ({error})", error
            return out
        found = parse_committee_index(html, url)
        if len(found) > self.max_links:
            out.links_skipped = len(found) - self.max_links
            out.notes.append(cap_note(url, len(found), self.max_links, "max_links_per_page"))
            found = found[: self.max_links]
        out.found = found
        return out

    def _year_wanted(self, year: int) -> bool:
        return (self.since is None or year >= self.since.year) and (
            self.until is None or year <= self.until.year
        )

    def listing(self, slug: str) -> Listing:
        """The committee's page and every year page it leads to (inside the window)."""
        listing = Listing(slug, urljoin(self.base, f"committees/{slug}"))
        queue, visited = [listing.url], {listing.url}
        seen: set[str] = set()
        while queue:
            url = queue.pop(0)
            html, error = self.read(url, committee=slug)
            if html is None:
                if url == listing.url:
                    listing.error = f"committee page unreadable ({error})"
                    return listing
                listing.notes.append(f"year page {url} unreadable ({error})")
                continue
            listing.pages_read += 1
            page = parse_committee_page(html, url, slug)
            new = [m for m in page.meetings if m.url not in seen]
            years = [(y, u) for y, u in sorted(page.years.items(), reverse=True) if u not in visited]
            wanted_years = [(y, u) for y, u in years if self._year_wanted(y)]
            links = len(new) + len(wanted_years)
            if links > self.max_links:
                listing.links_skipped += links - self.max_links
                listing.notes.append(cap_note(url, links, self.max_links, "max_links_per_page"))
                new = new[: self.max_links]
                wanted_years = wanted_years[: self.max_links - len(new)]
            for meeting in new:
                seen.add(meeting.url)
                if in_window(meeting.date, self.since, self.until):
                    listing.meetings.append(meeting)
                else:
                    listing.outside_window += 1
            for year, year_url in wanted_years:
                visited.add(year_url)
                listing.years_read.append(year)
                queue.append(year_url)
        return listing
