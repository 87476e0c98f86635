"""Entry point for the Dagster layer: fetch every configured source into the archive.

    report = fetch_all(specs, archive, http, since=None, until=None)

Never raises for network or file faults: they are rows in ``report.files`` (status "rejected"),
``report.fetches`` (each also appended to ``<archive>/manifest.jsonl`` the moment its fetch
completes) and ``report.coverage``.
"""

from __future__ import annotations

from datetime import date

from pipelines.sources.archive import MANIFEST_KEYS, Archive
from pipelines.sources.config import SourceSpec
from pipelines.sources.folder import fetch_folder
from pipelines.sources.http import HttpClient, HttpSettings
from pipelines.sources.model import Coverage, FetchedFile, FetchReport
from pipelines.sources.portal import PortalCrawl, years_in_window
from pipelines.sources.url import fetch_url

__all__ = ["MANIFEST_KEYS", "FetchReport", "FetchedFile", "fetch_all", "fetch_source"]


def fetch_source(
    spec: SourceSpec,
    archive: Archive,
    client: HttpClient,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
) -> FetchReport:
    """Fetch one source; coverage is compared with (and then replaces) the archive's previous one."""
    committees: list[str | None] = [None]
    window_since, window_until = since or spec.since, until or spec.until
    coverage: Coverage
    if spec.kind == "folder":
        report, coverage = fetch_folder(spec, archive)
    elif spec.kind == "url":
        report, coverage = fetch_url(spec, client, archive)
    else:
        crawl = PortalCrawl(spec, client, archive, since, until, today or date.today())
        report, coverage, committees = crawl.run()
    previous = archive.previous_coverage(spec.name)
    compared: dict[str, dict[str, int]] = {}
    for committee, years in previous.items():
        if spec.kind == "portal" and spec.committees is not None and committee not in spec.committees:
            continue  # committee no longer selected: not a portal change
        keep = years_in_window(years, window_since, window_until) if spec.kind == "portal" else set(years)
        compared[committee] = {y: n for y, n in years.items() if y in keep}
    rows, remember = coverage.rows(compared, committees)
    for committee, years in previous.items():  # keep what this run did not look at
        for year, n in years.items():
            remember.setdefault(committee, {}).setdefault(year, n)
    archive.set_coverage(spec.name, remember)
    report.coverage = rows
    return report


def fetch_all(
    specs: list[SourceSpec],
    archive: Archive,
    http: HttpSettings,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
) -> FetchReport:
    """Fetch all sources (one polite HTTP client shared by all); the state is saved after each."""
    total = FetchReport()
    with HttpClient(http) as client:
        for spec in specs:
            report = fetch_source(spec, archive, client, since, until, today)
            archive.save_state()
            total.extend(report)
    return total
